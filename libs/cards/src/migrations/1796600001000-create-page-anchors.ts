import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where served list pages ended, shared by all instances so that a client walking a long list page by
 * page is served with a keyset seek whichever instance answers. The rows are a cache: the table is
 * UNLOGGED (no WAL, emptied after a crash, absent on replicas) and rows expire after an hour.
 */
export class CreatePageAnchors1796600001000 implements MigrationInterface {
  name = 'CreatePageAnchors1796600001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNLOGGED TABLE cards.page_anchor (
        list_key text NOT NULL,
        page integer NOT NULL,
        sort_value text NOT NULL,
        row_id text NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_page_anchor PRIMARY KEY (list_key, page)
      )`);
    await queryRunner.query('CREATE INDEX ix_page_anchor_stored ON cards.page_anchor (stored_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE cards.page_anchor');
  }
}
