import { rateWindow } from './rate-window.rules';

describe('rateWindow', () => {
  const at = (iso: string) => new Date(iso).getTime();

  it('puts the moments of one ten-minute window together and says how long is left of it', () => {
    expect(rateWindow(at('2026-12-01T10:00:00Z'), 600)).toEqual({ window: rateWindow(at('2026-12-01T10:09:59.999Z'), 600).window, secondsLeft: 600 });
    expect(rateWindow(at('2026-12-01T10:09:59.999Z'), 600).secondsLeft).toBe(1);
    expect(rateWindow(at('2026-12-01T10:03:20Z'), 600).secondsLeft).toBe(400);
  });

  it('starts a new window on the boundary, never sooner', () => {
    const before = rateWindow(at('2026-12-01T10:09:59.999Z'), 600);
    const after = rateWindow(at('2026-12-01T10:10:00Z'), 600);
    expect(after.window).toBe(before.window + 1);
    expect(after.secondsLeft).toBe(600);
  });

  it('aligns day windows on UTC midnight, the same on every replica', () => {
    expect(rateWindow(at('2026-12-01T23:59:59Z'), 86_400).window).toBe(rateWindow(at('2026-12-01T00:00:00Z'), 86_400).window);
    expect(rateWindow(at('2026-12-02T00:00:00Z'), 86_400).secondsLeft).toBe(86_400);
  });
});
