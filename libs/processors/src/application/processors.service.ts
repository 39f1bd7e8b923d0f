import { Injectable, Logger } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Clock, Principal, TransactionHost } from '@escr/kernel';
import {
  normaliseVatNumber,
  OrganisationAddress,
  OrganisationsFacade,
  OrganisationSnapshot,
  VAT_NUMBER_PATTERN,
} from '@escr/organisations';
import { ProcessorsError } from '../domain/processors.error.js';
import { ProcessorLinked, ProcessorRegistered, ProcessorUnlinked } from '../events/processor-events.js';
import { ProcessorLinkEntity } from '../infrastructure/processor-link.entity.js';
import { ProcessorEntity } from '../infrastructure/processor.entity.js';

export interface RegisterProcessorCommand {
  name: string;
  vatNumber: string;
  country: string;
  website?: string;
  address?: OrganisationAddress;
  administratorEmail: string;
  administratorPassword: string;
}

export interface LinkedProcessor {
  processor: OrganisationSnapshot;
  linkedAt: Date;
}

/** One-line postal address, as the JCA prints it. */
function formatAddress(snapshot: OrganisationSnapshot): string {
  const address = snapshot.address;
  if (!address) return `not given (${snapshot.country})`;

  const parts = [
    [address.streetName, address.houseNumber].filter(Boolean).join(' '),
    address.addressDetails,
    address.cityName,
    address.province,
    address.country ?? snapshot.country,
  ];

  return parts.filter((part) => part && part.length > 0).join(', ');
}

/**
 * Registers processors and keeps the links through which issuers let them manage cards. Every change of
 * an issuer's links replaces the processors its JCA names, in the same transaction.
 */
@Injectable()
export class ProcessorsService {
  private readonly logger = new Logger(ProcessorsService.name);

  constructor(
    private readonly transactions: TransactionHost,
    private readonly organisations: OrganisationsFacade,
    private readonly clock: Clock,
  ) {}

  /** Registers a processor, by itself (registeredBy null) or by the authorised person of an issuer, which then links it. */
  async register(command: RegisterProcessorCommand, registeredBy: { principal: Principal; issuerOrganisationId: number } | null): Promise<OrganisationSnapshot> {
    const vatNumber = this.parseVatNumber(command.vatNumber);
    if (registeredBy) this.assertAuthorisedPerson(registeredBy.principal, registeredBy.issuerOrganisationId);

    return this.transactions.run(async () => {
      if (registeredBy) await this.issuerMayLink(registeredBy.issuerOrganisationId);

      const processor = await this.organisations.registerProcessor({ ...command, vatNumber });
      await this.transactions.manager.getRepository(ProcessorEntity).insert({
        organisationId: processor.id,
        vatNumber,
        registeredByOrganisationId: registeredBy?.issuerOrganisationId ?? null,
        registeredAt: this.clock.now(),
      });
      this.transactions.record(
        new ProcessorRegistered({
          processorOrganisationId: processor.id,
          vatNumber,
          registeredByOrganisationId: registeredBy?.issuerOrganisationId ?? null,
        }),
      );
      if (registeredBy) await this.linkInTransaction(registeredBy.issuerOrganisationId, processor);

      return processor;
    });
  }

  /** Links a registered processor to the issuer, which changes the issuer's JCA. Only the issuer's authorised person may. */
  async link(principal: Principal, issuerOrganisationId: number, vatNumberInput: string): Promise<LinkedProcessor> {
    this.assertAuthorisedPerson(principal, issuerOrganisationId);
    const vatNumber = this.parseVatNumber(vatNumberInput);

    return this.transactions.run(async () => {
      await this.issuerMayLink(issuerOrganisationId);
      const processor = await this.findProcessor(vatNumber);
      if (processor.status === 'REJECTED' || processor.status === 'DISCONTINUED') {
        throw ProcessorsError.processorUnavailable(vatNumber, processor.status);
      }

      return this.linkInTransaction(issuerOrganisationId, processor);
    });
  }

  /** Ends a link, so the processor stops acting for the issuer at once and the JCA changes. Only the issuer's authorised person may. */
  async unlink(principal: Principal, issuerOrganisationId: number, vatNumberInput: string): Promise<void> {
    this.assertAuthorisedPerson(principal, issuerOrganisationId);
    const vatNumber = this.parseVatNumber(vatNumberInput);

    await this.transactions.run(async () => {
      await this.lockIssuerLinks(issuerOrganisationId);
      const processor = await this.findProcessor(vatNumber);
      const result = await this.transactions.manager
        .getRepository(ProcessorLinkEntity)
        .update(
          { processorOrganisationId: processor.id, issuerOrganisationId, unlinkedAt: IsNull() },
          { unlinkedAt: this.clock.now() },
        );
      if (!result.affected) throw ProcessorsError.notLinked(vatNumber, issuerOrganisationId);

      this.transactions.record(new ProcessorUnlinked({ processorOrganisationId: processor.id, vatNumber, issuerOrganisationId }));
      await this.syncJca(issuerOrganisationId);
      this.logger.log({ issuerOrganisationId, processorOrganisationId: processor.id }, 'processor unlinked');
    });
  }

