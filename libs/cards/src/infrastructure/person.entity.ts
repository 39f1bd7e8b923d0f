import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ schema: 'cards', name: 'person' })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The ESI as first registered. */
  @Column({ type: 'text' })
  esi: string;

  /** The ESI with its case-insensitive parts lowercased; unique. */
  @Column({ name: 'esi_key', type: 'text' })
  esiKey: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
