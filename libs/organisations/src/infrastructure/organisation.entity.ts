import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrganisationStatus, OrganisationType } from '../domain/organisation.types.js';

/** Postal address, stored as the fields of the router's AddressView. */
export interface OrganisationAddress {
  addressDetails?: string;
  cityName?: string;
  country?: string;
  houseNumber?: string;
  label?: string;
  otherComments?: string;
  province?: string;
  streetName?: string;
  point?: { x: number; y: number };
}

@Entity({ schema: 'organisations', name: 'organisation' })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'text' })
  type: OrganisationType;

  /** PIC for issuers, VAT number for processors. */
  @Column({ type: 'text' })
  identifier: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'char', length: 2 })
  country: string;

  @Column({ name: 'eche_holder', type: 'boolean' })
  echeHolder: boolean;

  @Column({ type: 'text' })
  status: OrganisationStatus;

  @Column({ name: 'schac_home_organization', type: 'text', nullable: true })
  schacHomeOrganization: string | null;

  @Column({ type: 'text', nullable: true })
  website: string | null;

  @Column({ type: 'jsonb', nullable: true })
  address: OrganisationAddress | null;

  @Column({ name: 'new_logo_at', type: 'date', nullable: true })
  newLogoAt: string | null;

  @Column({ name: 'publish_display_name', type: 'boolean', default: false })
  publishDisplayName: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'vetted_at', type: 'timestamptz', nullable: true })
  vettedAt: Date | null;

  @Column({ name: 'discontinued_at', type: 'timestamptz', nullable: true })
  discontinuedAt: Date | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true })
  rejectedAt: Date | null;

  /** Acceptances made before this instant no longer count. */
  @Column({ name: 'reinstated_at', type: 'timestamptz', nullable: true })
  reinstatedAt: Date | null;
}
