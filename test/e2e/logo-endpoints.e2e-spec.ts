import type { Response } from 'supertest';
import { DARK_BACKGROUND, decodePng, decodeSvg, pngSize, readLogoLayout } from '../../libs/logo/testing/logo-inspection';
import { startTestApp, TestApp } from '../support/test-app';

const ESCN = 'f4ea5b6c-7d8e-11ef-8a9b-001999978433';
const VERIFICATION_URL = `https://s.esc-r.eu/${ESCN}`;
const QR_PATH = `/esc-rest/api/v2/cards/${ESCN}/qr`;

/** Root sizes and panel boxes (x, y, width, height) of the official generator. */
const OFFICIAL: Record<string, { width: number; height: number; panel: [number, number, number, number] }> = {
  'horizontal-XS': { width: 70.2, height: 46.2, panel: [43.6, 2.6, 24, 41] },
  'horizontal-S': { width: 105.3, height: 69.3, panel: [65.4, 3.9, 36, 61.5] },
  'horizontal-M': { width: 280.8, height: 184.8, panel: [174.4, 10.4, 96, 164] },
  'vertical-XS': { width: 46.2, height: 56.2, panel: [2.6, 2.6, 41, 10] },
  'vertical-S': { width: 69.3, height: 84.3, panel: [3.9, 3.9, 61.5, 15] },
  'vertical-M': { width: 184.8, height: 224.8, panel: [10.4, 10.4, 164, 40] },
};

const VARIANTS = ['horizontal', 'vertical'].flatMap((orientation) =>
  ['normal', 'inverted'].flatMap((colours) => ['XS', 'S', 'M'].map((size) => ({ orientation, colours, size }))),
);

/** Collects any response body as a Buffer, for PNG and PDF. */
function binary(response: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}

function pdfMediaBox(pdf: Buffer): number[] {
  const box = /\/MediaBox \[([^\]]+)\]/.exec(pdf.toString('latin1'));
  if (!box) throw new Error('PDF has no MediaBox');

  return box[1].trim().split(/\s+/).map(Number);
}

