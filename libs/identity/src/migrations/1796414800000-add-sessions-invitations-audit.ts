import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adds login sessions with rotating refresh tokens, invitations, password resets, the audit log and the
 * per-client rate-limit counters. Every secret (refresh token, invitation and reset token) is stored as
 * a hex SHA-256 hash.
 */
export class AddSessionsInvitationsAudit1796414800000 implements MigrationInterface {
  name = 'AddSessionsInvitationsAudit1796414800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE identity.session (
        id uuid CONSTRAINT pk_session PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT fk_session_user REFERENCES identity.user_account (id),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoke_reason text
      )`);
    await queryRunner.query('CREATE INDEX ix_session_user ON identity.session (user_id) WHERE revoked_at IS NULL');
    await queryRunner.query(`
      CREATE TABLE identity.refresh_token (
        id uuid CONSTRAINT pk_refresh_token PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL CONSTRAINT fk_refresh_token_session REFERENCES identity.session (id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL CONSTRAINT uq_refresh_token_hash UNIQUE,
        created_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX ix_refresh_token_session ON identity.refresh_token (session_id)');
    await queryRunner.query(`
      CREATE TABLE identity.invitation (
        id uuid CONSTRAINT pk_invitation PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id integer NOT NULL,
        email text NOT NULL,
        email_normalised text NOT NULL,
        role text NOT NULL CONSTRAINT ck_invitation_role CHECK (role IN ('AUTHORISED_PERSON', 'MEMBER')),
        token_hash char(64) NOT NULL CONSTRAINT uq_invitation_token_hash UNIQUE,
        invited_by uuid NOT NULL CONSTRAINT fk_invitation_inviter REFERENCES identity.user_account (id),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_user_id uuid CONSTRAINT fk_invitation_accepted_user REFERENCES identity.user_account (id),
        revoked_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX ix_invitation_organisation ON identity.invitation (organisation_id, created_at)');
    await queryRunner.query(`
      CREATE TABLE identity.password_reset (
        id uuid CONSTRAINT pk_password_reset PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT fk_password_reset_user REFERENCES identity.user_account (id),
        token_hash char(64) NOT NULL CONSTRAINT uq_password_reset_token_hash UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX ix_password_reset_user ON identity.password_reset (user_id)');
    await queryRunner.query(`
      CREATE TABLE identity.audit_event (
        id bigint CONSTRAINT pk_audit_event PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
        occurred_at timestamptz NOT NULL,
        action text NOT NULL,
        actor_user_id uuid,
        actor_api_token_id uuid,
        organisation_id integer,
        subject_id text,
        client_address text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query('CREATE INDEX ix_audit_event_organisation ON identity.audit_event (organisation_id, id)');
    await queryRunner.query(`
      CREATE TABLE identity.rate_limit_bucket (
        bucket_key text CONSTRAINT pk_rate_limit_bucket PRIMARY KEY,
        window_started_at timestamptz NOT NULL,
        hits integer NOT NULL
      )`);
    await queryRunner.query('ALTER TABLE identity.api_token ADD COLUMN regenerated_at timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE identity.api_token DROP COLUMN regenerated_at');
    await queryRunner.query('DROP TABLE identity.rate_limit_bucket');
    await queryRunner.query('DROP TABLE identity.audit_event');
    await queryRunner.query('DROP TABLE identity.password_reset');
    await queryRunner.query('DROP TABLE identity.invitation');
    await queryRunner.query('DROP TABLE identity.refresh_token');
    await queryRunner.query('DROP TABLE identity.session');
  }
}
