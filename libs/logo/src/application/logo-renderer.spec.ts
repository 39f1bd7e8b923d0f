import { inflateSync } from 'node:zlib';
import { loadConfig } from '@escr/kernel';
import { DARK_BACKGROUND, decodePng, decodeSvg, pngSize, readLogoLayout } from '../../testing/logo-inspection';
import { LogoColours, LogoOptions, LogoOrientation, LogoSize } from '../domain/logo-options';
import { darkRuns, encodeQr } from '../infrastructure/qr-encoder';
import { LogoRenderer } from './logo-renderer';

const ESCN = 'f4ea5b6c-7d8e-11ef-8a9b-001999978433';
const URL = `https://s.esc-r.eu/${ESCN}`;

/** Root sizes and panel boxes of the official generator, computed from its merge formula. */
const OFFICIAL: Record<`${LogoOrientation}-${LogoSize}`, { width: number; height: number; panel: [number, number, number, number] }> = {
  'horizontal-XS': { width: 70.2, height: 46.2, panel: [43.6, 2.6, 24, 41] },
  'horizontal-S': { width: 105.3, height: 69.3, panel: [65.4, 3.9, 36, 61.5] },
  'horizontal-M': { width: 280.8, height: 184.8, panel: [174.4, 10.4, 96, 164] },
  'vertical-XS': { width: 46.2, height: 56.2, panel: [2.6, 2.6, 41, 10] },
  'vertical-S': { width: 69.3, height: 84.3, panel: [3.9, 3.9, 61.5, 15] },
  'vertical-M': { width: 184.8, height: 224.8, panel: [10.4, 10.4, 164, 40] },
};

const VARIANTS: LogoOptions[] = (['horizontal', 'vertical'] as const).flatMap((orientation) =>
  (['normal', 'inverted'] as const).flatMap((colours: LogoColours) =>
    (['XS', 'S', 'M'] as const).map((size) => ({ orientation, colours, size })),
  ),
);

