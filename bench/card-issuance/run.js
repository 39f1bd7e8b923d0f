'use strict';
// Card-issuance benchmark: POST /esc-rest/api/v2/cards on the built router against a baseline server that
// does the raw INSERTs of one person and one card per request. Both run, one after the other, each on a
// fresh database of the PostgreSQL at BENCH_DATABASE_URL, with the same pool size and the same concurrency.
//
// Usage: npm run bench:cards   (builds the router first; see docs/benchmarks.md)
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { call, cpuMilliseconds, freePort, onboard, routerBuild, routerEnvironment, startLogged, waitFor } = require('../support.js');

/** The built router to measure: `dist/apps/router` unless BENCH_ROUTER_DIST names another build of it. */
const ROUTER_MAIN = routerBuild().main;
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 10);
/** When set, the router writes a V8 CPU profile of the whole run into this folder. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
/** Extra Node.js options for the router, separated by spaces, for example `--perf-basic-prof` for Linux perf. */
const ROUTER_NODE_OPTIONS = (process.env.BENCH_ROUTER_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
/** When set, the router counts its SQL statements by text and writes them to this JSON file at exit. */
const QUERY_LOG = process.env.BENCH_QUERY_LOG;
/**
 * Cardholders the router's cards go to, in turn. Real traffic issues cards to many students; with 1,
 * every request locks the same person link.
 */
const HOLDERS = Number(process.env.BENCH_HOLDERS ?? 1);
const LOG_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'escr-bench-'));
const PASSWORD = `bench ${randomBytes(12).toString('base64url')} passphrase`;
const JSON_PROBE = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' };

function runAutocannon(url, headers, body, duration) {
  // A function body is called for every request, so each request may go to another cardholder.
  const requests = typeof body === 'function' ? [{ setupRequest: (request) => ({ ...request, body: body() }) }] : undefined;

  return new Promise((resolve, reject) => {
    autocannon(
      { url, method: 'POST', headers, body: typeof body === 'function' ? undefined : body, requests, connections: CONNECTIONS, duration },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** Links HOLDERS - 1 more persons to the issuer with SQL, and returns all their ESIs, the onboarded one first. */
async function addHolders(databaseUrl, pic, firstEsi) {
  if (HOLDERS <= 1) return [firstEsi];

  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `WITH issuer AS (SELECT id FROM organisations.organisation WHERE identifier = $1),
            people AS (
              INSERT INTO cards.person (esi, esi_key)
              SELECT 'urn:schac:personalUniqueCode:int:esi:fr:' || $1 || '-' || n, 'urn:schac:personaluniquecode:int:esi:fr:' || $1 || '-' || n
                FROM generate_series(2, $2::integer) AS n
              RETURNING id, esi, esi_key)
       INSERT INTO cards.person_link (person_id, organisation_id, full_name, esi_key)
       SELECT people.id, issuer.id, 'Bench Student', people.esi_key FROM people, issuer
       RETURNING (SELECT esi FROM people WHERE people.id = person_id) AS esi`,
      [pic, HOLDERS],
    );

    return [firstEsi, ...rows.map((row) => row.esi)];
  } finally {
    await client.end();
  }
}

/**
 * Returns the CPU time each PostgreSQL process on this machine has used so far, in milliseconds, by process
 * id. A process that exits before the next reading takes its time with it, so the difference is a lower bound.
 */
function databaseCpuMilliseconds() {
  const used = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.includes(' (postgres) ')) used.set(entry, cpuMilliseconds(entry));
    } catch {
      // The process ended while being read.
    }
  }

  return used;
}

/** CPU time PostgreSQL processes used between two readings of databaseCpuMilliseconds, in milliseconds. */
function databaseCpuUsedSince(before) {
  let total = 0;
  for (const [pid, milliseconds] of databaseCpuMilliseconds()) total += milliseconds - (before.get(pid) ?? 0);

  return total;
}

async function measure(name, url, headers, body, server) {
  await runAutocannon(url, headers, body, WARMUP_SECONDS);
  const cpuBefore = cpuMilliseconds(server.pid);
  const databaseCpuBefore = databaseCpuMilliseconds();
  const result = await runAutocannon(url, headers, body, DURATION_SECONDS);
  const cpuUsed = cpuMilliseconds(server.pid) - cpuBefore;
  const databaseCpuUsed = databaseCpuUsedSince(databaseCpuBefore);
  const ok = result['2xx'];

  return {
    name,
    requests: result.requests.total,
    created: ok,
    errors: result.errors + result.non2xx + result.timeouts,
    ratePerSecond: ok / DURATION_SECONDS,
    serverCpuMillisecondsPerRequest: Math.round((cpuUsed / Math.max(result.requests.total, 1)) * 100) / 100,
    databaseCpuMillisecondsPerRequest: Math.round((databaseCpuUsed / Math.max(result.requests.total, 1)) * 100) / 100,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  };
}

