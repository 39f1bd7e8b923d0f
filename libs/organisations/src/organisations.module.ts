import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@escr/identity';
import { OrganisationsController } from './api/organisations.controller.js';
import { LegalDocumentsService } from './application/legal-documents.service.js';
import { OrganisationsFacade } from './application/organisations.facade.js';
import { OrganisationsService } from './application/organisations.service.js';
import { LegalAcceptanceEntity } from './infrastructure/legal-acceptance.entity.js';
import { LegalDocumentVersionEntity } from './infrastructure/legal-document-version.entity.js';
import { OrganisationEntity } from './infrastructure/organisation.entity.js';

/** Organisations, their registration and vetting, the legal documents and their acceptance. */
@Module({
  imports: [
    TypeOrmModule.forFeature([OrganisationEntity, LegalDocumentVersionEntity, LegalAcceptanceEntity]),
    IdentityModule,
  ],
  controllers: [OrganisationsController],
  providers: [OrganisationsService, LegalDocumentsService, OrganisationsFacade],
  exports: [OrganisationsFacade],
})
export class OrganisationsModule {}
