import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import * as QRCode from 'qrcode';
import { AppConfig } from '@escr/kernel';
import { computeGeometry, QR_UNITS } from '../domain/logo-geometry.js';
import { LogoColours, LogoOptions, LogoOrientation } from '../domain/logo-options.js';

/** Folder of the official logo panels, beside src/ both in the sources and in the build output. */
const ASSETS_DIR = join(__dirname, '..', '..', 'assets');
const QUIET_ZONE = 4;

function loadPanel(orientation: LogoOrientation, colours: LogoColours): string {
  const source = readFileSync(join(ASSETS_DIR, `${orientation}_${colours}.svg`), 'utf8');

  return source.replace(/<\?xml[^>]*\?>\s*/, '').trim();
}

/**
 * Draws the ESC logo: a QR code (version 4, error correction M, 4-module quiet zone) holding the public
 * verification URL followed by the ESCN, next to the official logo panel.
 */
@Injectable()
export class LogoRenderer {
  private readonly panels = new Map<string, string>();

  constructor(private readonly config: AppConfig) {}

  /** The text encoded in the QR code of a card. */
  verificationUrl(escn: string): string {
    return `${this.config.PUBLIC_VERIFICATION_URL}${escn}`;
  }

  /** Renders the QR code alone, one unit per module including the quiet zone, as an SVG fragment. */
  renderQr(text: string, colours: LogoColours): string {
    const qr = QRCode.create(text, { version: 4, errorCorrectionLevel: 'M' });
    const size = qr.modules.size;
    const fill = colours === 'normal' ? '#000000' : '#ffffff';
    const rects: string[] = [];
    for (let row = 0; row < size; row++) {
      for (let column = 0; column < size; column++) {
        if (qr.modules.get(row, column)) {
          rects.push(`<rect x="${column + QUIET_ZONE}" y="${row + QUIET_ZONE}" width="1" height="1"/>`);
        }
      }
    }

    return [
      `<rect width="${QR_UNITS}" height="${QR_UNITS}" fill="none"/>`,
      `<g fill="${fill}" shape-rendering="crispEdges">${rects.join('')}</g>`,
    ].join('');
  }

  /** Renders the complete logo for an ESCN as a standalone SVG document. */
  renderSvg(escn: string, options: LogoOptions): string {
    const geometry = computeGeometry(options);
    const panel = this.panel(options.orientation, options.colours).replace(
      /^<svg\b[^>]*?(viewBox="[^"]*")[^>]*>/,
      (_match, viewBox: string) =>
        `<svg x="${geometry.panel.x}" y="${geometry.panel.y}" width="${geometry.panel.width}" height="${geometry.panel.height}" ${viewBox}>`,
    );
    const qr =
      `<svg x="${geometry.qr.x}" y="${geometry.qr.y}" width="${geometry.qr.width}" height="${geometry.qr.height}" ` +
      `viewBox="0 0 ${QR_UNITS} ${QR_UNITS}">${this.renderQr(this.verificationUrl(escn), options.colours)}</svg>`;

    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<svg xmlns="http://www.w3.org/2000/svg" width="${geometry.width}" height="${geometry.height}" viewBox="0 0 ${geometry.width} ${geometry.height}">`,
      `  ${qr}`,
      `  ${panel}`,
      '</svg>',
      '',
    ].join('\n');
  }

  private panel(orientation: LogoOrientation, colours: LogoColours): string {
    const key = `${orientation}_${colours}`;
    let panel = this.panels.get(key);
    if (!panel) {
      panel = loadPanel(orientation, colours);
      this.panels.set(key, panel);
    }

    return panel;
  }
}
