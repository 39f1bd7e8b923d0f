import { IdentityError } from './identity.error.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Checks length only, with no composition rules; the common-password check is applied by the hasher's caller. */
export function assertPasswordLength(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    throw IdentityError.weakPassword(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw IdentityError.weakPassword(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  }
}
