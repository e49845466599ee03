/** Lockout after repeated failures: pure so the policy is unit-tested without a database. */
export interface LoginState {
  failedLogins: number;
  lockedUntil: Date | null;
}

export interface LockoutPolicy {
  maxFailures: number;
  lockSeconds: number;
}

export function isLocked(state: LoginState, now: Date): boolean {
  return !!state.lockedUntil && state.lockedUntil.getTime() > now.getTime();
}

/** After `maxFailures` failures the account locks; every further failure while counting doubles the lock (capped at a day). */
export function afterFailure(state: LoginState, now: Date, policy: LockoutPolicy): LoginState {
  const failedLogins = state.failedLogins + 1;
  if (failedLogins < policy.maxFailures) return { failedLogins, lockedUntil: state.lockedUntil };
  const excess = failedLogins - policy.maxFailures;
  const seconds = Math.min(policy.lockSeconds * 2 ** excess, 86400);
  return { failedLogins, lockedUntil: new Date(now.getTime() + seconds * 1000) };
}

export function afterSuccess(): LoginState {
  return { failedLogins: 0, lockedUntil: null };
}
