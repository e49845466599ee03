/**
 * Fixed rate-limit windows: the window a moment falls in (windows of `windowSeconds` counted from the epoch, so
 * every replica agrees on them) and how long until it ends, the `Retry-After` of a refusal.
 */
export function rateWindow(nowMs: number, windowSeconds: number): { window: number; secondsLeft: number } {
  const seconds = Math.floor(nowMs / 1000);
  return { window: Math.floor(seconds / windowSeconds), secondsLeft: windowSeconds - (seconds % windowSeconds) };
}
