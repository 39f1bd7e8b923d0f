'use strict';
// Baseline for the card-issuance benchmark: a node:http server that, per POST /cards, inserts one person
// and one card with plain SQL in one transaction, on a pg pool of the router's size. It does no
// authentication, no validation and no event recording, so its rate is an upper bound for the router.
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });

async function createTables() {
  await pool.query('CREATE SCHEMA IF NOT EXISTS baseline');
  await pool.query(`
    CREATE TABLE IF NOT EXISTS baseline.person (
      id uuid CONSTRAINT pk_baseline_person PRIMARY KEY DEFAULT gen_random_uuid(),
      esi text NOT NULL,
      esi_key text NOT NULL CONSTRAINT uq_baseline_person_esi_key UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await pool.query(`
    CREATE TABLE IF NOT EXISTS baseline.card (
      id uuid CONSTRAINT pk_baseline_card PRIMARY KEY DEFAULT gen_random_uuid(),
      escn char(36) NOT NULL CONSTRAINT uq_baseline_card_escn UNIQUE,
      person_id uuid NOT NULL CONSTRAINT fk_baseline_card_person REFERENCES baseline.person (id),
      issuer_organisation_id integer NOT NULL,
      card_type text NOT NULL,
      status text NOT NULL,
      display_name text,
      issued_at date NOT NULL,
      expires_at date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
}

async function issue(body) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const esi = `urn:schac:personalUniqueCode:int:esi:fr:${randomUUID()}`;
    const person = await client.query('INSERT INTO baseline.person (esi, esi_key) VALUES ($1, $1) RETURNING id', [esi]);
    const card = await client.query(
      `INSERT INTO baseline.card (escn, person_id, issuer_organisation_id, card_type, status, display_name, issued_at, expires_at)
       VALUES ($1, $2, 1, $3, $4, $5, $6, $7) RETURNING escn`,
      [randomUUID(), person.rows[0].id, body.cardType, body.cardStatusType, body.displayName ?? null, body.issuedAt, body.expiresAt],
    );
    await client.query('COMMIT');

    return { cardNumber: card.rows[0].escn };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    issue(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      .then((card) => {
        response.writeHead(201, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(card));
      })
      .catch((error) => {
        console.error('baseline insert failed', error);
        response.writeHead(500, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ code: 'ER-0500', message: String(error) }));
      });
  });
});

createTables().then(
  () => server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`baseline listening on ${process.env.PORT}`)),
  (error) => {
    console.error('baseline failed to create its tables', error);
    process.exit(1);
  },
);
process.once('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
