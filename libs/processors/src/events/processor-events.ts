import { DomainEvent } from '@escr/kernel';

export interface ProcessorLinkRef {
  processorOrganisationId: number;
  vatNumber: string;
  issuerOrganisationId: number;
}

export class ProcessorRegistered extends DomainEvent<{
  processorOrganisationId: number;
  vatNumber: string;
  registeredByOrganisationId: number | null;
}> {
  static readonly eventType = 'processors.ProcessorRegistered';
}

export class ProcessorLinked extends DomainEvent<ProcessorLinkRef> {
  static readonly eventType = 'processors.ProcessorLinked';
}

export class ProcessorUnlinked extends DomainEvent<ProcessorLinkRef> {
  static readonly eventType = 'processors.ProcessorUnlinked';
}
