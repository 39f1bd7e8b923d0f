import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adds rejection and reinstatement to the organisation lifecycle, the JCA's copy of the linked processors,
 * acceptance periods opened by each published document version, and one row per notice decided in a period.
 */
export class AddAcceptancePeriods1796500000000 implements MigrationInterface {
  name = 'AddAcceptancePeriods1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE organisations.organisation DROP CONSTRAINT ck_organisation_status');
    await queryRunner.query(`
      ALTER TABLE organisations.organisation
        ADD CONSTRAINT ck_organisation_status
          CHECK (status IN ('PENDING_VETTING', 'REJECTED', 'LEGAL_PENDING', 'ACTIVE', 'DISCONTINUED')),
        ADD COLUMN rejection_reason text,
        ADD COLUMN rejected_at timestamptz,
        ADD COLUMN reinstated_at timestamptz`);
    await queryRunner.query(
      'CREATE INDEX ix_organisation_status ON organisations.organisation (status, type)',
    );
    await queryRunner.query(`
      CREATE TABLE organisations.jca_processor (
        issuer_organisation_id integer NOT NULL
          CONSTRAINT fk_jca_processor_issuer REFERENCES organisations.organisation (id),
        position integer NOT NULL,
        name text NOT NULL,
        vat_number text NOT NULL,
        address text NOT NULL,
        CONSTRAINT pk_jca_processor PRIMARY KEY (issuer_organisation_id, vat_number)
      )`);
    await queryRunner.query(`
      CREATE TABLE organisations.acceptance_period (
        id integer GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_acceptance_period PRIMARY KEY,
        document_version_id integer NOT NULL
          CONSTRAINT fk_acceptance_period_version REFERENCES organisations.legal_document_version (id),
        opens_at timestamptz NOT NULL,
        deadline timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT uq_acceptance_period_version UNIQUE (document_version_id),
        CONSTRAINT ck_acceptance_period_dates CHECK (deadline > opens_at)
      )`);
    await queryRunner.query(`
      CREATE TABLE organisations.acceptance_notice (
        organisation_id integer NOT NULL
          CONSTRAINT fk_acceptance_notice_organisation REFERENCES organisations.organisation (id),
        period_id integer NOT NULL
          CONSTRAINT fk_acceptance_notice_period REFERENCES organisations.acceptance_period (id),
        stage text NOT NULL CONSTRAINT ck_acceptance_notice_stage CHECK (stage ~ '^(ANNOUNCEMENT|REMINDER_[0-9]+D|DISCONTINUATION)$'),
        decided_at timestamptz NOT NULL,
        recipients integer NOT NULL,
        CONSTRAINT pk_acceptance_notice PRIMARY KEY (organisation_id, period_id, stage)
      )`);
    await queryRunner.query('CREATE INDEX ix_acceptance_notice_period ON organisations.acceptance_notice (period_id, stage)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE organisations.acceptance_notice');
    await queryRunner.query('DROP TABLE organisations.acceptance_period');
    await queryRunner.query('DROP TABLE organisations.jca_processor');
    await queryRunner.query('DROP INDEX organisations.ix_organisation_status');
    await queryRunner.query(`UPDATE organisations.organisation SET status = 'DISCONTINUED' WHERE status = 'REJECTED'`);
    await queryRunner.query(`
      ALTER TABLE organisations.organisation
        DROP CONSTRAINT ck_organisation_status,
        DROP COLUMN rejection_reason,
        DROP COLUMN rejected_at,
        DROP COLUMN reinstated_at`);
    await queryRunner.query(`
      ALTER TABLE organisations.organisation
        ADD CONSTRAINT ck_organisation_status
          CHECK (status IN ('PENDING_VETTING', 'LEGAL_PENDING', 'ACTIVE', 'DISCONTINUED'))`);
  }
}
