import reference from '../../testing/zxing-reference.json';
import { darkRuns, encodeQr } from './qr-encoder';

describe('encodeQr', () => {
  it.each(reference.cases)('matches ZXing for $text', ({ text, modules }) => {
    const matrix = encodeQr(text);
    const rows = Array.from({ length: matrix.size }, (_, row) => Array.from(matrix.modules.subarray(row * matrix.size, (row + 1) * matrix.size)).join(''));
    expect(rows).toEqual(modules);
  });

  it('keeps a 4-module quiet zone', () => {
    const matrix = encodeQr(reference.cases[0].text);
    expect(matrix.size).toBe(41);
    for (let index = 0; index < 4; index++) {
      expect(matrix.modules.subarray(index * 41, (index + 1) * 41).every((module) => module === 0)).toBe(true);
      expect(matrix.modules[20 * 41 + index]).toBe(0);
      expect(matrix.modules[20 * 41 + 40 - index]).toBe(0);
    }
  });

  it('rejects text longer than 62 bytes', () => {
    expect(() => encodeQr(`https://verification.example.eu/c/${'0'.repeat(36)}`)).toThrow('cannot contain this amount of data');
  });
});

describe('darkRuns', () => {
  it('covers every dark module exactly once', () => {
    const matrix = encodeQr(reference.cases[1].text);
    const covered = new Uint8Array(matrix.modules.length);
    for (const run of darkRuns(matrix)) {
      for (let x = run.x; x < run.x + run.length; x++) covered[run.y * matrix.size + x]++;
    }
    expect(Array.from(covered)).toEqual(Array.from(matrix.modules));
  });
});
