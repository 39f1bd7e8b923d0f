import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Verification's copy of the issuer settings that change a card's public answer. */
@Entity({ schema: 'verification', name: 'issuer' })
export class IssuerEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'integer' })
  organisationId: number;

  @Column({ type: 'text' })
  identifier: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'new_logo_at', type: 'date', nullable: true })
  newLogoAt: string | null;

  @Column({ name: 'publish_display_name', type: 'boolean' })
  publishDisplayName: boolean;

  @Column({ name: 'refreshed_at', type: 'timestamptz' })
  refreshedAt: Date;

  /** Progress of the display-name backfill after an opt-in: null when none is pending, '' before the first card, else the last ESCN done. */
  @Column({ name: 'display_names_after', type: 'text', nullable: true })
  displayNamesAfter: string | null;
}
