'use strict';
// Public status lookup benchmark: GET /esc-rest/api/v2/cards/{escn}/status on the built router, against
// A (baseline-database-server.js: node:http + pg, the same indexed query per request) and L
// (baseline-memory-server.js: node:http serving from a Map). All three read one fresh database of the
// PostgreSQL at BENCH_DATABASE_URL, loaded with BENCH_CARDS cards. autocannon runs in this process, and
// each server in its own child process.
//
// Two request mixes:
// - hot: BENCH_HOT_CARDS cards drawn at random, requested in turn (a busy period in which the same cards
//   are scanned again and again); each of them is requested once before the warm-up; all three servers.
// - uniform: any of the BENCH_CARDS cards at random, so the router's cache mostly misses; A and the router.
//
// Usage: npm run bench:verification   (builds the router first; results are recorded in docs/benchmarks.md)
const { spawn } = require('node:child_process');
const { randomBytes, randomInt } = require('node:crypto');
const { mkdtempSync, readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { freePort, routerEnvironment, waitFor } = require('../support.js');

const ROOT = path.resolve(__dirname, '..', '..');
const ROUTER_MAIN = path.join(ROOT, 'dist/apps/router/apps/router/src/main.js');
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CARDS = Number(process.env.BENCH_CARDS ?? 1_000_000);
const HOT_CARDS = Number(process.env.BENCH_HOT_CARDS ?? 20_000);
const ISSUERS = 1000;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 10);
/** The targets take turns, round after round, so that a burst of load from elsewhere on the machine hits all of them. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Comma-separated request mixes to run: hot, uniform or both. */
const MIXES = (process.env.BENCH_MIXES ?? 'hot,uniform').split(',');
/** Set to 1 to make A run its query as a named prepared statement, as the router does. */
const BASELINE_PREPARED = process.env.BENCH_BASELINE_PREPARED === '1';
/** Extra Node.js options for the router process alone, such as `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
const ROUTER_NODE_OPTIONS = (process.env.BENCH_ROUTER_NODE_OPTIONS ?? '').split(' ').filter(Boolean);

/** Returns the ESCN of generated card number i. The SQL in loadCards builds the same string. */
function escnOf(i) {
  const pic = 100_000_000 + (i % ISSUERS) + 1;

  return `${i.toString(16).padStart(8, '0')}-b51e-103e-8${(i % 4096).toString(16).padStart(3, '0')}-001${pic}`;
}

/**
 * Fills the projection as card events would. There are 1,000 issuers, half of them on the new logo since
 * 2026-01-01 and a fifth publishing display names. 5 % of the cards are inactive, and expiry dates spread
 * from 2026-06-30 over four years, so that some cards read EXPIRED.
 */
async function loadCards(databaseUrl) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  await client.query(`
    INSERT INTO verification.issuer (organisation_id, identifier, name, new_logo_at, publish_display_name)
    SELECT k, (100000000 + k)::text, 'Benchmark University ' || k,
           CASE WHEN k % 2 = 0 THEN date '2026-01-01' END, k % 5 = 0
      FROM generate_series(1, ${ISSUERS}) AS k`);
  await client.query(`
    INSERT INTO verification.card_status (card_number, status, card_type, issued_at, expires_at, issuer_organisation_id,
                                          issuer_identifier, issuer_name, display_name, updated_at)
    SELECT lpad(to_hex(i), 8, '0') || '-b51e-103e-8' || lpad(to_hex(i % 4096), 3, '0') || '-001' || (100000000 + k)::text,
           CASE WHEN i % 20 = 0 THEN 'INACTIVE' ELSE 'ACTIVE' END,
           'SMART_PASSIVE',
           date '2024-09-01' + (i % 700),
           date '2026-06-30' + (i % 1500),
           k, (100000000 + k)::text, 'Benchmark University ' || k,
           CASE WHEN k % 5 = 0 THEN 'Card ' || i END,
           now()
      FROM (SELECT i, (i % ${ISSUERS}) + 1 AS k FROM generate_series(1, ${CARDS}) AS i) AS numbered`);
  await client.query('VACUUM ANALYZE verification.card_status');
  await client.query('ANALYZE verification.issuer');
  const [{ count }] = (await client.query('SELECT count(*)::int AS count FROM verification.card_status')).rows;
  await client.end();

  return { cards: count, seconds: (Date.now() - started) / 1000 };
}

function start(script, env, nodeOptions = []) {
  return spawn(process.execPath, [...nodeOptions, script], { env: { ...process.env, ...env }, stdio: ['ignore', 2, 2] });
}

/** Runs autocannon for `limit.duration` seconds or `limit.amount` requests. */
function runAutocannon(baseUrl, nextPath, limit) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: baseUrl,
        connections: CONNECTIONS,
        ...limit,
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc on Linux, at 100 ticks per second. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');

  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Warms up, then measures. `primeRequests` requests go first, so that a cache contains the hot set before timing starts. */
