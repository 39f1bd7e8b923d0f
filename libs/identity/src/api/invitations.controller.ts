import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, ParseIdPipe } from '@escr/kernel';
import type { Actor } from '../application/actor.js';
import { InvitationsService } from '../application/invitations.service.js';
import { OrganisationActor } from './organisation-actor.decorator.js';
import { InvitationView, InviteUserRequest } from './users.dto.js';

/** Invitations of new users by an organisation's authorised person. The invitee accepts at POST /api/auth/invitations/accept. */
@ApiTags('Identity')
@ApiBearerAuth()
@Controller('api/organisations/:organisationId/invitations')
@Access({ roles: ['AUTHORISED_PERSON'] })
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  async invite(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Body() request: InviteUserRequest,
    @OrganisationActor() actor: Actor,
  ): Promise<InvitationView> {
    return InvitationView.of(await this.invitations.invite(actor, organisationId, request.email, request.role));
  }

  @Get()
  async list(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @OrganisationActor() _actor: Actor,
  ): Promise<InvitationView[]> {
    return (await this.invitations.list(organisationId)).map((invitation) => InvitationView.of(invitation));
  }

  @Delete(':invitationId')
  @HttpCode(204)
  revoke(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Param('invitationId', ParseUUIDPipe) invitationId: string,
    @OrganisationActor() actor: Actor,
  ): Promise<void> {
    return this.invitations.revoke(actor, organisationId, invitationId);
  }
}
