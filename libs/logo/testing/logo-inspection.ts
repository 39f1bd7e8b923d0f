import { Resvg } from '@resvg/resvg-js';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Background under inverted logos when decoding, because their modules are white. */
export const DARK_BACKGROUND = '#1d2b53';

export interface SvgBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

function numberAttribute(element: string, name: string): number {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(element);
  if (!match) throw new Error(`attribute ${name} missing in ${element.slice(0, 120)}`);

  return Number(match[1]);
}

/** Reads the root and the two nested `<svg>` elements of a logo: the QR code first, then the panel. */
export function readLogoLayout(svg: string): { root: { width: number; height: number; xmlns: string }; qr: SvgBox; panel: SvgBox } {
  const elements = [...svg.matchAll(/<svg\b[^>]*>/g)].map((match) => match[0]);
  if (elements.length !== 3) throw new Error(`expected 3 <svg> elements, found ${elements.length}`);

  const box = (element: string): SvgBox => ({
    x: numberAttribute(element, 'x'),
    y: numberAttribute(element, 'y'),
    width: numberAttribute(element, 'width'),
    height: numberAttribute(element, 'height'),
  });
  const [root, first, second] = elements;
  const qr = first.includes('viewBox="0 0 41 41"') ? first : second;
  const panel = qr === first ? second : first;

  return {
    root: {
      width: numberAttribute(root, 'width'),
      height: numberAttribute(root, 'height'),
      xmlns: /\sxmlns="([^"]*)"/.exec(root)?.[1] ?? '',
    },
    qr: box(qr),
    panel: box(panel),
  };
}

/** Returns the pixel size of a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const image = PNG.sync.read(png);

  return { width: image.width, height: image.height };
}

/**
 * Decodes the QR code of a PNG after laying it over an opaque background, because jsQR ignores alpha
 * and would read transparent pixels as black. Returns null when no QR code is found.
 */
export function decodePng(png: Buffer, background = '#ffffff'): string | null {
  const image = PNG.sync.read(png);
  const [red, green, blue] = [1, 3, 5].map((offset) => parseInt(background.slice(offset, offset + 2), 16));
  const pixels = new Uint8ClampedArray(image.data.length);
  for (let index = 0; index < image.data.length; index += 4) {
    const alpha = image.data[index + 3] / 255;
    pixels[index] = image.data[index] * alpha + red * (1 - alpha);
    pixels[index + 1] = image.data[index + 1] * alpha + green * (1 - alpha);
    pixels[index + 2] = image.data[index + 2] * alpha + blue * (1 - alpha);
    pixels[index + 3] = 255;
  }

  return jsQR(pixels, image.width, image.height)?.data ?? null;
}

/** Rasterises an SVG logo with resvg at a pixel width and decodes its QR code. */
export function decodeSvg(svg: string, width: number, background: string): string | null {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: width }, background, font: { loadSystemFonts: false } }).render().asPng();

  return decodePng(png, background);
}
