import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, ClientAddress, CurrentPrincipal, ParseIdPipe, PublicRoute } from '@escr/kernel';
import type { Principal } from '@escr/kernel';
import { OrganisationsService } from '../application/organisations.service.js';
import {
  AcceptLegalDocumentsRequest,
  LegalDocumentView,
  OrganisationListQuery,
  OrganisationSettingsRequest,
  OrganisationView,
  RegisterOrganisationRequest,
  RejectRegistrationRequest,
} from './organisation.dto.js';

@ApiTags('Organisations')
@Controller('api')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post('organisations')
  @PublicRoute()
  async register(@Body() request: RegisterOrganisationRequest): Promise<OrganisationView> {
    const organisation = await this.organisations.registerIssuer({
      name: request.name,
      pic: request.pic,
      country: request.country,
      category: request.category ?? 'HEI',
      echeHolder: request.echeHolder ?? false,
      schacHomeOrganization: request.schacHomeOrganization,
      website: request.website,
      address: request.address,
      administratorEmail: request.administrator.email,
      administratorPassword: request.administrator.password,
    });

    return OrganisationView.of(organisation);
  }

  @Get('organisations/:organisationId')
  @ApiBearerAuth()
  @Access({ roles: ['AUTHORISED_PERSON', 'MEMBER', 'OPERATIONS'] })
  async get(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrganisationView> {
    return OrganisationView.of(await this.organisations.getFor(principal, organisationId));
  }

  @Get('organisations/:organisationId/legal-documents')
  @ApiBearerAuth()
  @Access({ roles: ['AUTHORISED_PERSON', 'MEMBER', 'OPERATIONS'] })
  async legalDocuments(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<LegalDocumentView[]> {
    const documents = await this.organisations.legalDocuments(principal, organisationId);

    return documents.map((document) => LegalDocumentView.of(document));
  }

  @Post('organisations/:organisationId/legal-documents/acceptances')
  @HttpCode(200)
  @ApiBearerAuth()
  @Access({ roles: ['AUTHORISED_PERSON'] })
  async accept(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Body() request: AcceptLegalDocumentsRequest,
    @CurrentPrincipal() principal: Principal,
    @ClientAddress() clientAddress: string,
  ): Promise<OrganisationView> {
    const organisation = await this.organisations.acceptLegalDocuments(
      principal,
      organisationId,
      request.acceptances,
      clientAddress,
    );

    return OrganisationView.of(organisation);
  }

  @Post('operations/organisations/:organisationId/vet')
  @HttpCode(200)
  @ApiBearerAuth()
  @Access({ roles: ['OPERATIONS'] })
  async vet(@Param('organisationId', ParseIdPipe) organisationId: number): Promise<OrganisationView> {
    return OrganisationView.of(await this.organisations.vet(organisationId));
  }

  @Patch('organisations/:organisationId/settings')
  @ApiBearerAuth()
  @Access({ roles: ['AUTHORISED_PERSON'] })
  async updateSettings(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Body() request: OrganisationSettingsRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrganisationView> {
    return OrganisationView.of(await this.organisations.updateSettings(principal, organisationId, request));
  }

  @Get('operations/organisations')
  @ApiBearerAuth()
  @Access({ roles: ['OPERATIONS'] })
  async list(@Query() query: OrganisationListQuery): Promise<OrganisationView[]> {
    const organisations = await this.organisations.listByStatus(query.status ?? 'PENDING_VETTING', query.limit, query.offset);

    return organisations.map((entity) => OrganisationView.of(entity));
  }

  @Post('operations/organisations/:organisationId/reject')
  @HttpCode(200)
  @ApiBearerAuth()
  @Access({ roles: ['OPERATIONS'] })
  async reject(
    @Param('organisationId', ParseIdPipe) organisationId: number,
    @Body() request: RejectRegistrationRequest,
  ): Promise<OrganisationView> {
    return OrganisationView.of(await this.organisations.reject(organisationId, request.reason));
  }

  @Post('operations/organisations/:organisationId/reinstate')
  @HttpCode(200)
  @ApiBearerAuth()
  @Access({ roles: ['OPERATIONS'] })
  async reinstate(@Param('organisationId', ParseIdPipe) organisationId: number): Promise<OrganisationView> {
    return OrganisationView.of(await this.organisations.reinstate(organisationId));
  }
}
