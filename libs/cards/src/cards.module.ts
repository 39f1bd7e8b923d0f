import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationsModule } from '@escr/organisations';
import { ProcessorsModule } from '@escr/processors';
import { CardsAuditController } from './api/cards-audit.controller.js';
import { CardsController } from './api/cards.controller.js';
import { CsvImportController } from './api/csv-import.controller.js';
import { V1CardsController } from './api/v1/v1-cards.controller.js';
import { V1StudentsController } from './api/v1/v1-students.controller.js';
import { V1Service } from './api/v1/v1.service.js';
import { CsvController } from './api/csv.controller.js';
import { EscnController } from './api/escn.controller.js';
import { IdempotencyInterceptor } from './api/idempotency.interceptor.js';
import { PersonsController } from './api/persons.controller.js';
import { PictureUploadInterceptor } from './api/picture-upload.interceptor.js';
import { PicturesController } from './api/pictures.controller.js';
import { ViewAssembler } from './api/view-assembler.js';
import { ActingOrganisation } from './application/acting-organisation.js';
import { AuditQueryService } from './application/audit-query.service.js';
import { AuditTrail } from './application/audit-trail.js';
import { CardChangesService } from './application/card-changes.service.js';
import { CardsService } from './application/cards.service.js';
import { CsvImportService } from './application/csv-import.service.js';
import { EscnReservationRateLimiter } from './application/escn-reservation-rate-limiter.js';
import { EscnReservationService } from './application/escn-reservation.service.js';
import { IdempotencyCleanupJob } from './application/idempotency-cleanup.job.js';
import { IdempotencyService } from './application/idempotency.service.js';
import { CardDirectory } from './application/card-directory.js';
import { ListsService } from './application/lists.service.js';
import { PageAnchorStore } from './application/page-anchor-store.js';
import { PersonRemovalService } from './application/person-removal.service.js';
import { PersonsService } from './application/persons.service.js';
import { PictureProcessor } from './application/picture-processor.js';
import { PicturesService } from './application/pictures.service.js';
import { AuditEntryEntity } from './infrastructure/audit-entry.entity.js';
import { CardEntity } from './infrastructure/card.entity.js';
import { PersonLinkEntity } from './infrastructure/person-link.entity.js';
import { PersonEntity } from './infrastructure/person.entity.js';
import { PictureEntity } from './infrastructure/picture.entity.js';

/** Cardholders (persons and their links to organisations) and cards: the router's API V2. */
@Module({
  imports: [TypeOrmModule.forFeature([PersonEntity, PersonLinkEntity, CardEntity, PictureEntity, AuditEntryEntity]), OrganisationsModule, ProcessorsModule],
  // Controllers with static paths under /cards come before CardsController, whose GET :escn would match them.
  controllers: [
    PersonsController,
    EscnController,
    CsvController,
    CardsController,
    CsvImportController,
    V1StudentsController,
    V1CardsController,
    PicturesController,
    CardsAuditController,
  ],
  providers: [
    ActingOrganisation,
    PersonsService,
    CardsService,
    ViewAssembler,
    EscnReservationService,
    EscnReservationRateLimiter,
    CsvImportService,
    V1Service,
    AuditTrail,
    AuditQueryService,
    CardChangesService,
    PersonRemovalService,
    ListsService,
    PageAnchorStore,
    CardDirectory,
    PictureProcessor,
    PicturesService,
    IdempotencyService,
    IdempotencyInterceptor,
    IdempotencyCleanupJob,
    PictureUploadInterceptor,
  ],
  exports: [CardDirectory],
})
export class CardsModule {}
