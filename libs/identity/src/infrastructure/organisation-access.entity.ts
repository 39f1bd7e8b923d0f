import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Identity's own record of organisations whose users and tokens are suspended, for example after discontinuation. */
@Entity({ schema: 'identity', name: 'organisation_access' })
export class OrganisationAccessEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'integer' })
  organisationId: number;

  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt: Date | null;
}
