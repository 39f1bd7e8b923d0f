import { LogoOptions, SIZE_SCALE } from './logo-options.js';

/** QR version 4 has 33 modules a side; the 4-module quiet zone on each side makes 41. */
export const QR_UNITS = 41;
export const HORIZONTAL_PANEL = { width: 24, height: 41 } as const;
export const VERTICAL_PANEL = { width: 41, height: 10 } as const;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LogoGeometry {
  width: number;
  height: number;
  qr: Box;
  panel: Box;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Lays out the QR code and the logo panel like the official generator: at scale s the QR is 41s wide,
 * the margin is m = 4s, and an extra margin e = (41s − 2m) × 0.2 − m surrounds the content on every side.
 * The horizontal panel sits right of the QR, the vertical panel above it.
 */
export function computeGeometry(options: LogoOptions): LogoGeometry {
  const scale = SIZE_SCALE[options.size];
  const qrSize = QR_UNITS * scale;
  const margin = 4 * scale;
  const extra = (qrSize - 2 * margin) * 0.2 - margin;

  if (options.orientation === 'horizontal') {
    const panelWidth = HORIZONTAL_PANEL.width * scale;

    return {
      width: round(qrSize + panelWidth + 2 * extra),
      height: round(qrSize + 2 * extra),
      qr: { x: round(extra), y: round(extra), width: round(qrSize), height: round(qrSize) },
      panel: { x: round(extra + qrSize), y: round(extra), width: round(panelWidth), height: round(qrSize) },
    };
  }

  const panelHeight = VERTICAL_PANEL.height * scale;

  return {
    width: round(qrSize + 2 * extra),
    height: round(qrSize + panelHeight + 2 * extra),
    panel: { x: round(extra), y: round(extra), width: round(qrSize), height: round(panelHeight) },
    qr: { x: round(extra), y: round(extra + panelHeight), width: round(qrSize), height: round(qrSize) },
  };
}
