import { afterFailure, afterSuccess, isLocked } from './login.rules';

const policy = { maxFailures: 3, lockSeconds: 60 };
const now = new Date('2026-11-22T08:00:00Z');

describe('login lockout', () => {
  it('counts failures below the limit without locking', () => {
    let s = { failedLogins: 0, lockedUntil: null as Date | null };
    s = afterFailure(s, now, policy);
    s = afterFailure(s, now, policy);
    expect(s).toEqual({ failedLogins: 2, lockedUntil: null });
    expect(isLocked(s, now)).toBe(false);
  });

  it('locks at the limit and doubles the lock for further failures', () => {
    const third = afterFailure({ failedLogins: 2, lockedUntil: null }, now, policy);
    expect(third.lockedUntil).toEqual(new Date(now.getTime() + 60_000));
    expect(isLocked(third, now)).toBe(true);
    expect(isLocked(third, new Date(now.getTime() + 60_001))).toBe(false);
    const fourth = afterFailure(third, now, policy);
    expect(fourth.lockedUntil).toEqual(new Date(now.getTime() + 120_000));
  });

  it('caps the lock at one day', () => {
    const s = afterFailure({ failedLogins: 40, lockedUntil: null }, now, policy);
    expect(s.lockedUntil).toEqual(new Date(now.getTime() + 86_400_000));
  });

  it('resets on success', () => {
    expect(afterSuccess()).toEqual({ failedLogins: 0, lockedUntil: null });
  });
});
