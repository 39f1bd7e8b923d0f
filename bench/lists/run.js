'use strict';
// List-page benchmark: GET /esc-rest/api/v2/persons on two built routers that share one database, with
// one issuer holding BENCH_LIST_ROWS persons. It times the first page, jumps straight to the last pages,
// jumps a few pages past a served page, and a walk through the last pages with the requests alternating
// between the two routers.
//
// Usage: npm run bench:lists   (builds the router first; see docs/benchmarks.md)
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { freePort, onboard, routerBuild, routerEnvironment, startLogged, waitFor } = require('../support.js');

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS = Number(process.env.BENCH_LIST_ROWS ?? 300_000);
const SIZE = 100;
/** Pages walked at the end of the list, and requests per single-page measurement. */
const WALK = 20;
const REPEATS = 9;
const LOG_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'escr-bench-lists-'));
const PASSWORD = `bench ${randomBytes(12).toString('base64url')} passphrase`;

function median(values) {
  const sorted = [...values].sort((left, right) => left - right);

  return Math.round(sorted[Math.floor(sorted.length / 2)] * 100) / 100;
}

/** Loads the persons with SQL, one second apart, so their createdAt order is their number. */
async function loadPersons(databaseUrl, organisationId, pic) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = Date.now();
    await client.query(
      `WITH people AS (
         INSERT INTO cards.person (esi, esi_key)
         SELECT 'urn:schac:personalUniqueCode:int:esi:fr:' || $1 || '-' || n, 'urn:schac:personaluniquecode:int:esi:fr:' || $1 || '-' || n
           FROM generate_series(1, $2::integer) AS n
         RETURNING id, esi_key)
       INSERT INTO cards.person_link (person_id, organisation_id, full_name, esi_key, created_at)
       SELECT id, $3, 'Listed Student', esi_key, timestamptz '2026-01-01' + make_interval(secs => split_part(esi_key, '-', 2)::integer)
         FROM people`,
      [pic, ROWS, organisationId],
    );
    await client.query('VACUUM ANALYZE cards.person, cards.person_link');

    return (Date.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

/** Requests one page and returns the milliseconds until its body was read, failing on any error status. */
async function timePage(baseUrl, token, page) {
  const started = process.hrtime.bigint();
  const response = await fetch(`${baseUrl}/esc-rest/api/v2/persons?sort=createdAt&direction=ASC&size=${SIZE}&page=${page}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = await response.json();
  const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
  if (response.status !== 200 || body.content.length !== SIZE) throw new Error(`page ${page} failed: status ${response.status} with ${body.content?.length} rows, expected 200 with ${SIZE}`);

  return milliseconds;
}

async function main() {
  const name = `escr_bench_lists_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${name}`;

  const children = [];
  try {
    // Both routers share one environment, and so one JWT secret; each gets its own port below.
    const env = routerEnvironment({ databaseUrl, port: 0, poolSize: 10 });
    const urls = [];
    for (const [index, migrations] of [[0, 'true'], [1, 'false']]) {
      const port = await freePort();
      const router = startLogged(LOG_DIR, routerBuild().main, { ...env, PORT: String(port), RUN_MIGRATIONS: migrations }, { name: `router-${index}` });
      children.push(router);
      urls.push(`http://127.0.0.1:${port}`);
      await waitFor(`${urls[index]}/health`, router);
    }

    const { organisationId, pic, apiToken } = await onboard(urls[0], env, { logDir: LOG_DIR, password: PASSWORD });
    const loadSeconds = await loadPersons(databaseUrl.toString(), organisationId, pic);
    const lastPage = ROWS / SIZE - 1;

    // Warm-up: each router serves a few first pages, so connections and plans are ready.
    for (let request = 0; request < 20; request++) await timePage(urls[request % 2], apiToken, 0);

    const firstPage = [];
    for (let request = 0; request < REPEATS; request++) firstPage.push(await timePage(urls[request % 2], apiToken, 0));

    // A jump: the page before it was never served, so the router reads with OFFSET.
    const jump = [];
    for (let request = 0; request < REPEATS; request++) jump.push(await timePage(urls[request % 2], apiToken, lastPage - WALK - 1 - request));

    // Jumps 5 pages past a page that one router served: the other router seeks from that page's anchor
    // and skips the 4 pages in between with OFFSET.
    const nearJump = [];
    for (let request = 0; request < REPEATS; request++) {
      const served = 1000 + request * 100;
      await timePage(urls[0], apiToken, served);
      nearJump.push(await timePage(urls[1], apiToken, served + 5));
    }

    // A walk over the last pages, each request to the other router: from the second page on, each is sought
    // from where the previous page ended, which the other router shared.
    const walk = [];
    for (let page = lastPage - WALK + 1; page <= lastPage; page++) walk.push(await timePage(urls[page % 2], apiToken, page));

    console.log(
      JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAverageAtEnd: os.loadavg()[0] },
          settings: { rows: ROWS, size: SIZE, routers: 2, loadSeconds },
          milliseconds: {
            firstPage: median(firstPage),
            jumpToPage: { page: lastPage - WALK - 1, median: median(jump) },
            jumpFivePagesPastAServedPage: { pages: '1005 to 1805', median: median(nearJump) },
            walkFromPage: { page: lastPage - WALK + 1, firstRequest: Math.round(walk[0] * 100) / 100, medianOfTheRest: median(walk.slice(1)) },
          },
          logs: LOG_DIR,
        },
        null,
        2,
      ),
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error('list benchmark failed:', error);
  process.exitCode = 1;
});
