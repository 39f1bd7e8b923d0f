import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onboardOrganisation } from '../support/onboarding';
import { startTestApp, TestApp } from '../support/test-app';
import { issueCard } from './verification-fixtures';

const run = promisify(execFile);
const AUTOCANNON = require.resolve('autocannon/autocannon.js');
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'verification');
/** Documentation addresses (RFC 5737), standing for distinct clients behind the trusted proxy 127.0.0.1. */
const NOISY_CLIENT = '198.51.100.66';
const QUIET_CLIENTS = Array.from({ length: 8 }, (_, index) => `192.0.2.${index + 1}`);

interface Sample {
  status: number;
  milliseconds: number;
}

/** Sends one GET with the given client address and measures it. */
function timedGet(url: string, client: string, agent: Agent): Promise<Sample> {
  const started = process.hrtime.bigint();

  return new Promise((resolve, reject) => {
    const outgoing = request(url, { agent, headers: { 'X-Forwarded-For': client } }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, milliseconds: Number(process.hrtime.bigint() - started) / 1e6 }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Sends, from each quiet client, one request every `intervalMs` for `durationMs`, under its rate limit. */
async function runQuietClients(url: string, durationMs: number, intervalMs: number): Promise<Sample[]> {
  const agent = new Agent({ keepAlive: true });
  const samples: Sample[] = [];
  const deadline = Date.now() + durationMs;
  await Promise.all(
    QUIET_CLIENTS.map(async (client) => {
      while (Date.now() < deadline) {
        const next = Date.now() + intervalMs;
        samples.push(await timedGet(url, client, agent));
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
      }
    }),
  );
  agent.destroy();

  return samples;
}

function percentile(samples: Sample[], fraction: number): number {
  const sorted = samples.map((sample) => sample.milliseconds).sort((a, b) => a - b);

  return Number(sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))].toFixed(2));
}

describe('verification rate limits on every public route', () => {
  let testApp: TestApp;
  let escn: string;

  // 6 requests per minute refill one token every 10 s, more than the 1 s a rejection is held, so every
  // request after the burst in this test is rejected.
  beforeAll(async () => {
    testApp = await startTestApp({
      listen: true,
      env: { TRUSTED_PROXIES: '127.0.0.1', VERIFICATION_RATE_LIMIT_BURST: '20', VERIFICATION_RATE_LIMIT_PER_MINUTE: '6' },
    });
    const issuer = await onboardOrganisation(testApp);
    ({ escn } = await issueCard(testApp, issuer));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers 429 with Retry-After once a client spends its burst', async () => {
    const client = '203.0.113.10';
    const burst = await Promise.all(
      Array.from({ length: 30 }, () => testApp.http.get(`/esc-rest/api/v2/cards/${escn}/status`).set('X-Forwarded-For', client)),
    );
    const accepted = burst.filter((response) => response.status === 200).length;
    // The burst of 20; at 6 per minute no token comes back while the requests are in flight.
    expect(accepted).toBeGreaterThanOrEqual(20);
    expect(accepted).toBeLessThan(25);
    expect(burst.filter((response) => response.status === 429).length).toBe(30 - accepted);

    const limited = await testApp.http.get(`/esc-verifier-service/api/v1/cards/verify/${escn}`).set('X-Forwarded-For', client).expect(429);
    expect(limited.headers['retry-after']).toMatch(/^([1-9]|10)$/);
    expect(limited.body).toEqual({
      code: 'ER-0429',
      message: `Too many verification requests from this client; retry after ${limited.headers['retry-after']} s`,
    });

    const page = await testApp.http.get(`/${escn}`).set('X-Forwarded-For', client).expect(429);
    expect(page.headers['retry-after']).toMatch(/^([1-9]|10)$/);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('Too many requests');

    const malformed = await testApp.http.get('/esc-rest/api/v2/cards/not-an-escn/status').set('X-Forwarded-For', client).expect(429);
    expect(malformed.body.code).toBe('ER-0429');

    const head = await testApp.http.head(`/esc-rest/api/v2/cards/${escn}/status`).set('X-Forwarded-For', client).expect(429);
    expect(head.headers['retry-after']).toMatch(/^([1-9]|10)$/);
    await testApp.http.head('/esc-rest/api/v2/cards/not-an-escn/status').set('X-Forwarded-For', client).expect(429);
    await testApp.http.head(`/${escn}`).set('X-Forwarded-For', client).expect(429);

    await testApp.http.get(`/esc-rest/api/v2/cards/${escn}/status`).set('X-Forwarded-For', '203.0.113.11').expect(200);
    await testApp.http.head(`/esc-rest/api/v2/cards/${escn}/status`).set('X-Forwarded-For', '203.0.113.11').expect(200);
    await testApp.http.head(`/${escn}`).set('X-Forwarded-For', '203.0.113.11').expect(200);
    await testApp.http.get('/health').set('X-Forwarded-For', client).expect(200);
  });
});

