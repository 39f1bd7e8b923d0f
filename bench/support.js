'use strict';
// Helpers shared by the benchmarks that start the built router: ports, child processes, readiness and
// CPU time, and onboarding an HEI through the API.
const { spawn } = require('node:child_process');
const { randomBytes, randomInt } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** Paths of the built router: `dist/apps/router` unless BENCH_ROUTER_DIST names another build of it. */
function routerBuild() {
  const dist = path.resolve(process.env.BENCH_ROUTER_DIST ?? path.join(ROOT, 'dist/apps/router'));

  return { main: path.join(dist, 'apps/router/src/main.js'), operator: path.join(dist, 'apps/router/src/operator.js') };
}

/** The environment of a router under measurement: production mode on 127.0.0.1, warnings only. */
function routerEnvironment({ databaseUrl, port, poolSize }) {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl.toString(),
    DATABASE_POOL_SIZE: String(poolSize),
    JWT_SECRET: randomBytes(48).toString('base64'),
    LOG_LEVEL: 'warn',
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Waits until a server responds at `url` with any status. `request` is the fetch init, so a server that
 * only takes POST with a JSON body can be probed with one.
 */
async function waitFor(url, child, { seconds = 120, request = {} } = {}) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url, request);
      if (response.status > 0) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not respond within ${seconds} s`);
}

/** Starts a Node.js script with its output appended to `<logDir>/<name>.log`, so it does not mix with the report. */
function startLogged(logDir, script, env, { args = [], nodeOptions = [], name = path.basename(script, '.js') } = {}) {
  const log = fs.openSync(path.join(logDir, `${name}.log`), 'a');

  return spawn(process.execPath, [...nodeOptions, script, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', log, log] });
}

/** Returns the CPU time a process has used so far, in milliseconds (user plus system, from /proc on Linux). */
function cpuMilliseconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // USER_HZ: 100 on Linux for x86-64 and arm64, as getconf CLK_TCK prints.
  const ticksPerSecond = 100;

  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

async function call(baseUrl, method, route, { token, body } = {}) {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} returned ${response.status}: ${text}`);

  return text ? JSON.parse(text) : null;
}

/**
 * Registers, vets and activates an HEI through the API of the router at `baseUrl`, whose environment is
 * `env`, and returns its id, PIC and an API token. The operations user is created with the operator CLI.
 */
async function onboard(baseUrl, env, { logDir, password }) {
  const pic = String(randomInt(100_000_000, 999_999_999));
  const opsEmail = `ops-${pic}@bench.example`;
  const adminEmail = `admin-${pic}@bench.example`;
  const operator = startLogged(logDir, routerBuild().operator, env, { args: ['create-operations-user', '--email', opsEmail] });
  operator.stdin.end(`${password}\n`);
  const code = await new Promise((resolve) => operator.once('exit', resolve));
  if (code !== 0) throw new Error(`create-operations-user exited with code ${code}`);

  const organisation = await call(baseUrl, 'POST', '/api/organisations', {
    body: { name: `Benchmark University ${pic}`, pic, country: 'FR', administrator: { email: adminEmail, password } },
  });
  const ops = await call(baseUrl, 'POST', '/api/auth/login', { body: { email: opsEmail, password } });
  await call(baseUrl, 'POST', `/api/operations/organisations/${organisation.id}/vet`, { token: ops.accessToken });

  const admin = await call(baseUrl, 'POST', '/api/auth/login', { body: { email: adminEmail, password } });
  const documents = await call(baseUrl, 'GET', `/api/organisations/${organisation.id}/legal-documents`, { token: admin.accessToken });
  await call(baseUrl, 'POST', `/api/organisations/${organisation.id}/legal-documents/acceptances`, {
    token: admin.accessToken,
    body: { acceptances: documents.map(({ documentType, version, sha256 }) => ({ documentType, version, sha256 })) },
  });
  const apiToken = await call(baseUrl, 'POST', `/api/organisations/${organisation.id}/api-tokens`, {
    token: admin.accessToken,
    body: { name: 'benchmark', expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString() },
  });

  return { organisationId: organisation.id, pic, apiToken: apiToken.token };
}

module.exports = { call, cpuMilliseconds, freePort, onboard, routerBuild, routerEnvironment, startLogged, waitFor };
