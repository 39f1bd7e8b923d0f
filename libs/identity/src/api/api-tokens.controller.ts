import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '@escr/kernel';
import type { Principal } from '@escr/kernel';
import { ApiTokensService } from '../application/api-tokens.service.js';
import { IdentityError } from '../domain/identity.error.js';
import { ApiTokenView, CreateApiTokenRequest, CreatedApiTokenView } from './api-token.dto.js';

/** Returns the user id when the principal is a user of the organisation in the path. */
function actingUser(principal: Principal, organisationId: number): string {
  if (principal.type !== 'user' || principal.organisationId !== organisationId) {
    throw IdentityError.notAMember(organisationId);
  }

  return principal.userId;
}

@ApiTags('Identity')
@ApiBearerAuth()
@Controller('api/organisations/:organisationId/api-tokens')
@Access({ roles: ['AUTHORISED_PERSON'] })
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post()
  async create(
    @Param('organisationId', ParseIntPipe) organisationId: number,
    @Body() request: CreateApiTokenRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CreatedApiTokenView> {
    const { token, secret } = await this.tokens.create(
      organisationId,
      actingUser(principal, organisationId),
      request.name,
      request.expiresAt,
    );

    return Object.assign(ApiTokenView.of(token), { token: secret });
  }

  @Get()
  async list(
    @Param('organisationId', ParseIntPipe) organisationId: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ApiTokenView[]> {
    actingUser(principal, organisationId);

    return (await this.tokens.list(organisationId)).map((token) => ApiTokenView.of(token));
  }

  @Delete(':tokenId')
  @HttpCode(204)
  async revoke(
    @Param('organisationId', ParseIntPipe) organisationId: number,
    @Param('tokenId', ParseUUIDPipe) tokenId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    actingUser(principal, organisationId);
    await this.tokens.revoke(organisationId, tokenId);
  }
}
