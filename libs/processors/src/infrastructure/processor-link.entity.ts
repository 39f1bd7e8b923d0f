import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A mandate: the processor may issue and manage cards for the issuer while the link holds. */
@Entity({ schema: 'processors', name: 'processor_link' })
export class ProcessorLinkEntity {
  @PrimaryColumn({ name: 'processor_organisation_id', type: 'integer' })
  processorOrganisationId: number;

  @PrimaryColumn({ name: 'issuer_organisation_id', type: 'integer' })
  issuerOrganisationId: number;

  @Column({ name: 'linked_at', type: 'timestamptz' })
  linkedAt: Date;

  @Column({ name: 'unlinked_at', type: 'timestamptz', nullable: true })
  unlinkedAt: Date | null;
}
