import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiQuery } from '@nestjs/swagger';

/** The list parameters of API V2, documented as the real router documents them. */
export function ApiListQuery(sortFields: readonly string[], searchFields: readonly string[]): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'sort', required: false, schema: { type: 'string' }, description: `One of ${sortFields.join(', ')}` }),
    ApiQuery({ name: 'direction', required: false, schema: { type: 'string', default: 'ASC' }, description: 'ASC or DESC' }),
    ApiQuery({ name: 'page', required: false, schema: { type: 'integer', format: 'int32', default: 0 }, description: 'Zero-based page number' }),
    ApiQuery({ name: 'size', required: false, schema: { type: 'integer', format: 'int32', default: 10 }, description: 'Page size, capped by LIST_MAX_PAGE_SIZE' }),
    ApiQuery({
      name: 'search',
      required: false,
      schema: { type: 'string' },
      description: `field:value terms joined by <+>; fields: ${searchFields.join(', ')}`,
    }),
  );
}

/** The optional Idempotency-Key header of POST routes. */
export const ApiIdempotencyKey = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Unique key of this request; a retry with the same key and body returns the first response. Kept 24 h.',
  });
