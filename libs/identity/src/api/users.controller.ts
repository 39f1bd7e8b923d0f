import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, ParseIdPipe } from '@escr/kernel';
import type { Actor } from '../application/actor.js';
import { UsersService } from '../application/users.service.js';
import { OrganisationActor } from './organisation-actor.decorator.js';
import { ChangeRoleRequest, UserView } from './users.dto.js';

/** An organisation's users. Authorised persons manage their own organisation; operations staff may list, disable and enable any user. */
@ApiTags('Identity')
@ApiBearerAuth()
@Controller('api/organisations/:organisationId/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Access({ roles: ['AUTHORISED_PERSON', 'OPERATIONS'] })
  async list(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @OrganisationActor({ allowOperations: true }) _actor: Actor,
  ): Promise<UserView[]> {
    return (await this.users.list(organisationId)).map((user) => UserView.of(user));
  }

  @Put(':userId/role')
  @Access({ roles: ['AUTHORISED_PERSON'] })
  async changeRole(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() request: ChangeRoleRequest,
    @OrganisationActor() actor: Actor,
  ): Promise<UserView> {
    return UserView.of(await this.users.changeRole(actor, organisationId, userId, request.role));
  }

  @Post(':userId/disable')
  @HttpCode(200)
  @Access({ roles: ['AUTHORISED_PERSON', 'OPERATIONS'] })
  async disable(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Param('userId', ParseUUIDPipe) userId: string,
    @OrganisationActor({ allowOperations: true }) actor: Actor,
  ): Promise<UserView> {
    return UserView.of(await this.users.disable(actor, organisationId, userId));
  }

  @Post(':userId/enable')
  @HttpCode(200)
  @Access({ roles: ['AUTHORISED_PERSON', 'OPERATIONS'] })
  async enable(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Param('userId', ParseUUIDPipe) userId: string,
    @OrganisationActor({ allowOperations: true }) actor: Actor,
  ): Promise<UserView> {
    return UserView.of(await this.users.enable(actor, organisationId, userId));
  }
}
