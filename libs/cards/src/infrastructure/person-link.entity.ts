import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AcademicLevel } from '../domain/card.types.js';

/** A person's enrolment at one organisation, with the data that organisation gave. */
@Entity({ schema: 'cards', name: 'person_link' })
export class PersonLinkEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId: string;

  @PrimaryColumn({ name: 'organisation_id', type: 'integer' })
  organisationId: number;

  /** Copy of the person's ESI key, so that lists can filter and sort by ESI on this table's indexes. */
  @Column({ name: 'esi_key', type: 'text' })
  esiKey: string;

  @Column({ name: 'full_name', type: 'text', nullable: true })
  fullName: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ name: 'academic_level', type: 'text', nullable: true })
  academicLevel: AcademicLevel | null;

  @Column({ name: 'has_picture', type: 'boolean', default: false })
  hasPicture: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