async function measure(target, mix, nextPath, primeRequests = 0) {
  if (primeRequests > 0) await runAutocannon(target.url, nextPath, { amount: primeRequests });
  await runAutocannon(target.url, nextPath, { duration: WARMUP_SECONDS });
  const cpuBefore = cpuSeconds(target.pid);
  const result = await runAutocannon(target.url, nextPath, { duration: DURATION_SECONDS });
  const cpu = cpuSeconds(target.pid) - cpuBefore;

  return {
    target: target.name,
    mix,
    requests: result.requests.total,
    ok: result['2xx'],
    errors: result.errors + result.timeouts + result.non2xx,
    requestsPerSecond: Math.round(result.requests.total / DURATION_SECONDS),
    serverCpuMicrosecondsPerRequest: Math.round((cpu * 1e6) / result.requests.total),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);

  return sorted[Math.floor(sorted.length / 2)];
}

/** Per mix and target, the median over the rounds of each number. */
function medians(results) {
  const groups = new Map();
  for (const result of results) {
    const key = `${result.mix} ${result.target}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }

  return [...groups.values()].map((group) => ({
    mix: group[0].mix,
    target: group[0].target,
    requestsPerSecond: median(group.map((result) => result.requestsPerSecond)),
    serverCpuMicrosecondsPerRequest: median(group.map((result) => result.serverCpuMicrosecondsPerRequest)),
    p50: median(group.map((result) => result.latencyMs.p50)),
    p99: median(group.map((result) => result.latencyMs.p99)),
    errors: group.reduce((sum, result) => sum + result.errors, 0),
  }));
}

function statusPath(i) {
  return `/esc-rest/api/v2/cards/${escnOf(i)}/status`;
}

async function main() {
  const databaseName = `escr_bench_verification_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${databaseName}`;

  const children = [];
  try {
    const routerPort = await freePort();
    const router = start(ROUTER_MAIN, {
      ...routerEnvironment({ databaseUrl, port: routerPort, poolSize: POOL_SIZE }),
      SCHEDULER_ENABLED: 'false',
      // One autocannon process is one client address, so the limits are raised out of the way; the limiter still runs.
      VERIFICATION_RATE_LIMIT_BURST: '100000',
      VERIFICATION_RATE_LIMIT_PER_MINUTE: '6000000',
    }, ROUTER_NODE_OPTIONS);
    children.push(router);
    const routerUrl = `http://127.0.0.1:${routerPort}`;
    await waitFor(`${routerUrl}/health`, router);

    const loaded = await loadCards(databaseUrl.toString());
    console.error(`loaded ${loaded.cards} cards in ${loaded.seconds} s`);

    const hot = Array.from({ length: HOT_CARDS }, () => randomInt(1, CARDS + 1));
    const sampleFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'escr-bench-')), 'sample.json');
    writeFileSync(sampleFile, JSON.stringify(hot.map(escnOf)));

    const databasePort = await freePort();
    const memoryPort = await freePort();
    const database = start(path.join(__dirname, 'baseline-database-server.js'), {
      DATABASE_URL: databaseUrl.toString(),
      PORT: String(databasePort),
      POOL_SIZE: String(POOL_SIZE),
      PREPARED: BASELINE_PREPARED ? '1' : '0',
    });
    const memory = start(path.join(__dirname, 'baseline-memory-server.js'), {
      DATABASE_URL: databaseUrl.toString(),
      PORT: String(memoryPort),
      SAMPLE_FILE: sampleFile,
    });
    children.push(database, memory);
    const targets = {
      A: { name: BASELINE_PREPARED ? 'A: node:http + pg, prepared' : 'A: node:http + pg', url: `http://127.0.0.1:${databasePort}`, pid: database.pid },
      L: { name: 'L: node:http + Map', url: `http://127.0.0.1:${memoryPort}`, pid: memory.pid },
      R: { name: 'router', url: routerUrl, pid: router.pid },
    };
    await waitFor(targets.A.url, database);
    await waitFor(targets.L.url, memory);

    let next = 0;
    const hotPath = () => statusPath(hot[next++ % hot.length]);
    const uniformPath = () => statusPath(randomInt(1, CARDS + 1));
    const results = [];
    for (let round = 1; round <= ROUNDS; round++) {
      if (MIXES.includes('hot')) {
        for (const key of ['A', 'L', 'R']) results.push({ round, ...(await measure(targets[key], 'hot', hotPath, round === 1 ? HOT_CARDS : 0)) });
      }
      if (MIXES.includes('uniform')) {
        for (const key of ['A', 'R']) results.push({ round, ...(await measure(targets[key], 'uniform', uniformPath)) });
      }
    }

    const report = {
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      settings: {
        cards: CARDS,
        hotCards: HOT_CARDS,
        connections: CONNECTIONS,
        rounds: ROUNDS,
        durationSeconds: DURATION_SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        poolSize: POOL_SIZE,
        mixes: MIXES,
        baselinePrepared: BASELINE_PREPARED,
        routerNodeOptions: ROUTER_NODE_OPTIONS,
      },
      loadAverage: os.loadavg(),
      load: loaded,
      results,
    };
    console.log(JSON.stringify({ ...report, medians: medians(results) }, null, 2));
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
