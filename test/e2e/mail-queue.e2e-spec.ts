import { MailQueue, MailSender, TransactionHost } from '@escr/kernel';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';

describe('mail queue', () => {
  let smtp: SmtpSink;
  let testApp: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    testApp = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_POLL_INTERVAL_MS: '60000', MAIL_RETRY_BASE_MS: '1' } });
  });

  afterAll(async () => {
    await testApp.close();
    await smtp.close();
  });

  it('sends queued mail once and records it as sent', async () => {
    const queue = testApp.app.get(MailQueue);
    const transactions = testApp.app.get(TransactionHost);
    await transactions.run(async () => {
      await queue.enqueue({ to: 'a@example.eu', subject: 'First', text: 'one', category: 'test', dedupeKey: 'test:1' });
      await queue.enqueue({ to: 'b@example.eu', subject: 'Second', text: 'two', category: 'test' });
    });
    const duplicate = await transactions.run(() =>
      queue.enqueue({ to: 'a@example.eu', subject: 'First', text: 'one', category: 'test', dedupeKey: 'test:1' }),
    );
    expect(duplicate).toBe(false);

    await testApp.app.get(MailSender).flush();
    await testApp.app.get(MailSender).flush();

    const received = await smtp.waitFor(2);
    expect(received.map((mail) => mail.subject).sort()).toEqual(['First', 'Second']);
    const records = await queue.list({ category: 'test' });
    expect(records.map((record) => record.status)).toEqual(['SENT', 'SENT']);
  });

  it('keeps mail queued when its transaction rolls back', async () => {
    const queue = testApp.app.get(MailQueue);
    await expect(
      testApp.app.get(TransactionHost).run(async () => {
        await queue.enqueue({ to: 'c@example.eu', subject: 'Rolled back', text: 'x', category: 'rollback' });
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');

    expect(await queue.list({ category: 'rollback' })).toEqual([]);
  });
});
