import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set; test/global-setup.js should have set it');

  return url;
}

/** Creates an empty database on the test server, so that each test file owns its data. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = new URL(adminUrl());
  const name = `escr_test_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();

  const url = new URL(admin.toString());
  url.pathname = `/${name}`;

  return {
    url: url.toString(),
    async drop() {
      const dropper = new Client({ connectionString: admin.toString() });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
