import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ApiErrorMessage } from '@escr/kernel';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Entity not found',
  409: 'Entity already exists',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Idempotency-Key reused with another request',
  500: 'Unexpected error',
};

/** Documents the error responses of a route, each with the ApiErrorMessage body. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ApiErrorMessage })));
}
