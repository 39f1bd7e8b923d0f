'use strict';
// Baseline L: a bare node:http server that loads the sampled cards into a Map at start and serves
// GET /esc-rest/api/v2/cards/{escn}/status from memory. It is the upper bound for a Node process.
//
// Environment: DATABASE_URL, PORT, SAMPLE_FILE (a JSON array of the ESCNs the benchmark requests).
const { readFileSync } = require('node:fs');
const http = require('node:http');
const { Client } = require('pg');
const { SELECT_CARD, escnOfPath, statusBody, send } = require('./card-status-shape');

async function main() {
  const sample = JSON.parse(readFileSync(process.env.SAMPLE_FILE, 'utf8'));
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const cards = new Map();
  const query = SELECT_CARD.replace('WHERE c.card_number = $1', 'WHERE c.card_number = ANY($1)');
  for (let start = 0; start < sample.length; start += 5000) {
    const { rows } = await client.query(query, [sample.slice(start, start + 5000)]);
    for (const row of rows) cards.set(row.cardNumber, row);
  }
  await client.end();

  const server = http.createServer((request, response) => {
    const escn = escnOfPath(request.url);
    if (!escn) {
      send(response, 400, '{"code":"ER-0100","message":"not an ESCN"}');

      return;
    }
    const card = cards.get(escn);
    if (card) send(response, 200, statusBody(card));
    else send(response, 404, '{"code":"ER-0001","message":"No card"}');
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((error) => {
  console.error('baseline-memory-server failed to start:', error);
  process.exit(1);
});
