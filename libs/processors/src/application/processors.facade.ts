import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { TransactionHost } from '@escr/kernel';
import { ProcessorLinkEntity } from '../infrastructure/processor-link.entity.js';

/** The Processors operations that other contexts may call. */
@Injectable()
export class ProcessorsFacade {
  constructor(private readonly transactions: TransactionHost) {}

  /** True while the issuer's link to the processor is in force, so it may manage the issuer's cards. */
  mayActFor(processorOrganisationId: number, issuerOrganisationId: number): Promise<boolean> {
    return this.transactions.manager
      .getRepository(ProcessorLinkEntity)
      .existsBy({ processorOrganisationId, issuerOrganisationId, unlinkedAt: IsNull() });
  }
}
