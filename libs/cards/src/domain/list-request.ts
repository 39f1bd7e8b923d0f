import { CardsError } from './cards.error.js';

export type SortDirection = 'ASC' | 'DESC';

/** The sort and search fields a list accepts. */
export interface ListSpec {
  sortFields: readonly string[];
  defaultSort: string;
  searchFields: readonly string[];
}

/** A validated list request: zero-based page, applied size, sort field, direction and search terms. */
export interface ListRequest {
  page: number;
  size: number;
  sort: string;
  direction: SortDirection;
  terms: Map<string, string>;
}

/** Query parameters as Fastify parsed them: a repeated parameter arrives as an array. */
export interface RawListParameters {
  page?: unknown;
  size?: unknown;
  sort?: unknown;
  direction?: unknown;
  search?: unknown;
}

/** Default page size of the real router. */
export const DEFAULT_PAGE_SIZE = 10;
/** Largest page number accepted, so that page × size stays a safe integer. */
const MAX_PAGE = 1_000_000_000;

/**
 * Separator of search terms. The real router's clients send `<+>`; an unencoded `+` in a query string
 * decodes to a space, so `< >` is accepted too.
 */
const TERM_SEPARATOR = /<[+ ]>/;

function single(field: string, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;

  throw CardsError.invalid(field, 'must be given once, as a single value');
}

function parseInteger(field: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^[0-9]+$/.test(value)) throw CardsError.invalid(field, `${value} is not a whole number`);

  const parsed = Number(value);
  if (parsed < min || parsed > max) throw CardsError.invalid(field, `${value} is not within ${min} and ${max}`);

  return parsed;
}

function parseSearch(search: string | undefined, spec: ListSpec): Map<string, string> {
  const terms = new Map<string, string>();
  if (search === undefined || search.trim() === '') return terms;

  for (const term of search.split(TERM_SEPARATOR)) {
    const colon = term.indexOf(':');
    if (colon <= 0) throw CardsError.invalid('search', `term "${term}" is not field:value; join terms with <+>`);

    const field = term.slice(0, colon).trim();
    const value = term.slice(colon + 1).trim();
    if (!spec.searchFields.includes(field)) throw CardsError.unknownSearchField(field, spec.searchFields);
    if (value === '') throw CardsError.invalid('search', `term ${field} has an empty value`);
    if (terms.has(field)) throw CardsError.invalid('search', `field ${field} appears more than once`);
    terms.set(field, value);
  }

  return terms;
}

/**
 * Validates the list parameters of API V2. A size above the cap is lowered to the cap, as Spring Data
 * does, and the page metadata of the response shows the size applied.
 */
export function parseListRequest(raw: RawListParameters, spec: ListSpec, maxPageSize: number): ListRequest {
  const page = parseInteger('page', single('page', raw.page), 0, 0, MAX_PAGE);
  const size = Math.min(parseInteger('size', single('size', raw.size), DEFAULT_PAGE_SIZE, 1, Number.MAX_SAFE_INTEGER), maxPageSize);

  const rawSort = single('sort', raw.sort);
  const sort = rawSort === undefined || rawSort === '' ? spec.defaultSort : rawSort.split(',')[0].trim();
  if (!spec.sortFields.includes(sort)) {
    throw CardsError.invalid('sort', `${rawSort} is not sortable; use one of ${spec.sortFields.join(', ')}`);
  }

  const rawDirection = single('direction', raw.direction);
  const direction = (rawDirection === undefined || rawDirection === '' ? 'ASC' : rawDirection.toUpperCase()) as SortDirection;
  if (direction !== 'ASC' && direction !== 'DESC') throw CardsError.invalid('direction', `${rawDirection} is neither ASC nor DESC`);

  return { page, size, sort, direction, terms: parseSearch(single('search', raw.search), spec) };
}
