export { OrganisationsModule } from './organisations.module.js';
export { OrganisationsFacade } from './application/organisations.facade.js';
export type { OrganisationSnapshot } from './application/organisation-snapshot.js';
export type { OrganisationType, OrganisationStatus } from './domain/organisation.types.js';
export { ORGANISATION_STATUS_LABELS, ORGANISATION_TYPE_LABELS } from './domain/organisation.types.js';
export * from './events/organisation-events.js';
