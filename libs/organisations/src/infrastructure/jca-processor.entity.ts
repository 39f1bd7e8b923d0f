import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Copy of a processor's details as the issuer's Joint Controllership Arrangement names it. */
@Entity({ schema: 'organisations', name: 'jca_processor' })
export class JcaProcessorEntity {
  @PrimaryColumn({ name: 'issuer_organisation_id', type: 'integer' })
  issuerOrganisationId: number;

  @PrimaryColumn({ name: 'vat_number', type: 'text' })
  vatNumber: string;

  /** Order in which the JCA lists the processors. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  address: string;
}