  /** Lists the processors currently linked to an issuer, in the order they were linked. */
  async listLinked(principal: Principal, issuerOrganisationId: number): Promise<LinkedProcessor[]> {
    const isOperations = principal.type === 'user' && principal.role === 'OPERATIONS';
    if (!isOperations && principal.organisationId !== issuerOrganisationId) {
      throw ProcessorsError.notAuthorisedPerson(issuerOrganisationId);
    }

    return this.linkedProcessors(issuerOrganisationId);
  }

  private async linkInTransaction(issuerOrganisationId: number, processor: OrganisationSnapshot): Promise<LinkedProcessor> {
    await this.lockIssuerLinks(issuerOrganisationId);
    const repository = this.transactions.manager.getRepository(ProcessorLinkEntity);
    const existing = await repository.findOneBy({ processorOrganisationId: processor.id, issuerOrganisationId });
    if (existing && existing.unlinkedAt === null) return { processor, linkedAt: existing.linkedAt };

    const linkedAt = this.clock.now();
    await repository.save({ processorOrganisationId: processor.id, issuerOrganisationId, linkedAt, unlinkedAt: null });
    this.transactions.record(
      new ProcessorLinked({ processorOrganisationId: processor.id, vatNumber: processor.identifier, issuerOrganisationId }),
    );
    await this.syncJca(issuerOrganisationId);
    this.logger.log({ issuerOrganisationId, processorOrganisationId: processor.id }, 'processor linked');

    return { processor, linkedAt };
  }

  /** Tells Organisations which processors the issuer's JCA must now name. */
  private async syncJca(issuerOrganisationId: number): Promise<void> {
    const linked = await this.linkedProcessors(issuerOrganisationId);
    await this.organisations.replaceJcaProcessors(
      issuerOrganisationId,
      linked.map(({ processor }) => ({ name: processor.name, vatNumber: processor.identifier, address: formatAddress(processor) })),
    );
  }

  private async linkedProcessors(issuerOrganisationId: number): Promise<LinkedProcessor[]> {
    const links = await this.transactions.manager
      .getRepository(ProcessorLinkEntity)
      .find({ where: { issuerOrganisationId, unlinkedAt: IsNull() }, order: { linkedAt: 'ASC', processorOrganisationId: 'ASC' } });
    const snapshots = await this.organisations.findManyByIds(links.map((link) => link.processorOrganisationId));

    return links.flatMap((link) => {
      const processor = snapshots.get(link.processorOrganisationId);

      return processor ? [{ processor, linkedAt: link.linkedAt }] : [];
    });
  }

  /** Serialises link changes of one issuer, so two concurrent changes cannot leave the JCA behind the links. */
  private async lockIssuerLinks(issuerOrganisationId: number): Promise<void> {
    await this.transactions.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `processors.links.${issuerOrganisationId}`,
    ]);
  }

  private async issuerMayLink(issuerOrganisationId: number): Promise<void> {
    const issuer = await this.organisations.findById(issuerOrganisationId);
    if (!issuer || issuer.type === 'PROCESSOR') throw ProcessorsError.notAnIssuer(issuerOrganisationId);
    if (issuer.status === 'REJECTED' || issuer.status === 'DISCONTINUED' || issuer.status === 'PENDING_VETTING') {
      throw ProcessorsError.issuerUnavailable(issuerOrganisationId, issuer.status);
    }
  }

  private async findProcessor(vatNumber: string): Promise<OrganisationSnapshot> {
    const processor = await this.organisations.findByIdentifier(vatNumber);
    if (!processor || processor.type !== 'PROCESSOR') throw ProcessorsError.unknownProcessor(vatNumber);

    return processor;
  }

  private parseVatNumber(value: string): string {
    const vatNumber = normaliseVatNumber(value);
    if (!VAT_NUMBER_PATTERN.test(vatNumber)) throw ProcessorsError.invalidVatNumber(value);

    return vatNumber;
  }

  private assertAuthorisedPerson(principal: Principal, organisationId: number): void {
    if (principal.type !== 'user' || principal.organisationId !== organisationId || principal.role !== 'AUTHORISED_PERSON') {
      throw ProcessorsError.notAuthorisedPerson(organisationId);
    }
  }
}
