import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProcessorsSchema1764806403000 implements MigrationInterface {
  name = 'CreateProcessorsSchema1764806403000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS processors');
    await queryRunner.query(`
      CREATE TABLE processors.processor_link (
        processor_organisation_id integer NOT NULL,
        issuer_organisation_id integer NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        unlinked_at timestamptz,
        CONSTRAINT pk_processor_link PRIMARY KEY (processor_organisation_id, issuer_organisation_id)
      )`);
    await queryRunner.query(
      'CREATE INDEX ix_processor_link_issuer ON processors.processor_link (issuer_organisation_id) WHERE unlinked_at IS NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE processors.processor_link');
    await queryRunner.query('DROP SCHEMA processors');
  }
}
