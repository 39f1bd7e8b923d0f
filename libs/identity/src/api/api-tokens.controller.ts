import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, ParseIdPipe } from '@escr/kernel';
import type { Actor } from '../application/actor.js';
import { ApiTokensService } from '../application/api-tokens.service.js';
import { ApiTokenView, CreateApiTokenRequest, CreatedApiTokenView } from './api-token.dto.js';
import { OrganisationActor } from './organisation-actor.decorator.js';

@ApiTags('Identity')
@ApiBearerAuth()
@Controller('api/organisations/:organisationId/api-tokens')
@Access({ roles: ['AUTHORISED_PERSON'] })
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post()
  async create(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Body() request: CreateApiTokenRequest,
    @OrganisationActor() actor: Actor,
  ): Promise<CreatedApiTokenView> {
    return CreatedApiTokenView.ofCreated(await this.tokens.create(actor, organisationId, request.name, request.expiresAt));
  }

  @Get()
  async list(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @OrganisationActor() _actor: Actor,
  ): Promise<ApiTokenView[]> {
    return (await this.tokens.list(organisationId)).map((token) => ApiTokenView.of(token));
  }

  @Delete(':tokenId')
  @HttpCode(204)
  revoke(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Param('tokenId', ParseUUIDPipe) tokenId: string,
    @OrganisationActor() actor: Actor,
  ): Promise<void> {
    return this.tokens.revoke(actor, organisationId, tokenId);
  }

  @Post(':tokenId/regenerate')
  @HttpCode(200)
  async regenerate(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Param('tokenId', ParseUUIDPipe) tokenId: string,
    @OrganisationActor() actor: Actor,
  ): Promise<CreatedApiTokenView> {
    return CreatedApiTokenView.ofCreated(await this.tokens.regenerate(actor, organisationId, tokenId));
  }
}
