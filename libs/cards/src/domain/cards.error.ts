import { DomainError, ErrorKind } from '@escr/kernel';

/**
 * Errors of the Cards context. ER-0001, ER-0002 and ER-0019 are the real router's codes; the others are
 * this router's and are listed in docs/cards-api.md.
 */
export class CardsError extends DomainError {
  private constructor(code: string, message: string, kind: ErrorKind) {
    super(code, message, kind);
  }

  static cardNotFound(escn: string): CardsError {
    return new CardsError('ER-0001', `No card with ESCN ${escn}`, 'not_found');
  }

  static cardExists(escn: string): CardsError {
    return new CardsError(
      'ER-0002',
      `A card with ESCN ${escn} already exists; update it with PUT /cards/${escn}. A deleted card keeps its number`,
      'conflict',
    );
  }

  static personNotFound(esi: string): CardsError {
    return new CardsError('ER-0003', `No person with ESI ${esi} is registered for your organisation`, 'not_found');
  }

  static pictureNotFound(esi: string, organisation: string): CardsError {
    return new CardsError('ER-0004', `No picture of ${esi} is stored for organisation ${organisation}`, 'not_found');
  }

  static personLinkExists(esi: string, organisation: string): CardsError {
    return new CardsError('ER-0019', `User already exists for this organisation: ${esi} is already linked to ${organisation}`, 'conflict');
  }

  static unknownOrganisation(field: string, identifier: string): CardsError {
    return new CardsError('ER-0005', `${field}: no registered organisation has identifier ${identifier}`, 'invalid');
  }

  static immutableCardField(field: string, current: string, requested: string): CardsError {
    return new CardsError(
      'ER-0006',
      `${field}: a card cannot move from ${current} to ${requested}; delete it and issue a new card instead`,
      'invalid',
    );
  }

  static expiredCardNeedsNewExpiry(escn: string, expiresAt: string, today: string): CardsError {
    return new CardsError(
      'ER-0007',
      `Card ${escn} expired on ${expiresAt}: to update it, send cardStatusType ACTIVE or INACTIVE together with a new expiresAt on or after ${today}`,
      'invalid',
    );
  }

  static pictureRejected(reason: string): CardsError {
    return new CardsError('ER-0008', `file: ${reason}`, 'invalid');
  }

  static pictureTooLarge(maxBytes: number): CardsError {
    return new CardsError('ER-0009', `file: the picture is larger than the limit of ${maxBytes} bytes`, 'payload_too_large');
  }

  static idempotencyKeyReused(key: string): CardsError {
    return new CardsError(
      'ER-0010',
      `Idempotency-Key ${key} was already used with a different request; send a new key for a new request`,
      'unprocessable',
    );
  }

  static idempotentRequestInFlight(key: string): CardsError {
    return new CardsError('ER-0011', `A request with Idempotency-Key ${key} is still being processed; retry later`, 'conflict');
  }

  static unknownSearchField(field: string, allowed: readonly string[]): CardsError {
    return new CardsError('ER-0012', `search: unknown field ${field}; use one of ${allowed.join(', ')}`, 'invalid');
  }

  static notActingFor(identifier: string): CardsError {
    return new CardsError('SE-0004', `Access denied: your token does not act for organisation ${identifier}`, 'forbidden');
  }

  static invalid(field: string, rule: string): CardsError {
    return new CardsError('ER-0100', `${field}: ${rule}`, 'invalid');
  }

  static escnExhausted(): CardsError {
    return new CardsError('ER-0500', 'Could not mint a unique ESCN; retry the request', 'internal');
  }
}
