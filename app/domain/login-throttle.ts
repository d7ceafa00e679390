/** Window in which failed logins are counted. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000
/** Failures allowed per account, and per address (an office may share one), in the window. */
export const MAX_FAILURES_PER_ACCOUNT = 5
export const MAX_FAILURES_PER_ADDRESS = 30

export function isThrottled(failures: { account: number; address: number }) {
  return failures.account >= MAX_FAILURES_PER_ACCOUNT || failures.address >= MAX_FAILURES_PER_ADDRESS
}
