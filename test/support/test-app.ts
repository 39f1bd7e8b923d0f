import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AppConfig, Clock, loadConfig, OutboxDispatcher } from '@escr/kernel';
import { createApp } from '../../apps/router/src/bootstrap';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  http: TestAgent;
  /** Base URL when started with listen: true. */
  baseUrl: string;
  database: TestDatabase;
  /** Delivers every pending domain event now. */
  drainOutbox(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Environment variables on top of the test defaults. */
  env?: Record<string, string>;
  clock?: Clock;
  /** Listen on an ephemeral port on 127.0.0.1, for clients other than supertest. */
  listen?: boolean;
  /** Reuse a database, for tests that run two instances or restart one. */
  database?: TestDatabase;
}

/** Boots the router against a fresh database, with migrations applied, as the e2e tests use it. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '5',
    PORT: '0',
    OUTBOX_POLL_INTERVAL_MS: '200',
    ...options.env,
  });
  const app = await createApp(config, { clock: options.clock });
  let baseUrl = '';
  if (options.listen) {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}`;
  } else {
    await app.init();
    // Fastify serves requests that supertest passes to its server only once its plugins are loaded.
    await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  }

  return {
    app,
    config,
    http: request(app.getHttpServer()),
    baseUrl,
    database,
    drainOutbox: () => app.get(OutboxDispatcher).drain(),
    async close() {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}
