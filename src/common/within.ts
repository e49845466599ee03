/**
 * Rejects when `promise` has not settled within `ms` (the work itself goes on; its late result is dropped).
 * For calls to Redis that must not hold up work that does not need it: with `maxRetriesPerRequest: null` a
 * command waits for as long as Redis is away.
 */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} still running after ${ms} ms`)), ms);
    timer.unref?.();
  });
  // The late outcome of the work is nobody's to handle: keep it from surfacing as an unhandled rejection.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
