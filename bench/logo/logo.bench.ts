import { cpus, loadavg, totalmem } from 'node:os';
import autocannon from 'autocannon';
import { loadConfig } from '@escr/kernel';
import { LogoOptions, LogoRenderer } from '@escr/logo';
import type { LogoColours, LogoOrientation, LogoSize } from '@escr/logo';
import { encodeQr } from '../../libs/logo/src/infrastructure/qr-encoder';
import { startTestApp, TestApp } from '../../test/support/test-app';

/** Seconds each in-process measurement runs. */
const IN_PROCESS_SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
/** Seconds and open connections of each HTTP measurement. */
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const HTTP_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/**
 * Distinct card numbers cycled through. It exceeds the renderer's cache of 4096 QR matrices, so
 * every measurement marked "distinct cards" encodes a new QR code each time.
 */
const CARD_COUNT = 20_000;

const OPTIONS: LogoOptions = { orientation: 'horizontal', colours: 'normal', size: 'S' };

const VARIANTS: LogoOptions[] = (['horizontal', 'vertical'] as LogoOrientation[]).flatMap((orientation) =>
  (['normal', 'inverted'] as LogoColours[]).flatMap((colours) => (['XS', 'S', 'M'] as LogoSize[]).map((size) => ({ orientation, colours, size }))),
);

function randomHex(length: number): string {
  let text = '';
  for (let index = 0; index < length; index++) text += Math.floor(Math.random() * 16).toString(16);

  return text;
}

/** Returns a syntactically valid ESCN with a random time, clock sequence and PIC. */
function randomEscn(): string {
  const pic = String(100_000_000 + Math.floor(Math.random() * 899_999_999));

  return `${randomHex(8)}-${randomHex(4)}-1${randomHex(3)}-${'89ab'[Math.floor(Math.random() * 4)]}${randomHex(3)}-001${pic}`;
}

interface Measurement {
  name: string;
  operationsPerSecond: number;
  detail: string;
}

/** Runs an operation back to back for a number of seconds and returns operations per second. */
async function measure(name: string, operation: (index: number) => unknown | Promise<unknown>, concurrency = 1): Promise<Measurement> {
  for (let index = 0; index < 50; index++) await operation(index);

  const deadline = performance.now() + IN_PROCESS_SECONDS * 1000;
  const started = performance.now();
  let count = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await operation(count++);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const perOperationMs = (seconds * 1000 * concurrency) / count;

  return { name, operationsPerSecond: count / seconds, detail: `${count} in ${seconds.toFixed(1)} s, ${perOperationMs.toFixed(3)} ms each, concurrency ${concurrency}` };
}

async function measureHttp(testApp: TestApp, name: string, path: (escn: string) => string, accept: string): Promise<Measurement> {
  const escns = Array.from({ length: CARD_COUNT }, randomEscn);
  let next = 0;
  const result = await autocannon({
    url: testApp.baseUrl,
    connections: HTTP_CONNECTIONS,
    duration: HTTP_SECONDS,
    requests: [
      {
        method: 'GET',
        headers: { accept },
        setupRequest: (request) => ({ ...request, path: path(escns[next++ % escns.length]) }),
      },
    ],
  });
  const failed = result.non2xx + result.errors + result.timeouts;

  return {
    name,
    operationsPerSecond: result.requests.average,
    detail:
      `${result.requests.total} requests, ${failed} failed, ${HTTP_CONNECTIONS} connections, ` +
      `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
  };
}

function formatTable(measurements: Measurement[]): string {
  const lines = ['| measurement | per second | detail |', '|---|---:|---|'];
  for (const entry of measurements) lines.push(`| ${entry.name} | ${entry.operationsPerSecond.toFixed(0)} | ${entry.detail} |`);

  return lines.join('\n');
}

it('measures ESC logo generation', async () => {
  const renderer = new LogoRenderer(loadConfig({}));
  const escns = Array.from({ length: CARD_COUNT }, randomEscn);
  let used = 0;
  // Each call takes the next card across all measurements, so none finds the previous one's matrices in the cache.
  const nextEscn = () => escns[used++ % escns.length];
  const measurements: Measurement[] = [];

  const sameCard = randomEscn();

  measurements.push(await measure('QR matrix only (encodeQr), distinct cards', () => encodeQr(`https://s.esc-r.eu/${nextEscn()}`)));
  measurements.push(await measure('SVG, in process, distinct cards', () => renderer.renderSvg(nextEscn(), OPTIONS)));
  measurements.push(await measure('SVG, in process, one card (QR matrix cached)', () => renderer.renderSvg(sameCard, OPTIONS)));
  measurements.push(
    await measure('SVG, in process, one card in its 12 variants', (index) => renderer.renderSvg(sameCard, VARIANTS[index % VARIANTS.length])),
  );
  measurements.push(await measure('Base64 SVG, in process, distinct cards', () => renderer.renderSvgBase64(nextEscn(), OPTIONS)));
  measurements.push(await measure('PNG 422 px, in process, distinct cards', () => renderer.renderPng(nextEscn(), OPTIONS)));
  measurements.push(await measure('PNG 422 px, in process, distinct cards', () => renderer.renderPng(nextEscn(), OPTIONS), 4));
  measurements.push(
    await measure('PNG 1024 px, in process, distinct cards', () => renderer.renderPng(nextEscn(), OPTIONS, { width: 1024 }), 4),
  );
  measurements.push(await measure('PDF, in process, distinct cards', () => renderer.renderPdf(nextEscn(), OPTIONS)));

  const testApp = await startTestApp({ listen: true, env: { LOG_LEVEL: 'silent' } });
  try {
    measurements.push(
      await measureHttp(testApp, 'SVG, GET /esc-rest/api/v2/cards/{escn}/qr, distinct cards', (escn) => `/esc-rest/api/v2/cards/${escn}/qr`, 'image/svg+xml'),
    );
    measurements.push(
      await measureHttp(testApp, 'PNG 422 px, GET /logo/{escn}.png, distinct cards', (escn) => `/logo/${escn}.png`, 'image/png'),
    );
  } finally {
    await testApp.close();
  }

  const machine =
    `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ` +
    `load average ${loadavg().map((load) => load.toFixed(1)).join(' ')} at the end`;
  process.stdout.write(`\nESC logo generation on ${machine}\n\n${formatTable(measurements)}\n\n`);
});
