import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { IdentityError } from './identity.error.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Lowest accepted zxcvbn score (0 to 4). In @zxcvbn-ts/core 4.2, score 3 or more means an estimate of at least 10^8 guesses. */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

/** Builds the zxcvbn estimator on first use, so that processes which never check a password skip loading its dictionaries. */
function passwordEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });

  return estimator;
}

/** Checks length only: 12 to 128 characters (Unicode code points), with no composition rules. */
export function assertPasswordLength(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    throw IdentityError.weakPassword(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw IdentityError.weakPassword(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  }
}

/** Letters and digits only, lowercased, so that "Jean.Dupont" and "jeandupont" compare equal. */
function lettersAndDigits(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** True when the password contains the local part (before @) of one of the e-mail addresses, of 4 or more letters and digits. */
function containsEmailLocalPart(password: string, userInputs: string[]): boolean {
  const compact = lettersAndDigits(password);

  return userInputs
    .filter((input) => input.includes('@'))
    .map((email) => lettersAndDigits(email.slice(0, email.lastIndexOf('@'))))
    .some((localPart) => localPart.length >= 4 && compact.includes(localPart));
}

/**
 * Checks a new password: its length, then its guessability with zxcvbn-ts and the common-password
 * dictionaries of @zxcvbn-ts/language-common. userInputs (the e-mail address and its parts) count as
 * dictionary words, and a password containing the address's local part is rejected too.
 */
export function assertAcceptablePassword(password: string, userInputs: string[] = []): void {
  assertPasswordLength(password);

  const inputs = userInputs.flatMap((input) => [input, ...input.split(/[@._+-]/)]).filter((word) => word.length >= 3);
  const result = passwordEstimator().check(password, inputs);
  if (result.score < MIN_PASSWORD_SCORE || containsEmailLocalPart(password, userInputs)) {
    const hint = result.feedback.warning ? ` (zxcvbn: ${result.feedback.warning})` : '';
    throw IdentityError.weakPassword(
      `is too easy to guess${hint}; choose a longer passphrase of several unrelated words, not a common password or your e-mail address`,
    );
  }
}
