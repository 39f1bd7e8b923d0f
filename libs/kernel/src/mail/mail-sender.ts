import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';

interface ClaimedMail {
  id: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attempts: number;
}

/** Maximum delay between two attempts at one message. */
const MAX_RETRY_DELAY_MS = 6 * 3600 * 1000;

/**
 * Delivers queued mail over SMTP. Each message is claimed on its own (status SENDING, committed) before
 * the SMTP conversation and marked SENT right after it, so several instances never send one message
 * concurrently. A message still SENDING after MAIL_LEASE_SECONDS belongs to an instance that died, so it is
 * sent again. Only a process killed between the SMTP server's acceptance and the SENT update can
 * therefore send a message twice.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailSender.name);
  private transport?: Transporter;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SMTP_URL) {
      this.logger.warn('SMTP_URL is not set: outgoing mail stays queued in kernel.mail_message');

      return;
    }
    const url = new URL(this.config.SMTP_URL);
    url.searchParams.set('pool', 'true');
    this.transport = createTransport(url.toString(), { from: this.config.MAIL_FROM });
    // A failed poll (for example a lost database connection) is logged and retried at the next tick,
    // because an unhandled rejection would stop the process.
    this.timer = setInterval(
      () => void this.flush().catch((error: unknown) => this.logger.error({ err: error }, 'mail poll failed')),
      this.config.MAIL_POLL_INTERVAL_MS,
    );
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.transport?.close();
  }

  /** Sends every message that is due now and returns when none is left. Concurrent calls share one run. */
  flush(): Promise<void> {
    if (!this.transport) return Promise.resolve();

    this.running ??= this.sendDue().finally(() => {
      this.running = undefined;
    });

    return this.running;
  }

  private async sendDue(): Promise<void> {
    const workers = Array.from({ length: this.config.MAIL_CONCURRENCY }, async () => {
      while (!this.stopped) {
        const mail = await this.claim();
        if (!mail) return;
        await this.send(mail);
      }
    });
    await Promise.all(workers);
  }

  private async claim(): Promise<ClaimedMail | null> {
    const [rows]: [ClaimedMail[], number] = await this.dataSource.query(
      `UPDATE kernel.mail_message
          SET status = 'SENDING', claimed_at = now(), attempts = attempts + 1
        WHERE id = (
          SELECT id FROM kernel.mail_message
           WHERE (status = 'PENDING' AND next_attempt_at <= now())
              OR (status = 'SENDING' AND claimed_at < now() - make_interval(secs => $1::integer))
           ORDER BY id
           LIMIT 1
           FOR UPDATE SKIP LOCKED)
        RETURNING id, recipient, subject, text_body, html_body, attempts`,
      [this.config.MAIL_LEASE_SECONDS],
    );

    return rows[0] ?? null;
  }

  private async send(mail: ClaimedMail): Promise<void> {
    try {
      const info = await this.transport!.sendMail({
        to: mail.recipient,
        subject: mail.subject,
        text: mail.text_body,
        html: mail.html_body ?? undefined,
        headers: { 'X-ESC-Router-Mail-Id': mail.id },
      });
      await this.dataSource.query(
        `UPDATE kernel.mail_message SET status = 'SENT', sent_at = now(), smtp_message_id = $2, last_error = NULL
          WHERE id = $1`,
        [mail.id, info.messageId ?? null],
      );
    } catch (error) {
      const failed = mail.attempts >= this.config.MAIL_MAX_ATTEMPTS;
      const delayMs = Math.min(this.config.MAIL_RETRY_BASE_MS * 2 ** (mail.attempts - 1), MAX_RETRY_DELAY_MS);
      const message = error instanceof Error ? error.message : String(error);
      await this.dataSource.query(
        `UPDATE kernel.mail_message
            SET status = $2, last_error = $3, next_attempt_at = now() + make_interval(secs => $4::double precision)
          WHERE id = $1`,
        [mail.id, failed ? 'FAILED' : 'PENDING', message.slice(0, 2000), delayMs / 1000],
      );
      this.logger.error({ mailId: mail.id, attempt: mail.attempts, failed, err: error }, 'mail delivery failed');
    }
  }
}
