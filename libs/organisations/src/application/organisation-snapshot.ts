import type { OrganisationAddress, OrganisationEntity } from '../infrastructure/organisation.entity.js';
import type { OrganisationStatus, OrganisationType } from '../domain/organisation.types.js';

/** Read-only copy of an organisation, the shape other contexts receive. */
export interface OrganisationSnapshot {
  id: number;
  type: OrganisationType;
  identifier: string;
  name: string;
  country: string;
  status: OrganisationStatus;
  schacHomeOrganization: string | null;
  website: string | null;
  address: OrganisationAddress | null;
  newLogoAt: string | null;
  publishDisplayName: boolean;
}

export function toSnapshot(entity: OrganisationEntity): OrganisationSnapshot {
  return {
    id: entity.id,
    type: entity.type,
    identifier: entity.identifier,
    name: entity.name,
    country: entity.country,
    status: entity.status,
    schacHomeOrganization: entity.schacHomeOrganization,
    website: entity.website,
    address: entity.address,
    newLogoAt: entity.newLogoAt,
    publishDisplayName: entity.publishDisplayName,
  };
}
