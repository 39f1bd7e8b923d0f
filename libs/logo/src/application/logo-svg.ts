import { LogoGeometry, QR_UNITS } from '../domain/logo-geometry.js';
import { LogoColours } from '../domain/logo-options.js';
import { LogoPanel } from '../infrastructure/logo-panels.js';
import { darkRuns, QrMatrix } from '../infrastructure/qr-encoder.js';

/** Colour of the dark QR modules: black on light card backgrounds, white on dark ones. */
export function moduleColour(colours: LogoColours): string {
  return colours === 'normal' ? '#000000' : '#ffffff';
}

/** Draws the dark modules as one path of horizontal runs, 1 unit per module, quiet zone included. */
function qrPath(matrix: QrMatrix): string {
  return darkRuns(matrix)
    .map((run) => `M${run.x} ${run.y}h${run.length}v1h-${run.length}z`)
    .join('');
}

/**
 * Writes the logo as the official generator lays it out: an XML declaration, a root `<svg>` with
 * width and height in CSS pixels, and the QR code and the panel as nested `<svg>` elements placed
 * with x and y. The root also gets a viewBox, so CSS can scale it.
 */
export function composeLogoSvg(geometry: LogoGeometry, matrix: QrMatrix, panel: LogoPanel, colours: LogoColours): string {
  const { qr, panel: panelBox } = geometry;
  const qrElement =
    `<svg x="${qr.x}" y="${qr.y}" width="${qr.width}" height="${qr.height}" viewBox="0 0 ${QR_UNITS} ${QR_UNITS}">` +
    `<rect width="${QR_UNITS}" height="${QR_UNITS}" fill="none"/>` +
    `<path fill="${moduleColour(colours)}" shape-rendering="crispEdges" d="${qrPath(matrix)}"/>` +
    '</svg>';
  const panelElement =
    `<svg x="${panelBox.x}" y="${panelBox.y}" width="${panelBox.width}" height="${panelBox.height}" viewBox="${panel.viewBox}">` +
    `${panel.content}</svg>`;

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${geometry.width}" height="${geometry.height}" ` +
      `viewBox="0 0 ${geometry.width} ${geometry.height}">`,
    `  ${qrElement}`,
    `  ${panelElement}`,
    '</svg>',
    '',
  ].join('\n');
}
