import { CardsError } from './cards.error';
import { ListSpec, parseListRequest } from './list-request';

const spec: ListSpec = {
  sortFields: ['createdAt', 'cardNumber'],
  defaultSort: 'createdAt',
  searchFields: ['cardNumber', 'person.identifier', 'person.identifierCode'],
};

function rejection(run: () => unknown): CardsError {
  try {
    run();
  } catch (error) {
    if (error instanceof CardsError) return error;
    throw error;
  }
  throw new Error('expected a CardsError');
}

describe('parseListRequest', () => {
  it('applies the defaults', () => {
    expect(parseListRequest({}, spec, 100)).toEqual({ page: 0, size: 10, sort: 'createdAt', direction: 'ASC', terms: new Map() });
  });

  it('caps the size', () => {
    expect(parseListRequest({ size: '500' }, spec, 100).size).toBe(100);
  });

  it('reads the direction case-insensitively', () => {
    expect(parseListRequest({ direction: 'desc' }, spec, 100).direction).toBe('DESC');
  });

  it.each([
    [{ page: '-1' }, 'page'],
    [{ page: 'abc' }, 'page'],
    [{ size: '0' }, 'size'],
    [{ size: '1.5' }, 'size'],
    [{ direction: 'UP' }, 'direction'],
    [{ sort: 'email' }, 'sort'],
  ])('rejects %p', (raw, field) => {
    const error = rejection(() => parseListRequest(raw, spec, 100));
    expect(error.code).toBe('ER-0100');
    expect(error.message.startsWith(`${field}:`)).toBe(true);
  });

  it('splits search terms on <+> and on a decoded plus', () => {
    const esi = 'urn:schac:personalUniqueCode:int:esi:fr:123';
    const plus = parseListRequest({ search: `person.identifierCode:ESI<+>person.identifier:${esi}` }, spec, 100);
    const space = parseListRequest({ search: `person.identifierCode:ESI< >person.identifier:${esi}` }, spec, 100);
    expect(plus.terms).toEqual(new Map([['person.identifierCode', 'ESI'], ['person.identifier', esi]]));
    expect(space.terms).toEqual(plus.terms);
  });

  it('names an unknown search field and the allowed ones', () => {
    const error = rejection(() => parseListRequest({ search: 'colour:red' }, spec, 100));
    expect(error.code).toBe('ER-0012');
    expect(error.message).toBe('search: unknown field colour; use one of cardNumber, person.identifier, person.identifierCode');
  });

  it('rejects a term without a colon or value', () => {
    expect(rejection(() => parseListRequest({ search: 'cardNumber' }, spec, 100)).code).toBe('ER-0100');
    expect(rejection(() => parseListRequest({ search: 'cardNumber:' }, spec, 100)).code).toBe('ER-0100');
  });
});

describe('parseListRequest with repeated parameters', () => {
  it('rejects an array value', () => {
    expect(rejection(() => parseListRequest({ search: ['cardNumber:a', 'cardNumber:b'] }, spec, 100)).message).toBe(
      'search: must be given once, as a single value',
    );
  });
});
