import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOutbox1764806400000 implements MigrationInterface {
  name = 'CreateOutbox1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS kernel');
    await queryRunner.query(`
      CREATE TABLE kernel.outbox_event (
        id bigserial CONSTRAINT pk_outbox_event PRIMARY KEY,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        dispatched_at timestamptz,
        failed_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE INDEX ix_outbox_event_due ON kernel.outbox_event (id)
        WHERE dispatched_at IS NULL AND failed_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE kernel.outbox_delivery (
        event_id bigint NOT NULL CONSTRAINT fk_outbox_delivery_event REFERENCES kernel.outbox_event (id) ON DELETE CASCADE,
        handler text NOT NULL,
        delivered_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_outbox_delivery PRIMARY KEY (event_id, handler)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE kernel.outbox_delivery');
    await queryRunner.query('DROP TABLE kernel.outbox_event');
    await queryRunner.query('DROP SCHEMA kernel');
  }
}
