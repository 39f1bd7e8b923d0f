import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { TransactionHost } from '@escr/kernel';
import { ProcessorLinkEntity } from '../infrastructure/processor-link.entity.js';

/** What other contexts may ask of Processors. */
@Injectable()
export class ProcessorsFacade {
  constructor(private readonly transactions: TransactionHost) {}

  /** True while the processor holds a link from the issuer, so it may manage the issuer's cards. */
  mayActFor(processorOrganisationId: number, issuerOrganisationId: number): Promise<boolean> {
    return this.transactions.manager
      .getRepository(ProcessorLinkEntity)
      .existsBy({ processorOrganisationId, issuerOrganisationId, unlinkedAt: IsNull() });
  }
}
