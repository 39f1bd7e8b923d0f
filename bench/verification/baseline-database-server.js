'use strict';
// Baseline A: a bare node:http server that serves GET /esc-rest/api/v2/cards/{escn}/status with the
// router's indexed query on every request, through a pg pool. No framework, no cache, no rate limit.
//
// Environment: DATABASE_URL, PORT, POOL_SIZE, and PREPARED=1 to run the query as a named prepared statement
// (the router prepares its own query), for a comparison that separates that effect from the rest.
const http = require('node:http');
const { Pool } = require('pg');
const { SELECT_CARD, escnOfPath, statusBody, send } = require('./card-status-shape');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
const PREPARED = process.env.PREPARED === '1';

const server = http.createServer((request, response) => {
  const escn = escnOfPath(request.url);
  if (!escn) {
    send(response, 400, '{"code":"ER-0100","message":"not an ESCN"}');

    return;
  }
  const query = PREPARED ? { name: 'select_card', text: SELECT_CARD, values: [escn] } : { text: SELECT_CARD, values: [escn] };
  pool.query(query).then(
    ({ rows }) => (rows[0] ? send(response, 200, statusBody(rows[0])) : send(response, 404, '{"code":"ER-0001","message":"No card"}')),
    (error) => send(response, 500, JSON.stringify({ code: 'ER-0500', message: error.message })),
  );
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
