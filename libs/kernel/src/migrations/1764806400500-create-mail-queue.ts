import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMailQueue1764806400500 implements MigrationInterface {
  name = 'CreateMailQueue1764806400500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE kernel.mail_message (
        id bigserial CONSTRAINT pk_mail_message PRIMARY KEY,
        dedupe_key text CONSTRAINT uq_mail_message_dedupe_key UNIQUE,
        recipient text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text,
        category text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING'
          CONSTRAINT ck_mail_message_status CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'FAILED')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz,
        last_error text,
        smtp_message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE INDEX ix_mail_message_due ON kernel.mail_message (next_attempt_at, id)
        WHERE status IN ('PENDING', 'SENDING')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE kernel.mail_message');
  }
}
