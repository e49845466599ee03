/**
 * Sign-in throttling: pure so the policy is unit-tested without Redis. Failures slow down the username from the
 * client that failed, and that client as a whole; they never lock the account, so knowing a username is not
 * enough to keep its owner out (a hotline operator signing in from her own desk is not slowed by an attacker).
 */
export interface ThrottleState {
  failures: number;
  /** Epoch milliseconds before which a sign-in from this key is refused; 0 when not throttled. */
  until: number;
}

export interface ThrottlePolicy {
  /** Failures allowed before the first delay. */
  freeFailures: number;
  /** The first delay; each further failure doubles it. */
  delaySeconds: number;
  maxDelaySeconds: number;
}

/** Per (username, client): a few typing mistakes are free, then 30 s, 1 min, 2 min … at most 15 min. */
export function usernameClientPolicy(freeFailures: number, delaySeconds: number): ThrottlePolicy {
  return { freeFailures, delaySeconds, maxDelaySeconds: 900 };
}

/** Per client across usernames: an office behind one address gets more room, a password sprayer is slowed. */
export function clientPolicy(freeFailures: number, delaySeconds: number): ThrottlePolicy {
  return { freeFailures: freeFailures * 4, delaySeconds, maxDelaySeconds: 3600 };
}

export const NOT_THROTTLED: ThrottleState = { failures: 0, until: 0 };

/** Seconds left before this key may try again (0: it may). */
export function retryAfterSeconds(state: ThrottleState, nowMs: number): number {
  return state.until > nowMs ? Math.ceil((state.until - nowMs) / 1000) : 0;
}

export function afterFailure(state: ThrottleState, nowMs: number, policy: ThrottlePolicy): ThrottleState {
  const failures = state.failures + 1;
  if (failures < policy.freeFailures) return { failures, until: state.until };
  const seconds = Math.min(policy.delaySeconds * 2 ** Math.min(failures - policy.freeFailures, 30), policy.maxDelaySeconds);
  return { failures, until: nowMs + seconds * 1000 };
}

/** How long Redis keeps a key's failures: long enough that waiting out one delay does not reset the doubling. */
export const THROTTLE_MEMORY_SECONDS = 24 * 3600;
