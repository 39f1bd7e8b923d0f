import { negotiateMediaType } from './media-type-negotiation';

const OFFERED = ['image/svg+xml', 'text/plain', 'image/png', 'application/pdf'];

describe('negotiateMediaType', () => {
  it.each([
    [undefined, 'image/svg+xml'],
    ['', 'image/svg+xml'],
    ['image/svg+xml', 'image/svg+xml'],
    ['text/plain', 'text/plain'],
    ['TEXT/PLAIN', 'text/plain'],
    ['image/png', 'image/png'],
    ['application/pdf', 'application/pdf'],
    ['*/*', 'image/svg+xml'],
    ['image/*', 'image/svg+xml'],
    ['text/*', 'text/plain'],
    ['image/*;q=0.5, image/png', 'image/png'],
    ['application/json, text/plain, */*', 'text/plain'],
    ['image/svg+xml;q=0.2, text/plain;q=0.9', 'text/plain'],
    ['image/png;q=0, image/*', 'image/svg+xml'],
    ['not a media type', 'image/svg+xml'],
  ])('Accept %p selects %p', (accept, expected) => {
    expect(negotiateMediaType(accept, OFFERED)).toBe(expected);
  });

  it.each([['application/json'], ['image/gif, text/html'], ['*/*;q=0']])('Accept %p selects nothing', (accept) => {
    expect(negotiateMediaType(accept, OFFERED)).toBeUndefined();
  });
});
