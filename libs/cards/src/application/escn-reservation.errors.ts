import { DomainError, ErrorKind } from '@escr/kernel';

/** Errors of ESCN reservations, part of the Cards context. */
export class EscnReservationError extends DomainError {
  private constructor(code: string, message: string, kind: ErrorKind) {
    super(code, message, kind);
  }

  static reservedForAnotherIssuer(escn: string, reservedPic: string, issuerPic: string): EscnReservationError {
    return new EscnReservationError(
      'ER-0030',
      `cardNumber: ESCN ${escn} is reserved for the organisation with PIC ${reservedPic}, not for issuer ${issuerPic}; ` +
        `request your own numbers with GET /esc-rest/api/v2/cards/generate-escn?pic=${issuerPic}`,
      'conflict',
    );
  }

  static reservationUsed(escn: string): EscnReservationError {
    return new EscnReservationError(
      'ER-0031',
      `cardNumber: the reserved ESCN ${escn} was already used for a card; a reservation can be used once, so request a new number`,
      'conflict',
    );
  }

  static exhausted(requested: number, reserved: number): EscnReservationError {
    return new EscnReservationError(
      'ER-0500',
      `Could reserve only ${reserved} of ${requested} unique ESCNs; retry the request`,
      'internal',
    );
  }
}
