import { HttpStatus } from '@nestjs/common';
import { ErrorKind } from './domain-error.js';

/** Maps an error kind to its HTTP status. The switch is exhaustive, so a new kind fails to compile until mapped. */
export function httpStatusOf(kind: ErrorKind): HttpStatus {
  switch (kind) {
    case 'invalid':
      return HttpStatus.BAD_REQUEST;
    case 'unauthenticated':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'not_found':
      return HttpStatus.NOT_FOUND;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'gone':
      return HttpStatus.GONE;
    case 'unprocessable':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'payload_too_large':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'unsupported_media_type':
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case 'not_acceptable':
      return HttpStatus.NOT_ACCEPTABLE;
    case 'too_many_requests':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'internal':
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}
