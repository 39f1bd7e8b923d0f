import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adds what API V2 card management needs beyond issuance: list indexes, pictures, the audit trail,
 * idempotency keys, and nullable card holders so that erasing a person keeps the card numbers taken.
 */
export class AddCardManagementTables1796414624317 implements MigrationInterface {
  name = 'AddCardManagementTables1796414624317';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE cards.card DROP CONSTRAINT fk_card_person');
    await queryRunner.query('ALTER TABLE cards.card ALTER COLUMN person_id DROP NOT NULL');
    await queryRunner.query(
      'ALTER TABLE cards.card ADD CONSTRAINT fk_card_person FOREIGN KEY (person_id) REFERENCES cards.person (id) ON DELETE SET NULL',
    );
    await queryRunner.query(
      'ALTER TABLE cards.card ADD CONSTRAINT ck_card_holder_unless_deleted CHECK (person_id IS NOT NULL OR deleted_at IS NOT NULL)',
    );
    await queryRunner.query(
      'ALTER TABLE cards.card ADD CONSTRAINT ck_card_display_name_length CHECK (char_length(display_name) <= 255)',
    );
    await queryRunner.query('CREATE INDEX ix_card_issuer_escn ON cards.card (issuer_organisation_id, escn) WHERE deleted_at IS NULL');
    await queryRunner.query(
      'CREATE INDEX ix_card_issuer_issued ON cards.card (issuer_organisation_id, issued_at, id) WHERE deleted_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX ix_card_issuer_expires ON cards.card (issuer_organisation_id, expires_at, id) WHERE deleted_at IS NULL',
    );

    await queryRunner.query('ALTER TABLE cards.person_link ADD COLUMN esi_key text');
    await queryRunner.query('UPDATE cards.person_link l SET esi_key = p.esi_key FROM cards.person p WHERE p.id = l.person_id');
    await queryRunner.query('ALTER TABLE cards.person_link ALTER COLUMN esi_key SET NOT NULL');
    await queryRunner.query('CREATE INDEX ix_person_link_org_created ON cards.person_link (organisation_id, created_at, person_id)');
    await queryRunner.query('CREATE INDEX ix_person_link_org_esi ON cards.person_link (organisation_id, esi_key, person_id)');
    await queryRunner.query('CREATE INDEX ix_person_link_org_name ON cards.person_link (organisation_id, full_name, person_id)');

    await queryRunner.query(`
      CREATE TABLE cards.picture (
        person_id uuid NOT NULL,
        organisation_id integer NOT NULL,
        media_type text NOT NULL CONSTRAINT ck_picture_media_type CHECK (media_type IN ('image/jpeg', 'image/png')),
        content bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_picture PRIMARY KEY (person_id, organisation_id),
        CONSTRAINT fk_picture_person_link FOREIGN KEY (person_id, organisation_id)
          REFERENCES cards.person_link (person_id, organisation_id) ON DELETE CASCADE
      )`);

    await queryRunner.query(`
      CREATE TABLE cards.audit_entry (
        id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_audit_entry PRIMARY KEY,
        organisation_id integer NOT NULL,
        actor_type text NOT NULL CONSTRAINT ck_audit_entry_actor_type CHECK (actor_type IN ('user', 'api-token')),
        actor_id text NOT NULL,
        subject_type text NOT NULL CONSTRAINT ck_audit_entry_subject_type CHECK (subject_type IN ('PERSON', 'PERSON_LINK', 'PICTURE', 'CARD')),
        subject_key text,
        person_id uuid,
        action text NOT NULL CONSTRAINT ck_audit_entry_action CHECK (action IN ('CREATE', 'UPDATE', 'DELETE')),
        before jsonb,
        after jsonb,
        occurred_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX ix_audit_entry_organisation ON cards.audit_entry (organisation_id, id)');
    await queryRunner.query('CREATE INDEX ix_audit_entry_person ON cards.audit_entry (person_id) WHERE person_id IS NOT NULL');

    await queryRunner.query(`
      CREATE TABLE cards.idempotency_key (
        organisation_id integer NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL,
        completed_at timestamptz,
        CONSTRAINT pk_idempotency_key PRIMARY KEY (organisation_id, key)
      )`);
    await queryRunner.query('CREATE INDEX ix_idempotency_key_created ON cards.idempotency_key (created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE cards.idempotency_key');
    await queryRunner.query('DROP TABLE cards.audit_entry');
    await queryRunner.query('DROP TABLE cards.picture');
    await queryRunner.query('DROP INDEX cards.ix_person_link_org_name');
    await queryRunner.query('DROP INDEX cards.ix_person_link_org_esi');
    await queryRunner.query('DROP INDEX cards.ix_person_link_org_created');
    await queryRunner.query('ALTER TABLE cards.person_link DROP COLUMN esi_key');
    await queryRunner.query('DROP INDEX cards.ix_card_issuer_expires');
    await queryRunner.query('DROP INDEX cards.ix_card_issuer_issued');
    await queryRunner.query('DROP INDEX cards.ix_card_issuer_escn');
    await queryRunner.query('ALTER TABLE cards.card DROP CONSTRAINT ck_card_display_name_length');
    await queryRunner.query('ALTER TABLE cards.card DROP CONSTRAINT ck_card_holder_unless_deleted');
    await queryRunner.query('ALTER TABLE cards.card DROP CONSTRAINT fk_card_person');
    await queryRunner.query('DELETE FROM cards.card WHERE person_id IS NULL');
    await queryRunner.query('ALTER TABLE cards.card ALTER COLUMN person_id SET NOT NULL');
    await queryRunner.query('ALTER TABLE cards.card ADD CONSTRAINT fk_card_person FOREIGN KEY (person_id) REFERENCES cards.person (id)');
  }
}
