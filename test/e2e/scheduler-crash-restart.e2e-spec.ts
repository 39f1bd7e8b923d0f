import { ChildProcess, execFile, spawn } from 'node:child_process';
import { Client } from 'pg';
import { OrganisationsFacade } from '@escr/organisations';
import { compiledRouter } from '../support/compiled-router';
import type { ParsedMail } from 'mailparser';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp } from '../support/test-app';

const ORGANISATIONS = 1000;
const DAY_MS = 24 * 3600 * 1000;

/** Parses the JSON document an operator command printed, skipping the log lines around it. */
function parseOperatorJson(stdout: string): unknown {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line === '[' || line === '{' || line === '[]' || line.startsWith('{'));
  const end = lines.map((line) => line === ']' || line === '}' || line === '[]' || line.endsWith('}')).lastIndexOf(true);

  return JSON.parse(lines.slice(start, end + 1).join('\n'));
}

function mailId(message: ParsedMail): string {
  return String(message.headers.get('x-esc-router-mail-id'));
}

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Runs the compiled router as a child process, kills it with SIGKILL in the middle of an announcement to
 * 1,000 organisations, restarts it, and checks that every message is delivered, with at most the one
 * message that was in the SMTP conversation at the kill delivered twice (MAIL_CONCURRENCY=1).
 */
describe('mailing survives a killed router', () => {
  let database: TestDatabase;
  let smtp: SmtpSink;
  let admin: Client;
  const children: ChildProcess[] = [];
  let stderr = '';

  function env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      PORT: '0',
      JWT_SECRET: 'crash-restart-test-secret-0123456789-0123456789-abc',
      SCHEDULER_ENABLED: 'true',
      LEGAL_JOB_INTERVAL_MS: '200',
      MAIL_POLL_INTERVAL_MS: '100',
      MAIL_LEASE_SECONDS: '2',
      MAIL_CONCURRENCY: '1',
    };
  }

  async function startRouter(): Promise<ChildProcess> {
    const { main } = await compiledRouter();
    const child = spawn(process.execPath, [main], { env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    children.push(child);

    return child;
  }

  function operator(args: string[]): Promise<string> {
    return compiledRouter().then(
      ({ operator: script }) =>
        new Promise((resolve, reject) => {
          execFile(process.execPath, [script, ...args], { env: { ...env(), SMTP_URL: '' } }, (error, stdout, errorOutput) =>
            error ? reject(Object.assign(error, { stdout, stderr: errorOutput })) : resolve(stdout),
          );
        }),
    );
  }

  beforeAll(async () => {
    smtp = await startSmtpSink();
    database = await createTestDatabase();
    await compiledRouter();

    // Migrate, seed 1,000 active HEIs with one authorised person each, and publish a new T&C version.
    const seeding = await startTestApp({ database, env: { SCHEDULER_ENABLED: 'false' } });
    admin = new Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(
      `INSERT INTO organisations.organisation (type, identifier, name, country, status, vetted_at, created_at)
       SELECT 'HEI', (700000000 + n)::text, 'Seeded University ' || n, 'FR', 'ACTIVE', now() - interval '10 days', now() - interval '10 days'
         FROM generate_series(1, $1) AS n`,
      [ORGANISATIONS],
    );
    await admin.query(
      `INSERT INTO identity.user_account (email, email_normalised, role, organisation_id, status)
       SELECT 'admin-' || o.identifier || '@seeded.example', 'admin-' || o.identifier || '@seeded.example', 'AUTHORISED_PERSON', o.id, 'ACTIVE'
         FROM organisations.organisation o`,
    );
    await seeding.app.get(OrganisationsFacade).publishLegalDocument({
      documentType: 'TERMS_AND_CONDITIONS',
      text: '# Terms and Conditions, version 2\n\n{{organisation.name}} accepts the updated terms.',
      publishedAt: new Date(),
      acceptanceDeadline: new Date(Date.now() + 60 * DAY_MS),
    });
    await seeding.close();
  }, 120_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await admin?.end();
    await database?.drop();
    await smtp?.close();
  });

  it('previews the 1,000 announcements from the operator command line', async () => {
    const due = parseOperatorJson(await operator(['legal-due-notices'])) as { stage: string; recipients: string[] }[];

    expect(due).toHaveLength(ORGANISATIONS);
    expect(due.every((notice) => notice.stage === 'ANNOUNCEMENT' && notice.recipients.length === 1)).toBe(true);
  }, 60_000);

  it('delivers every message after SIGKILL', async () => {
    const first = await startRouter();
    await waitUntil(() => smtp.messages.length >= 150, 60_000, '150 delivered messages').catch((error: Error) => {
      throw new Error(`${error.message}; router output:\n${stderr.slice(-4000)}`);
    });
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const deliveredBeforeKill = smtp.messages.length;
    const queuedAtKill = Number((await admin.query(`SELECT count(*) FROM kernel.mail_message`)).rows[0].count);

    await startRouter();
    await waitUntil(() => new Set(smtp.messages.map(mailId)).size >= ORGANISATIONS, 90_000, `${ORGANISATIONS} distinct messages`);
    await waitUntil(
      async () =>
        Number((await admin.query(`SELECT count(*) FROM kernel.mail_message WHERE status <> 'SENT'`)).rows[0].count) === 0,
      20_000,
      'every message marked SENT',
    );

    const ids = smtp.messages.map(mailId);
    const distinct = new Set(ids);
    const duplicates = ids.length - distinct.size;
    const notices = await admin.query(`SELECT count(*) FROM organisations.acceptance_notice WHERE stage = 'ANNOUNCEMENT'`);
    const messages = await admin.query(`SELECT count(*), count(DISTINCT recipient) AS recipients FROM kernel.mail_message`);
    process.stdout.write(
      `crash test: ${deliveredBeforeKill} delivered and ${queuedAtKill} queued before the kill, ${ids.length} deliveries in all, ${duplicates} duplicate(s)\n`,
    );

    expect(deliveredBeforeKill).toBeLessThan(ORGANISATIONS);
    expect(distinct.size).toBe(ORGANISATIONS);
    expect(duplicates).toBeLessThanOrEqual(1);
    expect(Number(notices.rows[0].count)).toBe(ORGANISATIONS);
    expect(messages.rows[0]).toEqual({ count: String(ORGANISATIONS), recipients: String(ORGANISATIONS) });
    expect(stderr).not.toContain('acceptance notice failed');
  }, 180_000);

  it('reports the finished mailing from the operator command line', async () => {
    const sent = parseOperatorJson(await operator(['mail-list', '--category', 'legal-announcement', '--status', 'SENT', '--limit', '1000'])) as unknown[];
    expect(sent).toHaveLength(ORGANISATIONS);

    const periods = parseOperatorJson(await operator(['legal-periods'])) as Record<string, unknown>[];
    expect(periods[0]).toMatchObject({ documentType: 'TERMS_AND_CONDITIONS', version: 2, state: 'OPEN', notices: { ANNOUNCEMENT: ORGANISATIONS } });

    // The running router's own scheduler takes the job's advisory lock on every tick, so a run from the
    // command line may find it held; it then reports {ran: false} and is tried again.
    let run = parseOperatorJson(await operator(['legal-run'])) as { ran: boolean };
    for (let attempt = 1; !run.ran && attempt < 10; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      run = parseOperatorJson(await operator(['legal-run'])) as { ran: boolean };
    }
    expect(run).toMatchObject({ ran: true, decided: 0 });
  }, 60_000);
});
