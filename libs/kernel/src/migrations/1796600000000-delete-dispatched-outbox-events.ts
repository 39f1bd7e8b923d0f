import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox becomes a queue: an event is deleted once every handler has it, instead of being marked
 * dispatched and kept. Undelivered and parked (failed) events stay.
 */
export class DeleteDispatchedOutboxEvents1796600000000 implements MigrationInterface {
  name = 'DeleteDispatchedOutboxEvents1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM kernel.outbox_event WHERE dispatched_at IS NOT NULL');
    await queryRunner.query('DROP INDEX kernel.ix_outbox_event_due');
    await queryRunner.query('ALTER TABLE kernel.outbox_event DROP COLUMN dispatched_at');
    await queryRunner.query('CREATE INDEX ix_outbox_event_due ON kernel.outbox_event (id) WHERE failed_at IS NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX kernel.ix_outbox_event_due');
    await queryRunner.query('ALTER TABLE kernel.outbox_event ADD COLUMN dispatched_at timestamptz');
    await queryRunner.query(`
      CREATE INDEX ix_outbox_event_due ON kernel.outbox_event (id)
        WHERE dispatched_at IS NULL AND failed_at IS NULL`);
  }
}
