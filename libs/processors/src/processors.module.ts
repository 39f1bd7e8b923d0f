import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProcessorsFacade } from './application/processors.facade.js';
import { ProcessorLinkEntity } from './infrastructure/processor-link.entity.js';

/** Third-party processors and the links through which issuers let them manage cards. */
@Module({
  imports: [TypeOrmModule.forFeature([ProcessorLinkEntity])],
  providers: [ProcessorsFacade],
  exports: [ProcessorsFacade],
})
export class ProcessorsModule {}
