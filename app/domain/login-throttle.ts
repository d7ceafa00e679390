/**
 * Login throttling that cannot be turned into a lockout. Failures count per (account, address)
 * pair: after a few free tries each further failure doubles the wait before that pair may try
 * again, so a guesser slows to a crawl while the real user, from their own address, is never
 * locked out by someone else's failures. An address that fails on many accounts is limited as
 * a whole.
 */

/** Window in which failed logins are counted. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000
/** Failures a pair may make before it has to wait. */
export const FREE_FAILURES = 3
/** The longest wait a pair is given. */
export const MAX_DELAY_MS = 15 * 60 * 1000
/** Failures allowed per address (an office may share one) across all accounts, in the window. */
export const MAX_FAILURES_PER_ADDRESS = 30

export interface RecentFailures {
  /** Failures of this account from this address in the window, and when the last one was. */
  pair: number
  lastPairFailureAt: number | null
  /** Failures from this address on any account in the window. */
  address: number
}

/** How long the pair must wait after its last failure. */
export function delayAfter(pairFailures: number): number {
  if (pairFailures < FREE_FAILURES) return 0
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** (pairFailures - FREE_FAILURES + 1))
}

/** Whether a login may be tried now and, if not, in how many seconds. */
export function throttle(f: RecentFailures, now: number): { throttled: boolean; retryAfterSeconds: number } {
  if (f.address >= MAX_FAILURES_PER_ADDRESS) return { throttled: true, retryAfterSeconds: Math.ceil(LOGIN_WINDOW_MS / 1000) }
  const wait = f.lastPairFailureAt === null ? 0 : f.lastPairFailureAt + delayAfter(f.pair) - now
  return wait > 0 ? { throttled: true, retryAfterSeconds: Math.ceil(wait / 1000) } : { throttled: false, retryAfterSeconds: 0 }
}
