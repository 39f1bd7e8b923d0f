import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@escr/identity';
import { LegalOperationsController } from './api/legal-operations.controller.js';
import { OrganisationsController } from './api/organisations.controller.js';
import { AcceptanceDeadlinesJob } from './application/acceptance-deadlines.job.js';
import { AcceptanceDeadlinesService } from './application/acceptance-deadlines.service.js';
import { LegalDocumentsService } from './application/legal-documents.service.js';
import { LegalPublicationService } from './application/legal-publication.service.js';
import { OrganisationsFacade } from './application/organisations.facade.js';
import { OrganisationsService } from './application/organisations.service.js';
import { AcceptanceNoticeEntity } from './infrastructure/acceptance-notice.entity.js';
import { AcceptancePeriodEntity } from './infrastructure/acceptance-period.entity.js';
import { JcaProcessorEntity } from './infrastructure/jca-processor.entity.js';
import { LegalAcceptanceEntity } from './infrastructure/legal-acceptance.entity.js';
import { LegalDocumentVersionEntity } from './infrastructure/legal-document-version.entity.js';
import { OrganisationEntity } from './infrastructure/organisation.entity.js';

/** Organisations, their registration and vetting, the legal documents and their acceptance. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      OrganisationEntity,
      LegalDocumentVersionEntity,
      LegalAcceptanceEntity,
      JcaProcessorEntity,
      AcceptancePeriodEntity,
      AcceptanceNoticeEntity,
    ]),
    IdentityModule,
  ],
  controllers: [OrganisationsController, LegalOperationsController],
  providers: [
    OrganisationsService,
    LegalDocumentsService,
    OrganisationsFacade,
    LegalPublicationService,
    AcceptanceDeadlinesService,
    AcceptanceDeadlinesJob,
  ],
  exports: [OrganisationsFacade, LegalPublicationService, AcceptanceDeadlinesService, AcceptanceDeadlinesJob],
})
export class OrganisationsModule {}
