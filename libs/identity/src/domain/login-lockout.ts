/** Lock-out after the first failed login, in milliseconds. Each further consecutive failure doubles it. */
export const FIRST_LOCKOUT_MS = 1000;

/** Longest lock-out: 15 minutes. With the doubling, an account admits at most 13 failed logins per hour. */
export const MAX_LOCKOUT_MS = 15 * 60 * 1000;

/**
 * Returns how long an account stays locked after its nth consecutive failed login (n ≥ 1):
 * 1 s, 2 s, 4 s, … capped at 15 minutes.
 */
export function lockoutDurationMs(consecutiveFailures: number): number {
  if (consecutiveFailures < 1) return 0;
  const exponent = Math.min(consecutiveFailures - 1, 20);

  return Math.min(FIRST_LOCKOUT_MS * 2 ** exponent, MAX_LOCKOUT_MS);
}
