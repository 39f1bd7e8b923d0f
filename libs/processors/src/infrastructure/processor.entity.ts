import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A registered processor: its organisation in the Organisations context, and who registered it. */
@Entity({ schema: 'processors', name: 'processor' })
export class ProcessorEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'integer' })
  organisationId: number;

  @Column({ name: 'vat_number', type: 'text' })
  vatNumber: string;

  /** The HEI or public authority that registered the processor, or null when it registered itself. */
  @Column({ name: 'registered_by_organisation_id', type: 'integer', nullable: true })
  registeredByOrganisationId: number | null;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;
}
