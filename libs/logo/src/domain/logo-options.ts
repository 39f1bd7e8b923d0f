import { LogoError } from './logo.error.js';

export type LogoOrientation = 'horizontal' | 'vertical';
export type LogoColours = 'normal' | 'inverted';
export type LogoSize = 'XS' | 'S' | 'M';

/** The three options of the official generator and of the router's QR endpoint. */
export interface LogoOptions {
  orientation: LogoOrientation;
  colours: LogoColours;
  size: LogoSize;
}

export const DEFAULT_LOGO_OPTIONS: LogoOptions = { orientation: 'horizontal', colours: 'normal', size: 'S' };

/** Scale of each size relative to one unit per QR module, as in the official generator. */
export const SIZE_SCALE: Record<LogoSize, number> = { XS: 1, S: 1.5, M: 4 };

/** Pixel widths a PNG may be requested in. At the 100 px minimum a horizontal logo has QR modules of 1.4 px. */
export const PNG_WIDTH_RANGE = { min: 100, max: 2048 } as const;

/**
 * Physical widths, in millimetres, a PDF may be requested in. At the 15 mm minimum a horizontal logo has
 * QR modules of 0.21 mm.
 */
export const PDF_WIDTH_MM_RANGE = { min: 15, max: 500 } as const;

export interface LogoQuery {
  orientation?: string;
  colours?: string;
  size?: string;
}

/**
 * Parses the query values of the logo endpoints, case-insensitively. A missing or empty value takes
 * the router's default, as Spring's `defaultValue` does for the real router.
 *
 * @throws LogoError naming the parameter when a value is not one of the allowed ones.
 */
export function parseLogoOptions(query: LogoQuery): LogoOptions {
  const orientation = (query.orientation || DEFAULT_LOGO_OPTIONS.orientation).toLowerCase();
  const colours = (query.colours || DEFAULT_LOGO_OPTIONS.colours).toLowerCase();
  const size = (query.size || DEFAULT_LOGO_OPTIONS.size).toUpperCase();

  if (orientation !== 'horizontal' && orientation !== 'vertical') {
    throw LogoError.invalidOption('orientation', String(query.orientation), 'horizontal or vertical');
  }
  if (colours !== 'normal' && colours !== 'inverted') {
    throw LogoError.invalidOption('colours', String(query.colours), 'normal or inverted');
  }
  if (size !== 'XS' && size !== 'S' && size !== 'M') {
    throw LogoError.invalidOption('size', String(query.size), 'XS, S or M');
  }

  return { orientation, colours, size };
}

/**
 * Parses an optional positive decimal number within a range, for the `width` (pixels, integer) and
 * `widthMm` (millimetres) parameters. Returns undefined when the parameter is missing or empty.
 */
export function parseBoundedNumber(
  parameter: string,
  value: string | undefined,
  range: { min: number; max: number },
  integer: boolean,
): number | undefined {
  if (value === undefined || value === '') return undefined;

  const pattern = integer ? /^\d{1,6}$/ : /^\d{1,6}(\.\d{1,3})?$/;
  const unit = integer ? 'an integer' : 'a number with at most 3 decimals';
  const parsed = Number(value);
  if (!pattern.test(value) || parsed < range.min || parsed > range.max) {
    throw LogoError.outOfRange(parameter, value, `${unit} from ${range.min} to ${range.max}`);
  }

  return parsed;
}
