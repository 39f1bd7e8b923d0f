import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, MaxLength } from 'class-validator';
import type { AcceptedInvitation, Invitation } from '../application/invitations.service.js';
import type { OrganisationRole } from '../application/users.service.js';
import type { UserAccountEntity } from '../infrastructure/user-account.entity.js';

const ORGANISATION_ROLES: OrganisationRole[] = ['AUTHORISED_PERSON', 'MEMBER'];

export class ChangeRoleRequest {
  @ApiProperty({ enum: ORGANISATION_ROLES })
  @IsIn(ORGANISATION_ROLES, { message: 'must be AUTHORISED_PERSON or MEMBER' })
  role: OrganisationRole;
}

export class InviteUserRequest {
  @ApiProperty({ example: 'registrar@univ-saint-valentin.fr' })
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(255)
  email: string;

  @ApiProperty({ enum: ORGANISATION_ROLES })
  @IsIn(ORGANISATION_ROLES, { message: 'must be AUTHORISED_PERSON or MEMBER' })
  role: OrganisationRole;
}

export class UserView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ enum: ['AUTHORISED_PERSON', 'MEMBER', 'OPERATIONS'] })
  role: string;

  @ApiProperty({ enum: ['ACTIVE', 'DISABLED'] })
  status: string;

  @ApiPropertyOptional({ nullable: true, type: Number })
  organisationId: number | null;

  @ApiProperty()
  createdAt: string;

  static of(user: UserAccountEntity): UserView {
    const view = new UserView();
    view.id = user.id;
    view.email = user.email;
    view.role = user.role;
    view.status = user.status;
    view.organisationId = user.organisationId;
    view.createdAt = user.createdAt.toISOString();

    return view;
  }
}

export class InvitationView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  organisationId: number;

  @ApiProperty()
  email: string;

  @ApiProperty({ enum: ORGANISATION_ROLES })
  role: string;

  @ApiProperty({ enum: ['PENDING', 'ACCEPTED', 'EXPIRED', 'REVOKED'] })
  status: string;

  @ApiProperty()
  invitedBy: string;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  expiresAt: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  acceptedAt: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  acceptedUserId: string | null;

  static of(invitation: Invitation): InvitationView {
    const view = new InvitationView();
    view.id = invitation.id;
    view.organisationId = invitation.organisationId;
    view.email = invitation.email;
    view.role = invitation.role;
    view.status = invitation.status;
    view.invitedBy = invitation.invitedBy;
    view.createdAt = invitation.createdAt.toISOString();
    view.expiresAt = invitation.expiresAt.toISOString();
    view.acceptedAt = invitation.acceptedAt?.toISOString() ?? null;
    view.acceptedUserId = invitation.acceptedUserId;

    return view;
  }
}

export class AcceptedInvitationView {
  @ApiProperty()
  userId: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ enum: ORGANISATION_ROLES })
  role: string;

  @ApiProperty()
  organisationId: number;

  static of(accepted: AcceptedInvitation): AcceptedInvitationView {
    return Object.assign(new AcceptedInvitationView(), accepted);
  }
}
