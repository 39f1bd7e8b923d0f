import { DomainError } from '@escr/kernel';

/** Errors of public verification. Codes ER-0001 and ER-0100 are the real router's. */
export class VerificationError extends DomainError {
  static malformedEscn(value: string): VerificationError {
    return new VerificationError(
      'ER-0100',
      `escn: ${value.slice(0, 64)} is not a European Student Card Number (a version-1 UUID ending in 12 digits)`,
      'invalid',
    );
  }

  static cardNotFound(escn: string): VerificationError {
    return new VerificationError('ER-0001', `No card with ESCN ${escn}`, 'not_found');
  }

  static tooManyRequests(retryAfterSeconds: number): VerificationError {
    return new VerificationError(
      'ER-0429',
      `Too many verification requests from this client; retry after ${retryAfterSeconds} s`,
      'too_many_requests',
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}