describe('logo endpoints', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('GET /esc-rest/api/v2/cards/{escn}/qr', () => {
    it.each(VARIANTS)('renders $orientation $colours $size as the official generator', async ({ orientation, colours, size }) => {
      const response = await testApp.http
        .get(QR_PATH)
        .query({ orientation, colours, size })
        .set('Accept', 'image/svg+xml')
        .buffer(true)
        .parse(binary)
        .expect(200);
      const svg = (response.body as Buffer).toString('utf8');
      const layout = readLogoLayout(svg);
      const official = OFFICIAL[`${orientation}-${size}`];

      expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
      expect(layout.root).toEqual({ width: official.width, height: official.height, xmlns: 'http://www.w3.org/2000/svg' });
      const [x, y, width, height] = official.panel;
      expect(layout.panel).toEqual({ x, y, width, height });
      expect(decodeSvg(svg, 400, colours === 'normal' ? '#ffffff' : DARK_BACKGROUND)).toBe(VERIFICATION_URL);
    });

    it('sends SVG without an Accept header', async () => {
      const response = await testApp.http.get(QR_PATH).unset('Accept').buffer(true).parse(binary).expect(200);
      expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(readLogoLayout(response.body.toString('utf8')).root.width).toBe(105.3);
    });

    it('reads option values in any letter case', async () => {
      const response = await testApp.http
        .get(QR_PATH)
        .query({ orientation: 'VERTICAL', colours: 'Normal', size: 'xs' })
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(readLogoLayout(response.body.toString('utf8')).root).toMatchObject({ width: 46.2, height: 56.2 });
    });

    it('sends Base64 of the SVG for text/plain', async () => {
      const svg = await testApp.http.get(QR_PATH).set('Accept', 'image/svg+xml').buffer(true).parse(binary).expect(200);
      const base64 = await testApp.http.get(QR_PATH).set('Accept', 'text/plain').expect(200);
      expect(base64.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(base64.text).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(Buffer.from(base64.text, 'base64').equals(svg.body as Buffer)).toBe(true);
    });

    it('prefers text/plain over a wildcard', async () => {
      const response = await testApp.http.get(QR_PATH).set('Accept', 'application/json, text/plain, */*').expect(200);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    });

    it('sends a decodable PNG at the requested width', async () => {
      const response = await testApp.http
        .get(QR_PATH)
        .query({ width: '300' })
        .set('Accept', 'image/png')
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(response.headers['content-type']).toBe('image/png');
      expect(decodePng(response.body as Buffer)).toBe(VERIFICATION_URL);
      expect(pngSize(response.body as Buffer)).toEqual({ width: 300, height: 197 });
    });

    it('sends a PDF of the requested physical width', async () => {
      const response = await testApp.http
        .get(QR_PATH)
        .query({ widthMm: '30' })
        .set('Accept', 'application/pdf')
        .buffer(true)
        .parse(binary)
        .expect(200);
      const pdf = response.body as Buffer;
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const [, , width, height] = pdfMediaBox(pdf);
      expect(width).toBeCloseTo((30 * 72) / 25.4, 3);
      expect(height).toBeCloseTo((30 * 72 * 69.3) / (25.4 * 105.3), 3);
    });

    it('varies on Accept and allows caching', async () => {
      const response = await testApp.http.get(QR_PATH).expect(200);
      expect(response.headers.vary).toContain('Accept');
      expect(response.headers['cache-control']).toBe('public, max-age=86400');
    });

    it('rejects an Accept header it cannot serve', async () => {
      const response = await testApp.http.get(QR_PATH).set('Accept', 'application/json').expect(406);
      expect(response.body).toEqual({
        code: 'ER-0406',
        message: 'Accept: application/json matches no logo format; send one of image/svg+xml, text/plain, image/png, application/pdf',
      });
    });

    it.each([
      [{ orientation: 'diagonal' }, 'orientation: diagonal is not supported; use horizontal or vertical (any letter case)'],
      [{ colours: 'blue' }, 'colours: blue is not supported; use normal or inverted (any letter case)'],
      [{ size: 'XL' }, 'size: XL is not supported; use XS, S or M (any letter case)'],
      [{ size: ['S', 'M'] }, 'size: the parameter is given more than once; send it once'],
    ])('rejects option %p', async (query, message) => {
      const response = await testApp.http.get(QR_PATH).query(query).expect(400);
      expect(response.body).toEqual({ code: 'ER-0100', message });
    });

    it('rejects a PNG width out of range', async () => {
      const response = await testApp.http.get(QR_PATH).query({ width: '5000' }).set('Accept', 'image/png').expect(400);
      expect(response.body).toEqual({ code: 'ER-0100', message: 'width: 5000 is invalid; expected an integer from 100 to 2048' });
    });

    it('rejects a malformed ESCN before rendering', async () => {
      const response = await testApp.http.get('/esc-rest/api/v2/cards/1234/qr').query({ size: 'XL' }).expect(400);
      expect(response.body).toEqual({
        code: 'ER-0100',
        message: 'escn: 1234 is not a European Student Card Number; expected a version-1 UUID whose last group is 12 digits',
      });
    });
  });

  describe('GET /logo/{escn}.{svg,png,pdf}', () => {
    it('serves the SVG for an img element on another origin', async () => {
      const response = await testApp.http.get(`/logo/${ESCN}.svg`).query({ orientation: 'vertical' }).buffer(true).parse(binary).expect(200);
      expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(response.headers['cache-control']).toBe('public, max-age=86400');
      expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(response.headers['content-disposition']).toBe(`inline; filename="esc-logo-${ESCN}-vertical-normal-S.svg"`);
      expect(readLogoLayout(response.body.toString('utf8')).root).toMatchObject({ width: 69.3, height: 84.3 });
    });

    it('returns 304 for a matching ETag', async () => {
      const first = await testApp.http.get(`/logo/${ESCN}.svg`).expect(200);
      expect(first.headers.etag).toMatch(/^W\/"[\w-]+"$/);
      const second = await testApp.http.get(`/logo/${ESCN}.svg`).set('If-None-Match', first.headers.etag).expect(304);
      expect(second.headers.etag).toBe(first.headers.etag);
      expect(second.headers['cache-control']).toBe('public, max-age=86400');
    });

    it('keeps the PDF ETag across renderings', async () => {
      const first = await testApp.http.get(`/logo/${ESCN}.pdf`).expect(200);
      const second = await testApp.http.get(`/logo/${ESCN}.pdf`).set('If-None-Match', `"other", ${first.headers.etag}`).expect(304);
      expect(second.headers.etag).toBe(first.headers.etag);
    });

    it('changes the ETag with the options', async () => {
      const small = await testApp.http.get(`/logo/${ESCN}.png`).query({ width: '200' }).expect(200);
      const large = await testApp.http.get(`/logo/${ESCN}.png`).query({ width: '201' }).set('If-None-Match', small.headers.etag).expect(200);
      expect(large.headers.etag).not.toBe(small.headers.etag);
    });

    it('serves HEAD without a body', async () => {
      const response = await testApp.http.head(`/logo/${ESCN}.png`).expect(200);
      expect(response.headers['content-type']).toBe('image/png');
      expect(response.text ?? '').toBe('');
    });

    it('sends no cache headers with an error', async () => {
      const response = await testApp.http.get(`/logo/${ESCN}.png`).query({ width: '20' }).expect(400);
      expect(response.headers['cache-control']).toBeUndefined();
      expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
    });

    it('serves a PNG at the requested width', async () => {
      const response = await testApp.http
        .get(`/logo/${ESCN.toUpperCase()}.PNG`)
        .query({ width: '500', colours: 'normal', size: 'm' })
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(response.headers['content-type']).toBe('image/png');
      expect(decodePng(response.body as Buffer)).toBe(VERIFICATION_URL);
      expect(pngSize(response.body as Buffer).width).toBe(500);
    });

    it('serves the PNG at 4 pixels per unit by default', async () => {
      const response = await testApp.http.get(`/logo/${ESCN}.png`).query({ size: 'XS' }).buffer(true).parse(binary).expect(200);
      expect(pngSize(response.body as Buffer).width).toBe(281);
    });

    it('serves a PDF of the default physical width', async () => {
      const response = await testApp.http.get(`/logo/${ESCN}.pdf`).buffer(true).parse(binary).expect(200);
      const pdf = response.body as Buffer;
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdfMediaBox(pdf)[2]).toBeCloseTo((27.86 * 72) / 25.4, 3);
    });

    it.each([
      [`/logo/${ESCN}.gif`, `${ESCN}.gif: unknown file type; request {escn}.svg, {escn}.png or {escn}.pdf`],
      [`/logo/${ESCN}`, `${ESCN}: unknown file type; request {escn}.svg, {escn}.png or {escn}.pdf`],
      ['/logo/not-an-escn.svg', 'escn: not-an-escn is not a European Student Card Number; expected a version-1 UUID whose last group is 12 digits'],
      [`/logo/${ESCN}.pdf?widthMm=2`, 'widthMm: 2 is invalid; expected a number with at most 3 decimals from 15 to 500'],
      [`/logo/${ESCN}.svg?colours=grey`, 'colours: grey is not supported; use normal or inverted (any letter case)'],
      [`/logo/${'a'.repeat(200)}.svg`, `escn: ${'a'.repeat(80)}… is not a European Student Card Number; expected a version-1 UUID whose last group is 12 digits`],
    ])('rejects %s', async (path, message) => {
      const response = await testApp.http.get(path).expect(400);
      expect(response.body).toEqual({ code: 'ER-0100', message });
    });
  });
});

describe('logo rate limit', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { TRUSTED_PROXIES: '127.0.0.1', LOGO_RATE_LIMIT_BURST: '3', LOGO_RATE_LIMIT_PER_MINUTE: '6' } });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers 429 with Retry-After past the burst of one client', async () => {
    const client = '203.0.113.7';
    await testApp.http.get(`/logo/${ESCN}.svg`).set('X-Forwarded-For', client).expect(200);
    await testApp.http.get(QR_PATH).set('X-Forwarded-For', client).expect(200);
    await testApp.http.get(`/logo/${ESCN}.png`).set('X-Forwarded-For', client).expect(200);

    const limited = await testApp.http.get(QR_PATH).set('X-Forwarded-For', client).expect(429);
    expect(limited.body.code).toBe('ER-0429');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('counts each client on its own', async () => {
    for (let request = 0; request < 4; request++) {
      await testApp.http.get(`/logo/${ESCN}.svg`).set('X-Forwarded-For', '203.0.113.8');
    }

    await testApp.http.get(`/logo/${ESCN}.svg`).set('X-Forwarded-For', '203.0.113.9').expect(200);
  });
});
