import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, ParseIdPipe, PublicRoute } from '@escr/kernel';
import type { Principal } from '@escr/kernel';
import { ProcessorsService } from '../application/processors.service.js';
import { LinkProcessorRequest, ProcessorLinkView, ProcessorView, RegisterProcessorRequest } from './processors.dto.js';

function toCommand(request: RegisterProcessorRequest) {
  return {
    name: request.name,
    vatNumber: request.vatNumber,
    country: request.country,
    website: request.website,
    address: request.address,
    administratorEmail: request.administrator.email,
    administratorPassword: request.administrator.password,
  };
}

@ApiTags('Processors')
@Controller('api')
export class ProcessorsController {
  constructor(private readonly processors: ProcessorsService) {}

  /** Registers a processor on its own behalf. It awaits vetting by the operations staff like any organisation. */
  @Post('processors')
  @PublicRoute()
  async register(@Body() request: RegisterProcessorRequest): Promise<ProcessorView> {
    return ProcessorView.of(await this.processors.register(toCommand(request), null));
  }

  /** Registers a processor for the caller's issuer and links it, in one step. */
  @Post('organisations/:organisationId/processors/registrations')
  @ApiBearerAuth()
  @Access({ roles: ['AUTHORISED_PERSON'] })
  async registerForIssuer(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Body() request: RegisterProcessorRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProcessorView> {
    return ProcessorView.of(await this.processors.register(toCommand(request), { principal, issuerOrganisationId: organisationId }));
  }

  @Get('organisations/:organisationId/processors')
  @ApiBearerAuth()
  @Access({ roles: ['AUTHORISED_PERSON', 'MEMBER', 'OPERATIONS'] })
  async list(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProcessorLinkView[]> {
    return (await this.processors.listLinked(principal, organisationId)).map((link) => ProcessorLinkView.ofLink(link));
  }

  @Post('organisations/:organisationId/processors')
  @HttpCode(200)
  @ApiBearerAuth()
  @Access({ roles: ['AUTHORISED_PERSON'] })
  async link(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Body() request: LinkProcessorRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProcessorLinkView> {
    return ProcessorLinkView.ofLink(await this.processors.link(principal, organisationId, request.vatNumber));
  }

  @Delete('organisations/:organisationId/processors/:vatNumber')
  @HttpCode(204)
  @ApiBearerAuth()
  @Access({ roles: ['AUTHORISED_PERSON'] })
  async unlink(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Param('vatNumber') vatNumber: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.processors.unlink(principal, organisationId, vatNumber);
  }
}
