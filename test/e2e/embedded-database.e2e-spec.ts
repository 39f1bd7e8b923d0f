import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledRouter } from '../support/compiled-router';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts the compiled router without DATABASE_URL, stops it with SIGTERM once it listens, and returns its exit code and log. */
async function startAndStop(main: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; log: string }> {
  const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('ESC Router listening on')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the router exited with code ${code} before listening:\n${log}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  await listening;
  child.kill('SIGTERM');

  return { code: await exited, log };
}

describe('router on its embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'escr-embedded-'));

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops on SIGTERM without errors', async () => {
    const { main } = await compiledRouter();
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const env = {
      ...inherited,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: '0',
      EMBEDDED_DATABASE_DIR: dataDir,
      EMBEDDED_DATABASE_PORT: String(await freePort()),
    };

    for (const start of ['new data folder', 'existing data folder']) {
      const { code, log } = await startAndStop(main, env);

      expect({ start, code }).toEqual({ start, code: 0 });
      expect(log.split('\n').filter((line) => line.includes('"level":50'))).toEqual([]);
      expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
    }
  }, 180_000);
});
