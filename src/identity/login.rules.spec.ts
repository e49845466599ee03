import { afterFailure, clientPolicy, NOT_THROTTLED, retryAfterSeconds, ThrottleState, usernameClientPolicy } from './login.rules';

const now = Date.parse('2026-11-22T08:00:00Z');
const policy = usernameClientPolicy(3, 30);

function fail(times: number, p = policy): ThrottleState {
  let s = NOT_THROTTLED;
  for (let i = 0; i < times; i += 1) s = afterFailure(s, now, p);
  return s;
}

describe('sign-in throttling', () => {
  it('lets the first failures through without a delay', () => {
    const s = fail(2);
    expect(s).toEqual({ failures: 2, until: 0 });
    expect(retryAfterSeconds(s, now)).toBe(0);
  });

  it.each([
    [3, 30],
    [4, 60],
    [5, 120],
    [8, 900],
    [50, 900],
  ])('after %i failures waits %i seconds (doubling, capped at 15 minutes)', (failures, seconds) => {
    const s = fail(failures);
    expect(retryAfterSeconds(s, now)).toBe(seconds);
    expect(retryAfterSeconds(s, now + seconds * 1000)).toBe(0);
  });

  it('gives a whole client four times the room and caps it at an hour', () => {
    const p = clientPolicy(3, 30);
    expect(retryAfterSeconds(fail(11, p), now)).toBe(0);
    expect(retryAfterSeconds(fail(12, p), now)).toBe(30);
    expect(retryAfterSeconds(fail(100, p), now)).toBe(3600);
  });
});
