import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Instances deliver outbox batches in parallel, so two events of one card can reach the projector out of
 * order. Each card status row keeps the outbox sequence of the event it came from, and a removed card
 * leaves the sequence of its removal behind, so an older event never overwrites a newer one or brings a
 * removed card back. Rows projected before this migration count as sequence 0.
 */
export class OrderCardStatusChanges1796600002000 implements MigrationInterface {
  name = 'OrderCardStatusChanges1796600002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE verification.card_status ADD COLUMN event_sequence bigint NOT NULL DEFAULT 0');
    await queryRunner.query(`
      CREATE TABLE verification.card_removal (
        card_number char(36) CONSTRAINT pk_card_removal PRIMARY KEY,
        event_sequence bigint NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE verification.card_removal');
    await queryRunner.query('ALTER TABLE verification.card_status DROP COLUMN event_sequence');
  }
}
