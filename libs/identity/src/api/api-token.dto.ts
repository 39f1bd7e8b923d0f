import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CreatedApiToken } from '../application/api-tokens.service.js';
import { ApiTokenEntity } from '../infrastructure/api-token.entity.js';

export class CreateApiTokenRequest {
  @ApiProperty({ example: 'Card management system' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiProperty({ description: 'Expiry, at most one year ahead (ISO-8601 date or date-time)', example: '2027-06-30' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 date such as 2027-06-30' })
  expiresAt: Date;
}

export class ApiTokenView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: [String] })
  scopes: string[];

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  expiresAt: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  lastUsedAt: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  revokedAt: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'When the secret was last replaced' })
  regeneratedAt: string | null;

  static of(token: ApiTokenEntity): ApiTokenView {
    const view = new ApiTokenView();
    view.id = token.id;
    view.name = token.name;
    view.scopes = token.scopes;
    view.createdAt = token.createdAt.toISOString();
    view.expiresAt = token.expiresAt.toISOString();
    view.lastUsedAt = token.lastUsedAt?.toISOString() ?? null;
    view.revokedAt = token.revokedAt?.toISOString() ?? null;
    view.regeneratedAt = token.regeneratedAt?.toISOString() ?? null;

    return view;
  }
}

export class CreatedApiTokenView extends ApiTokenView {
  @ApiProperty({ description: 'The secret. It is shown only in this response and stored only as a SHA-256 hash.' })
  token: string;

  static ofCreated(created: CreatedApiToken): CreatedApiTokenView {
    return Object.assign(new CreatedApiTokenView(), ApiTokenView.of(created.token), { token: created.secret });
  }
}