describe('verification rate limits', () => {
  let testApp: TestApp;
  let escn: string;

  beforeAll(async () => {
    testApp = await startTestApp({
      listen: true,
      env: { TRUSTED_PROXIES: '127.0.0.1', VERIFICATION_RATE_LIMIT_BURST: '20', VERIFICATION_RATE_LIMIT_PER_MINUTE: '600' },
    });
    const issuer = await onboardOrganisation(testApp);
    ({ escn } = await issueCard(testApp, issuer));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('keeps quiet clients served while a noisy one is limited', async () => {
    const url = `${testApp.baseUrl}/esc-rest/api/v2/cards/${escn}/status`;
    const baseline = await runQuietClients(url, 2000, 200);

    const noisy = run(process.execPath, [AUTOCANNON, '--json', '-c', '32', '-d', '4', '-H', `X-Forwarded-For=${NOISY_CLIENT}`, url], {
      maxBuffer: 16 * 1024 * 1024,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const underLoad = await runQuietClients(url, 3000, 200);
    const noisyResult = JSON.parse((await noisy).stdout) as { requests: { total: number }; statusCodeStats: Record<string, { count: number }> };

    const noisyOk = noisyResult.statusCodeStats['200']?.count ?? 0;
    const noisyLimited = noisyResult.statusCodeStats['429']?.count ?? 0;
    // Each of the 32 connections gets about one held 429 per second once the burst is spent.
    expect(noisyLimited).toBeGreaterThan(32);
    // 20 at once plus 10 per second over 4 s, with a margin for the process start.
    expect(noisyOk).toBeLessThanOrEqual(20 + 10 * 5);
    expect(baseline.every((sample) => sample.status === 200)).toBe(true);
    expect(underLoad.filter((sample) => sample.status !== 200)).toEqual([]);
    expect(underLoad.length).toBeGreaterThan(QUIET_CLIENTS.length * 10);

    const report = {
      noisyClient: { ok: noisyOk, tooManyRequests: noisyLimited, requestsPerSecond: Math.round((noisyOk + noisyLimited) / 4) },
      quietClientsAlone: { requests: baseline.length, p50Ms: percentile(baseline, 0.5), p99Ms: percentile(baseline, 0.99) },
      quietClientsUnderLoad: { requests: underLoad.length, p50Ms: percentile(underLoad, 0.5), p99Ms: percentile(underLoad, 0.99) },
    };
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'rate-limit-load.json'), `${JSON.stringify(report, null, 2)}\n`);
  });
});

describe('verification rate limits without a trusted proxy', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { VERIFICATION_RATE_LIMIT_BURST: '3', VERIFICATION_RATE_LIMIT_PER_MINUTE: '6' } });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('ignores X-Forwarded-For from an untrusted peer', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 5; index++) {
      const response = await testApp.http.get('/verify').set('X-Forwarded-For', `192.0.2.${100 + index}`);
      statuses.push(response.status);
    }

    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
