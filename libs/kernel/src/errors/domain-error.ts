/** The class of failure, which the HTTP layer maps to a status code. */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'unprocessable'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_acceptable'
  | 'too_many_requests'
  | 'internal';

/**
 * Base of every context's error type. `code` is stable and documented, because API clients branch on it;
 * `message` is for people and names the offending value and the fix.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: ErrorKind,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Errors of requests that never reach a context: malformed bodies, failed validation, missing routes. */
export class RequestError extends DomainError {
  static validationFailed(message: string): RequestError {
    return new RequestError('ER-0100', message, 'invalid');
  }

  static malformedBody(detail: string): RequestError {
    return new RequestError('ER-0101', `The request body is not valid JSON: ${detail}`, 'invalid');
  }

  static routeNotFound(method: string, path: string): RequestError {
    return new RequestError('ER-0404', `No route ${method} ${path}. The API is described at /esc-rest/v3/api-docs`, 'not_found');
  }

  static unsupportedMediaType(received: string, expected: string): RequestError {
    return new RequestError('ER-0415', `Content-Type ${received} is not supported here; send ${expected}`, 'unsupported_media_type');
  }

  static payloadTooLarge(limit: string): RequestError {
    return new RequestError('ER-0413', `The request body is larger than the limit of ${limit}`, 'payload_too_large');
  }

  static tooManyRequests(retryAfterSeconds: number): RequestError {
    return new RequestError(
      'ER-0429',
      `Too many requests from this client; retry after ${retryAfterSeconds} s`,
      'too_many_requests',
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}
