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

export class OrganisationRejected extends DomainEvent<OrganisationRef & { reason: string }> {
  static readonly eventType = 'organisations.OrganisationRejected';
}

export class OrganisationReinstated extends DomainEvent<OrganisationRef> {
  static readonly eventType = 'organisations.OrganisationReinstated';
}

/** The settings that change what verification shows: the new-logo date and the display-name opt-in. */
export class OrganisationSettingsChanged extends DomainEvent<
  OrganisationRef & { newLogoAt: string | null; publishDisplayName: boolean }
> {
  static readonly eventType = 'organisations.OrganisationSettingsChanged';
}

/** The processors named in an issuer's Joint Controllership Arrangement changed, so it must accept the JCA again. */
export class JcaProcessorsChanged extends DomainEvent<OrganisationRef & { processorVatNumbers: string[] }> {
  static readonly eventType = 'organisations.JcaProcessorsChanged';
}

export class LegalDocumentPublished extends DomainEvent<{
  documentType: string;
  version: number;
  periodId: number;
  publishedAt: string;
  acceptanceDeadline: string;
}> {
  static readonly eventType = 'organisations.LegalDocumentPublished';
}
