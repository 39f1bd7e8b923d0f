import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateVerificationSchema1764806405000 implements MigrationInterface {
  name = 'CreateVerificationSchema1764806405000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS verification');
    await queryRunner.query(`
      CREATE TABLE verification.card_status (
        card_number char(36) CONSTRAINT pk_card_status PRIMARY KEY,
        status text NOT NULL CONSTRAINT ck_card_status_status CHECK (status IN ('ACTIVE', 'INACTIVE')),
        card_type text NOT NULL,
        issued_at date NOT NULL,
        expires_at date NOT NULL,
        issuer_organisation_id integer NOT NULL,
        issuer_identifier text NOT NULL,
        issuer_name text NOT NULL,
        display_name text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX ix_card_status_issuer ON verification.card_status (issuer_organisation_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE verification.card_status');
    await queryRunner.query('DROP SCHEMA verification');
  }
}
