import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { compiledRouter } from '../support/compiled-router';
import { login, TEST_PASSWORD } from '../support/onboarding';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

const run = promisify(execFile);

/** Runs the compiled operator command with the password on standard input. */
async function operator(database: TestDatabase, args: string[], input: string): Promise<{ stdout: string; stderr: string }> {
  const { operator: script } = await compiledRouter();

  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [script, ...args],
      { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'error', NODE_ENV: 'test' } },
      (error, stdout, stderr) => (error ? reject(Object.assign(error, { stdout, stderr })) : resolve({ stdout, stderr })),
    );
    child.stdin?.end(input);
  });
}

describe('operator command line', () => {
  let database: TestDatabase;
  let testApp: TestApp | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await testApp?.close();
    await database.drop();
  });

  it('applies migrations and creates an operations-staff account that can log in', async () => {
    const migrated = await operator(database, ['migrate'], '');
    expect(migrated.stdout + migrated.stderr).toContain('migration');

    const created = await operator(database, ['create-operations-user', '--email', 'first-ops@example.eu'], `${TEST_PASSWORD}\n`);
    expect(created.stdout).toContain('created operations user first-ops@example.eu');

    testApp = await startTestApp({ database });
    const token = await login(testApp, 'first-ops@example.eu');
    const me = await testApp.http.get('/api/auth/me').auth(token, { type: 'bearer' }).expect(200);
    expect(me.body).toMatchObject({ type: 'user', role: 'OPERATIONS', organisationId: null });
  });

  it('rejects a too short password and names the rule', async () => {
    await expect(operator(database, ['create-operations-user', '--email', 'short@example.eu'], 'short\n')).rejects.toMatchObject({
      stderr: expect.stringContaining('password: must be at least 12 characters long'),
    });
  });

  it('prints usage for an unknown command', async () => {
    await expect(operator(database, ['frobnicate'], '')).rejects.toMatchObject({ stderr: expect.stringContaining('Usage:') });
    await run(process.execPath, ['-e', '0']);
  });
});
