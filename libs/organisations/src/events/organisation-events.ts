import { DomainEvent } from '@escr/kernel';
import type { OrganisationType } from '../domain/organisation.types.js';

export interface OrganisationRef {
  organisationId: number;
  identifier: string;
  name: string;
  type: OrganisationType;
}

export class OrganisationRegistered extends DomainEvent<OrganisationRef & { country: string }> {
  static readonly eventType = 'organisations.OrganisationRegistered';
}

export class OrganisationVetted extends DomainEvent<OrganisationRef> {
  static readonly eventType = 'organisations.OrganisationVetted';
}

export class LegalDocumentsAccepted extends DomainEvent<
  OrganisationRef & { userId: string; documents: { documentType: string; version: number; sha256: string }[] }
> {
  static readonly eventType = 'organisations.LegalDocumentsAccepted';
}

export class OrganisationActivated extends DomainEvent<OrganisationRef> {
  static readonly eventType = 'organisations.OrganisationActivated';
}

export class OrganisationDiscontinued extends DomainEvent<OrganisationRef & { reason: string }> {
  static readonly eventType = 'organisations.OrganisationDiscontinued';
}