describe('LogoRenderer', () => {
  const renderer = new LogoRenderer(loadConfig({}));

  describe.each(VARIANTS)('$orientation $colours $size', (options) => {
    const svg = renderer.renderSvg(ESCN, options);
    const official = OFFICIAL[`${options.orientation}-${options.size}`];
    const layout = readLogoLayout(svg);

    it('starts with the UTF-8 XML declaration', () => {
      expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" ')).toBe(true);
    });

    it('has the official root size', () => {
      expect(layout.root.width).toBe(official.width);
      expect(layout.root.height).toBe(official.height);
    });

    it('places the panel as the official generator', () => {
      const [x, y, width, height] = official.panel;
      expect(layout.panel).toEqual({ x, y, width, height });
    });

    it('places the QR code beside the panel', () => {
      const scale = { XS: 1, S: 1.5, M: 4 }[options.size];
      const margin = official.panel[options.orientation === 'horizontal' ? 1 : 0];
      const qrY = options.orientation === 'horizontal' ? margin : Math.round((margin + 10 * scale) * 1000) / 1000;
      expect(layout.qr).toEqual({ x: margin, y: qrY, width: 41 * scale, height: 41 * scale });
    });

    it('encodes the verification URL', () => {
      const background = options.colours === 'normal' ? '#ffffff' : DARK_BACKGROUND;
      expect(decodeSvg(svg, 400, background)).toBe(URL);
    });
  });

  it('draws normal modules black and inverted modules white', () => {
    const normal = renderer.renderSvg(ESCN, { orientation: 'horizontal', colours: 'normal', size: 'S' });
    const inverted = renderer.renderSvg(ESCN, { orientation: 'horizontal', colours: 'inverted', size: 'S' });
    expect(normal).toContain('<path fill="#000000" shape-rendering="crispEdges"');
    expect(inverted).toContain('<path fill="#ffffff" shape-rendering="crispEdges"');
  });

  it('inlines panel colours without classes or ids', () => {
    const svg = renderer.renderSvg(ESCN, { orientation: 'vertical', colours: 'normal', size: 'M' });
    expect(svg).toContain('fill="#2c4390"');
    expect(svg).not.toMatch(/\sclass=|\sid=|<style/);
  });

  it('defaults to horizontal normal S', () => {
    expect(renderer.renderSvg(ESCN)).toBe(renderer.renderSvg(ESCN, { orientation: 'horizontal', colours: 'normal', size: 'S' }));
  });

  it('accepts an uppercase ESCN', () => {
    expect(renderer.verificationUrl(ESCN.toUpperCase())).toBe(URL);
  });

  it('rejects a malformed ESCN', () => {
    expect(() => renderer.renderSvg('not-an-escn', { orientation: 'horizontal', colours: 'normal', size: 'S' })).toThrow(
      'escn: not-an-escn is not a European Student Card Number',
    );
  });

  it('encodes the configured verification URL', () => {
    const local = new LogoRenderer(loadConfig({ PUBLIC_VERIFICATION_URL: 'http://127.0.0.1:3000/v/' }));
    const svg = local.renderSvg(ESCN, { orientation: 'vertical', colours: 'normal', size: 'XS' });
    expect(decodeSvg(svg, 400, '#ffffff')).toBe(`http://127.0.0.1:3000/v/${ESCN}`);
  });

  it('rejects a verification URL too long for version 4', () => {
    expect(() => new LogoRenderer(loadConfig({ PUBLIC_VERIFICATION_URL: 'https://verification.example.eu/c/' }))).toThrow(
      'use at most 26 bytes',
    );
  });

  it('encodes the Base64 of the SVG', () => {
    const options: LogoOptions = { orientation: 'horizontal', colours: 'normal', size: 'S' };
    const base64 = renderer.renderSvgBase64(ESCN, options);
    expect(base64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(base64, 'base64').toString('utf8')).toBe(renderer.renderSvg(ESCN, options));
  });

  it('renders a decodable PNG at the requested width', async () => {
    const png = await renderer.renderPng(ESCN, { orientation: 'vertical', colours: 'inverted', size: 'S' }, { width: 300, background: DARK_BACKGROUND });
    expect(decodePng(png, DARK_BACKGROUND)).toBe(URL);
    expect(pngSize(png)).toEqual({ width: 300, height: Math.round((300 * 84.3) / 69.3) });
  });

  it('renders the default PNG width of 4 pixels per unit', async () => {
    const png = await renderer.renderPng(ESCN, { orientation: 'horizontal', colours: 'normal', size: 'S' }, { background: '#ffffff' });
    expect(pngSize(png).width).toBe(422);
  });

  it('rejects a PNG width out of range', async () => {
    await expect(renderer.renderPng(ESCN, { orientation: 'horizontal', colours: 'normal', size: 'S' }, { width: 5000 })).rejects.toThrow(
      'width: 5000 is invalid',
    );
  });

  it('writes a PDF page of the requested physical size', async () => {
    const pdf = await renderer.renderPdf(ESCN, { orientation: 'horizontal', colours: 'normal', size: 'S' }, { widthMm: 40 });
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    const mediaBox = /\/MediaBox \[([^\]]+)\]/.exec(text)?.[1].trim().split(/\s+/).map(Number);
    expect(mediaBox?.[2]).toBeCloseTo((40 * 72) / 25.4, 3);
    expect(mediaBox?.[3]).toBeCloseTo((40 * 72 * 69.3) / 25.4 / 105.3, 3);
  });

  it('draws the PDF as vectors', async () => {
    const pdf = await renderer.renderPdf(ESCN, { orientation: 'vertical', colours: 'normal', size: 'M' });
    const text = pdf.toString('latin1');
    const content = [...text.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)]
      .map((match) => inflateSync(Buffer.from(match[1], 'latin1')).toString('latin1'))
      .join('\n');
    const rectangles = content.match(/ re\b/g) ?? [];

    expect(text).not.toContain('/Subtype /Image');
    expect(rectangles.length).toBeGreaterThanOrEqual(darkRuns(encodeQr(URL)).length);
    // #2c4390, the panel blue, as pdfkit writes an sRGB fill colour.
    expect(content).toContain(`${0x2c / 255} ${0x43 / 255} ${0x90 / 255} scn`);
  });

  it('defaults the PDF width to the SVG width at 96 dpi', () => {
    expect(renderer.defaultPdfWidthMm({ orientation: 'horizontal', colours: 'normal', size: 'S' })).toBe(27.86);
    expect(renderer.defaultPdfWidthMm({ orientation: 'vertical', colours: 'normal', size: 'M' })).toBe(48.9);
  });
});
