import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issuer settings that decide a card's public answer: its name, its new-logo date and its display-name opt-in. */
export class CreateVerificationIssuers1796414700000 implements MigrationInterface {
  name = 'CreateVerificationIssuers1796414700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE verification.issuer (
        organisation_id integer CONSTRAINT pk_verification_issuer PRIMARY KEY,
        identifier text NOT NULL,
        name text NOT NULL,
        new_logo_at date,
        publish_display_name boolean NOT NULL DEFAULT false,
        refreshed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE verification.issuer');
  }
}
