import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationsModule } from '@escr/organisations';
import { CardStatusController } from './api/card-status.controller.js';
import { CardStatusProjector } from './application/card-status.projector.js';
import { StatusLookupService } from './application/status-lookup.service.js';
import { CardStatusEntity } from './infrastructure/card-status.entity.js';

/** Public verification of cards, from its own projection of card events. */
@Module({
  imports: [TypeOrmModule.forFeature([CardStatusEntity]), OrganisationsModule],
  controllers: [CardStatusController],
  providers: [CardStatusProjector, StatusLookupService],
})
export class VerificationModule {}
