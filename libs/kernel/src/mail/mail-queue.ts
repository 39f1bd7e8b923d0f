import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What the message is about, for operators: for example `invitation`, `legal-reminder`. */
  category: string;
  /**
   * Makes enqueueing idempotent: a second message with the same key is ignored. Use it when the
   * decision to send can be taken twice, for example a reminder keyed by organisation, period and stage.
   */
  dedupeKey?: string;
}

export type MailStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED';

export interface MailRecord {
  id: string;
  recipient: string;
  subject: string;
  category: string;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  dedupeKey: string | null;
}

/**
 * The outgoing-mail outbox. Enqueueing writes a row in the caller's transaction, so a message exists
 * exactly when the state change that caused it committed; MailSender delivers it afterwards.
 */
@Injectable()
export class MailQueue {
  constructor(private readonly transactions: TransactionHost) {}

  /** Queues a message. Returns false when a message with the same dedupe key was queued before. */
  async enqueue(mail: OutgoingMail): Promise<boolean> {
    const rows: unknown[] = await this.transactions.manager.query(
      `INSERT INTO kernel.mail_message (dedupe_key, recipient, subject, text_body, html_body, category)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [mail.dedupeKey ?? null, mail.to, mail.subject, mail.text, mail.html ?? null, mail.category],
    );

    return rows.length > 0;
  }

  /** Lists messages, newest first, optionally of one category or status. */
  async list(filter: { category?: string; status?: MailStatus; limit?: number; offset?: number } = {}): Promise<MailRecord[]> {
    const rows: Record<string, unknown>[] = await this.transactions.manager.query(
      `SELECT id, recipient, subject, category, status, attempts, last_error, created_at, sent_at, dedupe_key
         FROM kernel.mail_message
        WHERE ($1::text IS NULL OR category = $1) AND ($2::text IS NULL OR status = $2)
        ORDER BY id DESC
        LIMIT $3 OFFSET $4`,
      [filter.category ?? null, filter.status ?? null, filter.limit ?? 100, filter.offset ?? 0],
    );

    return rows.map((row) => ({
      id: String(row.id),
      recipient: row.recipient as string,
      subject: row.subject as string,
      category: row.category as string,
      status: row.status as MailStatus,
      attempts: row.attempts as number,
      lastError: (row.last_error as string | null) ?? null,
      createdAt: new Date(row.created_at as string),
      sentAt: row.sent_at ? new Date(row.sent_at as string) : null,
      dedupeKey: (row.dedupe_key as string | null) ?? null,
    }));
  }
}
