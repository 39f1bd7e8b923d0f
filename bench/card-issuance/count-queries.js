'use strict';
// Preloaded into the router by run.js when BENCH_QUERY_LOG is set: counts the SQL statements the router
// sends, by their text, and writes the counts to BENCH_QUERY_LOG as JSON when the process exits.
const fs = require('node:fs');
const { Client } = require('pg');

const counts = new Map();
const query = Client.prototype.query;
Client.prototype.query = function countedQuery(config, ...rest) {
  const text = typeof config === 'string' ? config : config?.text;
  if (typeof text === 'string') {
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 160);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  return query.call(this, config, ...rest);
};

process.on('exit', () => {
  const sorted = [...counts.entries()].sort((left, right) => right[1] - left[1]);
  fs.writeFileSync(process.env.BENCH_QUERY_LOG, JSON.stringify(Object.fromEntries(sorted), null, 2));
});
