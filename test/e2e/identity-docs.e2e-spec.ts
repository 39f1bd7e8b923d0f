import { ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { compiledRouter } from '../support/compiled-router';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** Returns a TCP port that was free on 127.0.0.1 a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl: string, router: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (router.exitCode !== null) throw new Error(`the router exited with code ${router.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the router did not answer ${baseUrl}/health within 60 s`);
}

describe('identity documentation', () => {
  let database: TestDatabase;
  let router: ChildProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    if (router && router.exitCode === null) {
      const exited = new Promise((resolve) => router!.once('exit', resolve));
      router.kill('SIGTERM');
      await exited;
    }
    await database.drop();
  });

  it('runs the curl examples of docs/identity.md as written', async () => {
    const { main, operator } = await compiledRouter();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = { ...process.env, DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', NODE_ENV: 'test' };
    router = spawn(process.execPath, [main], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    await waitForHealth(baseUrl, router);

    // The examples address npm start on port 3000 and its operator script; only those two strings change.
    const markdown = readFileSync(join(__dirname, '..', '..', 'docs', 'identity.md'), 'utf8');
    const blocks = [...markdown.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]);
    const script = blocks
      .join('\n')
      .replaceAll('127.0.0.1:3000', `127.0.0.1:${port}`)
      .replaceAll('npm run operator --', `'${process.execPath}' '${operator}'`);

    const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
      execFile('bash', ['-euo', 'pipefail', '-c', script], { env, timeout: 120_000 }, (error, out, err) =>
        resolve({ stdout: out, stderr: err, code: error ? Number(error.code ?? 1) : 0 }),
      );
    });
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });

    const lines = stdout.split('\n');
    expect(stdout).toMatch(/^created operations user security-ops@example\.eu \(id [0-9a-f-]{36}\)$/m);
    expect(lines).toContain('LEGAL_PENDING');
    expect(stdout).toContain('"code": "SE-0005"');
    expect(stdout).toContain('"tokenType": "Bearer"');
    expect(stdout).toContain('"role": "MEMBER"');
    expect(lines).toContain('SE-0002');
    expect(lines).toContain('AUTHORISED_PERSON');
    expect(lines).toContain('DISABLED');
    expect(lines).toContain('ACTIVE');
    expect(lines.filter((line) => line === '200')).toHaveLength(2);
    expect(lines.filter((line) => line === '204')).toHaveLength(3);
    expect(lines.filter((line) => line === '401')).toHaveLength(3);
    expect(lines).toContain('login.succeeded');
  }, 240_000);
});
