import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@escr/kernel';

export type UserStatus = 'ACTIVE' | 'DISABLED';

@Entity({ schema: 'identity', name: 'user_account' })
export class UserAccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'email_normalised', type: 'text' })
  emailNormalised: string;

  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ type: 'text' })
  role: Role;

  @Column({ name: 'organisation_id', type: 'integer', nullable: true })
  organisationId: number | null;

  @Column({ type: 'text' })
  status: UserStatus;

  @Column({ name: 'failed_logins', type: 'integer', default: 0 })
  failedLogins: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'tokens_valid_after', type: 'timestamptz' })
  tokensValidAfter: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
