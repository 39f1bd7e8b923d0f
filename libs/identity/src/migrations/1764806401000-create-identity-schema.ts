import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentitySchema1764806401000 implements MigrationInterface {
  name = 'CreateIdentitySchema1764806401000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS identity');
    await queryRunner.query(`
      CREATE TABLE identity.user_account (
        id uuid CONSTRAINT pk_user_account PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        email_normalised text NOT NULL CONSTRAINT uq_user_account_email UNIQUE,
        password_hash text,
        role text NOT NULL CONSTRAINT ck_user_account_role CHECK (role IN ('AUTHORISED_PERSON', 'MEMBER', 'OPERATIONS')),
        organisation_id integer,
        status text NOT NULL CONSTRAINT ck_user_account_status CHECK (status IN ('ACTIVE', 'DISABLED')),
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        tokens_valid_after timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_user_account_organisation CHECK ((role = 'OPERATIONS') = (organisation_id IS NULL))
      )`);
    await queryRunner.query('CREATE INDEX ix_user_account_organisation ON identity.user_account (organisation_id)');
    await queryRunner.query(`
      CREATE TABLE identity.api_token (
        id uuid CONSTRAINT pk_api_token PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id integer NOT NULL,
        name text NOT NULL,
        token_hash char(64) NOT NULL CONSTRAINT uq_api_token_hash UNIQUE,
        scopes text[] NOT NULL,
        created_by uuid NOT NULL CONSTRAINT fk_api_token_creator REFERENCES identity.user_account (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX ix_api_token_organisation ON identity.api_token (organisation_id, created_at)');
    await queryRunner.query(`
      CREATE TABLE identity.organisation_access (
        organisation_id integer CONSTRAINT pk_organisation_access PRIMARY KEY,
        suspended_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE identity.organisation_access');
    await queryRunner.query('DROP TABLE identity.api_token');
    await queryRunner.query('DROP TABLE identity.user_account');
    await queryRunner.query('DROP SCHEMA identity');
  }
}
