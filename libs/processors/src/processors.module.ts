import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationsModule } from '@escr/organisations';
import { ProcessorsController } from './api/processors.controller.js';
import { ProcessorsFacade } from './application/processors.facade.js';
import { ProcessorsService } from './application/processors.service.js';
import { ProcessorLinkEntity } from './infrastructure/processor-link.entity.js';
import { ProcessorEntity } from './infrastructure/processor.entity.js';

/** Third-party processors and the links through which issuers let them manage cards. */
@Module({
  imports: [TypeOrmModule.forFeature([ProcessorLinkEntity, ProcessorEntity]), OrganisationsModule],
  controllers: [ProcessorsController],
  providers: [ProcessorsFacade, ProcessorsService],
  exports: [ProcessorsFacade],
})
export class ProcessorsModule {}
