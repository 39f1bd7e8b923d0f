export type LogoOrientation = 'horizontal' | 'vertical';
export type LogoColours = 'normal' | 'inverted';
export type LogoSize = 'XS' | 'S' | 'M';

export interface LogoOptions {
  orientation: LogoOrientation;
  colours: LogoColours;
  size: LogoSize;
}

export const DEFAULT_LOGO_OPTIONS: LogoOptions = { orientation: 'horizontal', colours: 'normal', size: 'S' };

/** Scale of each size relative to one unit per QR module, as in the official generator. */
export const SIZE_SCALE: Record<LogoSize, number> = { XS: 1, S: 1.5, M: 4 };

/** Parses the case-insensitive query values of the QR endpoint; returns null for an unknown value. */
export function parseLogoOptions(query: {
  orientation?: string;
  colours?: string;
  size?: string;
}): { options: LogoOptions } | { invalid: string } {
  const orientation = (query.orientation ?? DEFAULT_LOGO_OPTIONS.orientation).toLowerCase();
  const colours = (query.colours ?? DEFAULT_LOGO_OPTIONS.colours).toLowerCase();
  const size = (query.size ?? DEFAULT_LOGO_OPTIONS.size).toUpperCase();

  if (orientation !== 'horizontal' && orientation !== 'vertical') {
    return { invalid: `orientation: must be horizontal or vertical, not ${query.orientation}` };
  }
  if (colours !== 'normal' && colours !== 'inverted') {
    return { invalid: `colours: must be normal or inverted, not ${query.colours}` };
  }
  if (size !== 'XS' && size !== 'S' && size !== 'M') {
    return { invalid: `size: must be XS, S or M, not ${query.size}` };
  }

  return { options: { orientation, colours, size } };
}
