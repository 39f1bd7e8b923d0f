import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The picture one organisation stores for one of its cardholders, always 200×300 px. */
@Entity({ schema: 'cards', name: 'picture' })
export class PictureEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId: string;

  @PrimaryColumn({ name: 'organisation_id', type: 'integer' })
  organisationId: number;

  @Column({ name: 'media_type', type: 'text' })
  mediaType: 'image/jpeg' | 'image/png';

  @Column({ type: 'bytea' })
  content: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
