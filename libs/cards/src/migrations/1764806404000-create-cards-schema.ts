import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCardsSchema1764806404000 implements MigrationInterface {
  name = 'CreateCardsSchema1764806404000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS cards');
    await queryRunner.query(`
      CREATE TABLE cards.person (
        id uuid CONSTRAINT pk_person PRIMARY KEY DEFAULT gen_random_uuid(),
        esi text NOT NULL CONSTRAINT ck_person_esi_length CHECK (char_length(esi) <= 255),
        esi_key text NOT NULL CONSTRAINT uq_person_esi_key UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE cards.person_link (
        person_id uuid NOT NULL CONSTRAINT fk_person_link_person REFERENCES cards.person (id) ON DELETE CASCADE,
        organisation_id integer NOT NULL,
        full_name text,
        email text,
        academic_level text CONSTRAINT ck_person_link_academic_level CHECK (academic_level IN ('BACHELOR', 'MASTER', 'DOCTORATE')),
        has_picture boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_person_link PRIMARY KEY (person_id, organisation_id)
      )`);
    await queryRunner.query('CREATE INDEX ix_person_link_organisation ON cards.person_link (organisation_id, person_id)');
    await queryRunner.query(`
      CREATE TABLE cards.card (
        id uuid CONSTRAINT pk_card PRIMARY KEY DEFAULT gen_random_uuid(),
        escn char(36) NOT NULL CONSTRAINT uq_card_escn UNIQUE,
        person_id uuid NOT NULL CONSTRAINT fk_card_person REFERENCES cards.person (id),
        issuer_organisation_id integer NOT NULL,
        processor_organisation_id integer,
        card_type text NOT NULL CONSTRAINT ck_card_type CHECK (card_type IN
          ('UNKNOWN', 'PASSIVE', 'SMART_NO_CDZ', 'SMART_CDZ', 'SMART_MAY_SP', 'SMART_PASSIVE', 'SMART_PASSIVE_EMULATION')),
        status text NOT NULL CONSTRAINT ck_card_status CHECK (status IN ('ACTIVE', 'INACTIVE')),
        display_name text,
        issued_at date NOT NULL,
        expires_at date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CONSTRAINT ck_card_dates CHECK (expires_at >= issued_at)
      )`);
    await queryRunner.query(
      'CREATE INDEX ix_card_issuer ON cards.card (issuer_organisation_id, created_at, id) WHERE deleted_at IS NULL',
    );
    await queryRunner.query('CREATE INDEX ix_card_person ON cards.card (person_id) WHERE deleted_at IS NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE cards.card');
    await queryRunner.query('DROP TABLE cards.person_link');
    await queryRunner.query('DROP TABLE cards.person');
    await queryRunner.query('DROP SCHEMA cards');
  }
}
