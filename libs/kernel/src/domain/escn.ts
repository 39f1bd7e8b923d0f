/**
 * Syntax of a European Student Card Number: an RFC 4122 version-1 UUID whose node (last group) is
 * twelve decimal digits, a 3-digit prefix followed by the issuer's 9-digit PIC.
 */
export const ESCN_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9]{12}$/;

/** Returns the lowercase ESCN, or null when the value does not have the ESCN layout. */
export function normaliseEscn(value: string): string | null {
  if (value.length !== 36) return null;

  const lower = value.toLowerCase();

  return ESCN_PATTERN.test(lower) ? lower : null;
}

/** Returns the issuer PIC embedded in the last nine digits of a well-formed ESCN. */
export function picOfEscn(escn: string): string {
  return escn.slice(-9);
}
