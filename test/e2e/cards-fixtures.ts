import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORGANISATION_STATUS_LABELS, ORGANISATION_TYPE_LABELS } from '@escr/organisations';
import { OnboardedOrganisation } from '../support/onboarding';

type Schema = { properties: Record<string, { example?: unknown }> };

export const reference = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'esc-router-api-v2.openapi.json'), 'utf8')) as {
  components: { schemas: Record<string, Schema> };
};

/** The example values of a schema of the reference document, as a request body. */
export function referenceExample(schemaName: string): Record<string, unknown> {
  const properties = reference.components.schemas[schemaName].properties;

  return Object.fromEntries(
    Object.entries(properties)
      .filter(([, property]) => property.example !== undefined)
      .map(([name, property]) => [name, property.example]),
  );
}

/** Property names of a schema of the reference document, sorted. */
export function schemaProperties(name: string): string[] {
  return Object.keys(reference.components.schemas[name].properties).sort();
}

/** The full OrganisationLiteView of an organisation registered by onboardOrganisation. */
export function organisationLite(organisation: OnboardedOrganisation): Record<string, unknown> {
  return {
    address: null,
    contrastColor: null,
    fullLabel: `${organisation.pic} - ${organisation.name}`,
    id: organisation.organisationId,
    identifier: organisation.pic,
    identifierCode: { key: 'PIC', label: 'PIC' },
    mainColor: null,
    name: organisation.name,
    newLogoAt: null,
    organisationType: { key: 'HEI', label: ORGANISATION_TYPE_LABELS.HEI },
    qrColor: null,
    schacHomeOrganization: null,
    secondaryColor: null,
    status: { key: 'ACTIVE', label: ORGANISATION_STATUS_LABELS.ACTIVE },
    website: null,
  };
}

export function esiOf(pic: string, code: string): string {
  return `urn:schac:personalUniqueCode:int:esi:fr:${pic}${code}`;
}

/** A card request for a person of the organisation, with a minted ESCN. */
export function cardRequest(organisation: OnboardedOrganisation, personIdentifier: string, overrides: Record<string, unknown> = {}) {
  return {
    cardStatusType: 'ACTIVE',
    cardType: 'PASSIVE',
    displayName: 'Card of John',
    issuedAt: '2026-01-01',
    expiresAt: '2031-12-31',
    issuerIdentifier: organisation.pic,
    personIdentifier,
    ...overrides,
  };
}

/** A person request linking the ESI to the organisation. */
export function personRequest(organisation: OnboardedOrganisation, identifier: string, link: Record<string, unknown> = {}) {
  return {
    identifier,
    identifierCode: 'ESI',
    personOrganisationUpdateViews: [
      { organisationIdentifier: organisation.pic, fullName: 'Jane Doe', email: 'jane@example.eu', academicLevel: 'MASTER', ...link },
    ],
  };
}
