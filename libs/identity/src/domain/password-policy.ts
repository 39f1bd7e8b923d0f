import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { IdentityError } from './identity.error.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Lowest accepted zxcvbn score (0 to 4). Score 3 means "safely unguessable: moderate protection from offline attacks". */
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

/**
 * Checks a new password: its length, then its guessability with zxcvbn-ts and the common-password
 * dictionaries of @zxcvbn-ts/language-common. userInputs (the e-mail address and its parts) count as
 * dictionary words, so a password built from the user's own address is rejected too.
 */
export function assertAcceptablePassword(password: string, userInputs: string[] = []): void {
  assertPasswordLength(password);

  const inputs = userInputs.flatMap((input) => [input, ...input.split(/[@._+-]/)]).filter((word) => word.length >= 3);
  const result = passwordEstimator().check(password, inputs);
  if (result.score < MIN_PASSWORD_SCORE) {
    const hint = result.feedback.warning ? ` (zxcvbn: ${result.feedback.warning})` : '';
    throw IdentityError.weakPassword(
      `is too easy to guess${hint}; choose a longer passphrase of several unrelated words, not a common password or your e-mail address`,
    );
  }
}
