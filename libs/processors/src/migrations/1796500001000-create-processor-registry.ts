import { MigrationInterface, QueryRunner } from 'typeorm';

/** Records each registered processor by VAT number and who registered it. */
export class CreateProcessorRegistry1796500001000 implements MigrationInterface {
  name = 'CreateProcessorRegistry1796500001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE processors.processor (
        organisation_id integer NOT NULL CONSTRAINT pk_processor PRIMARY KEY,
        vat_number text NOT NULL CONSTRAINT uq_processor_vat_number UNIQUE,
        registered_by_organisation_id integer,
        registered_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE processors.processor');
  }
}
