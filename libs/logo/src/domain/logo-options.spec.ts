import { parseBoundedNumber, parseLogoOptions } from './logo-options';

describe('parseLogoOptions', () => {
  it('applies the router defaults', () => {
    expect(parseLogoOptions({})).toEqual({ orientation: 'horizontal', colours: 'normal', size: 'S' });
  });

  it('treats empty values as missing', () => {
    expect(parseLogoOptions({ orientation: '', colours: '', size: '' })).toEqual({ orientation: 'horizontal', colours: 'normal', size: 'S' });
  });

  it('ignores letter case', () => {
    expect(parseLogoOptions({ orientation: 'VERTICAL', colours: 'Inverted', size: 'xs' })).toEqual({
      orientation: 'vertical',
      colours: 'inverted',
      size: 'XS',
    });
  });

  it.each([
    [{ orientation: 'diagonal' }, 'orientation: diagonal is not supported; use horizontal or vertical'],
    [{ colours: 'blue' }, 'colours: blue is not supported; use normal or inverted'],
    [{ size: 'XL' }, 'size: XL is not supported; use XS, S or M'],
  ])('rejects %p', (query, message) => {
    expect(() => parseLogoOptions(query)).toThrow(message);
  });
});

describe('parseBoundedNumber', () => {
  const range = { min: 100, max: 2048 };

  it('returns undefined for a missing or empty value', () => {
    expect(parseBoundedNumber('width', undefined, range, true)).toBeUndefined();
    expect(parseBoundedNumber('width', '', range, true)).toBeUndefined();
  });

  it('parses a value in range', () => {
    expect(parseBoundedNumber('width', '300', range, true)).toBe(300);
    expect(parseBoundedNumber('widthMm', '25.5', { min: 15, max: 500 }, false)).toBe(25.5);
  });

  it.each(['99', '2049', '12.5', '-3', '1e3', 'abc'])('rejects width %p', (value) => {
    expect(() => parseBoundedNumber('width', value, range, true)).toThrow(`width: ${value} is invalid; expected an integer from 100 to 2048`);
  });
});
