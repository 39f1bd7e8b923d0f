import { DomainError, ErrorKind } from '@escr/kernel';

/** Errors of the Cards context. ER-0001, ER-0002 and ER-0019 are the real router's codes. */
export class CardsError extends DomainError {
  private constructor(code: string, message: string, kind: ErrorKind) {
    super(code, message, kind);
  }

  static cardNotFound(escn: string): CardsError {
    return new CardsError('ER-0001', `No card with ESCN ${escn}`, 'not_found');
  }

  static cardExists(escn: string): CardsError {
    return new CardsError('ER-0002', `A card with ESCN ${escn} already exists; update it with PUT /cards/${escn}`, 'conflict');
  }

  static personNotFound(esi: string): CardsError {
    return new CardsError('ER-0003', `No person with ESI ${esi} is registered for your organisation`, 'not_found');
  }

  static personLinkExists(esi: string, organisation: string): CardsError {
    return new CardsError('ER-0019', `User already exists for this organisation: ${esi} is already linked to ${organisation}`, 'conflict');
  }

  static unknownOrganisation(field: string, identifier: string): CardsError {
    return new CardsError('ER-0005', `${field}: no registered organisation has identifier ${identifier}`, 'invalid');
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
