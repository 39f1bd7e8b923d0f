export { OrganisationsModule } from './organisations.module.js';
export { OrganisationsFacade } from './application/organisations.facade.js';
export type { JcaProcessor } from './application/organisations.facade.js';
export type { RegisterProcessor } from './application/organisations.service.js';
export type { OrganisationAddress } from './infrastructure/organisation.entity.js';
export type { OrganisationSnapshot } from './application/organisation-snapshot.js';
export type { OrganisationType, OrganisationStatus } from './domain/organisation.types.js';
export { ORGANISATION_STATUS_LABELS, ORGANISATION_TYPE_LABELS, normaliseVatNumber, VAT_NUMBER_PATTERN } from './domain/organisation.types.js';
export * from './events/organisation-events.js';
