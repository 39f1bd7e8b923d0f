/** One media range of an Accept header, such as `image/*;q=0.8`. */
interface MediaRange {
  type: string;
  subtype: string;
  quality: number;
}

function parseMediaRanges(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(',')) {
    const [mediaType, ...parameters] = part.split(';').map((piece) => piece.trim());
    const match = /^([\w.+*-]+)\/([\w.+*-]+)$/.exec(mediaType.toLowerCase());
    if (!match) continue;

    let quality = 1;
    for (const parameter of parameters) {
      const q = /^q\s*=\s*([01](\.\d{0,3})?)$/i.exec(parameter);
      if (q) quality = Number(q[1]);
    }
    ranges.push({ type: match[1], subtype: match[2], quality });
  }

  return ranges;
}

/** 2 for an exact match, 1 for `type/*`, 0 for `*\/*`, -1 when the range does not match. */
function specificity(range: MediaRange, type: string, subtype: string): number {
  if (range.type === type && range.subtype === subtype) return 2;
  if (range.type === type && range.subtype === '*') return 1;
  if (range.type === '*' && range.subtype === '*') return 0;

  return -1;
}

/**
 * Picks the media type to send for an Accept header (RFC 9110 §12.5.1). Each offered type takes the
 * quality of the most specific range that matches it. The highest quality wins. At equal quality, a
 * type named explicitly beats one matched by a wildcard, as in Spring, which the real router runs on.
 * After that, the order of `offered` decides. A missing header, or one without a valid media range, accepts the first
 * offered type.
 *
 * @returns the chosen type, or undefined when no offered type is acceptable.
 */
export function negotiateMediaType(accept: string | undefined, offered: readonly string[]): string | undefined {
  const ranges = accept ? parseMediaRanges(accept) : [];
  if (ranges.length === 0) return offered[0];

  let best: { mediaType: string; quality: number; specificity: number } | undefined;
  for (const mediaType of offered) {
    const [type, subtype] = mediaType.split('/');
    let match: { quality: number; specificity: number } | undefined;
    for (const range of ranges) {
      const rangeSpecificity = specificity(range, type, subtype);
      if (rangeSpecificity > (match?.specificity ?? -1)) match = { quality: range.quality, specificity: rangeSpecificity };
    }
    if (!match || match.quality === 0) continue;

    if (!best || match.quality > best.quality || (match.quality === best.quality && match.specificity > best.specificity)) {
      best = { mediaType, ...match };
    }
  }

  return best?.mediaType;
}