/**
 * Returns, per table of the router's database, the index and sequential scans and the inserted rows divided
 * by the cards stored (warm-up included), and the committed transactions per card: where the database work
 * of one request goes. Onboarding adds a few dozen transactions, which is noise next to thousands of cards.
 */
async function databaseWorkPerCard(databaseUrl) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const stored = await client.query('SELECT count(*)::int AS count FROM cards.card');
    const cards = stored.rows[0].count;
    const tables = await client.query(
      `SELECT schemaname || '.' || relname AS name, coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS scans, n_tup_ins AS inserts
       FROM pg_stat_user_tables ORDER BY 2 DESC`,
    );
    const database = await client.query('SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()');
    const perCard = (value) => Math.round((Number(value) / cards) * 100) / 100;

    return {
      cards,
      transactionsPerCard: perCard(database.rows[0].xact_commit),
      tables: tables.rows
        .filter((row) => Number(row.scans) + Number(row.inserts) > cards / 2)
        .map((row) => ({ table: row.name, scansPerCard: perCard(row.scans), insertsPerCard: perCard(row.inserts) })),
    };
  } finally {
    await client.end();
  }
}

async function main() {
  const suffix = randomBytes(4).toString('hex');
  const databaseNames = [`escr_bench_${suffix}`, `escr_bench_baseline_${suffix}`];
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  for (const name of databaseNames) await admin.query(`CREATE DATABASE ${name}`);
  const [databaseUrl, baselineDatabaseUrl] = databaseNames.map((name) => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;

    return url;
  });

  const children = [];
  try {
    const routerPort = await freePort();
    const routerEnv = routerEnvironment({ databaseUrl, port: routerPort, poolSize: POOL_SIZE });
    const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`] : [];
    const counting = QUERY_LOG ? ['--require', path.join(__dirname, 'count-queries.js')] : [];
    const router = startLogged(LOG_DIR, ROUTER_MAIN, { ...routerEnv, BENCH_QUERY_LOG: QUERY_LOG ? path.resolve(QUERY_LOG) : '' }, {
      nodeOptions: [...profile, ...counting, ...ROUTER_NODE_OPTIONS],
    });
    children.push(router);
    const routerUrl = `http://127.0.0.1:${routerPort}`;
    await waitFor(`${routerUrl}/health`, router, { seconds: 60 });

    const baselinePort = await freePort();
    const baseline = startLogged(LOG_DIR, path.join(__dirname, 'baseline-server.js'), {
      DATABASE_URL: baselineDatabaseUrl.toString(),
      PORT: String(baselinePort),
      POOL_SIZE: String(POOL_SIZE),
    });
    children.push(baseline);
    const baselineUrl = `http://127.0.0.1:${baselinePort}`;
    // The baseline takes only POST with a JSON body.
    await waitFor(`${baselineUrl}/cards`, baseline, { seconds: 60, request: JSON_PROBE });

    const { pic, apiToken } = await onboard(routerUrl, routerEnv, { logDir: LOG_DIR, password: PASSWORD });
    const esi = `urn:schac:personalUniqueCode:int:esi:fr:${pic}`;
    await call(routerUrl, 'POST', '/esc-rest/api/v2/persons', {
      token: apiToken,
      body: { identifier: esi, personOrganisationUpdateViews: [{ organisationIdentifier: pic, fullName: 'Bench Student' }] },
    });
    const card = {
      cardStatusType: 'ACTIVE',
      cardType: 'SMART_PASSIVE',
      displayName: 'Card of Bench Student',
      issuedAt: '2026-09-01',
      expiresAt: '2030-08-31',
      issuerIdentifier: pic,
      personIdentifier: esi,
    };
    const body = JSON.stringify(card);
    const holders = await addHolders(databaseUrl.toString(), pic, esi);
    let next = 0;
    const routerBody = holders.length === 1 ? body : () => JSON.stringify({ ...card, personIdentifier: holders[next++ % holders.length] });
    const json = { 'Content-Type': 'application/json' };

    const baselineResult = await measure('baseline (node:http + pg, raw INSERTs)', `${baselineUrl}/cards`, json, body, baseline);
    const routerResult = await measure('router POST /esc-rest/api/v2/cards', `${routerUrl}/esc-rest/api/v2/cards`, {
      ...json,
      Authorization: `Bearer ${apiToken}`,
    }, routerBody, router);

    const databaseWork = await databaseWorkPerCard(databaseUrl.toString());
    const report = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        loadAverageAtEnd: os.loadavg()[0],
      },
      settings: { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, warmupSeconds: WARMUP_SECONDS, poolSize: POOL_SIZE, holders: HOLDERS },
      results: [baselineResult, routerResult],
      ratio: routerResult.ratePerSecond / baselineResult.ratePerSecond,
      databaseWork,
      logs: LOG_DIR,
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    // Lets the outbox deliver the events of the last requests before the router stops.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)));
    for (const name of databaseNames) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error('card-issuance benchmark failed:', error);
  process.exitCode = 1;
});
