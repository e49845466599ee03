import { join } from 'node:path';
import Redis from 'ioredis';
import { LocalRedis, startRedisServer } from '../../src/local/redis-server';
import { TEST_DATA_DIR } from './services';

/**
 * A redis-server of the test file's own, for tests that make Redis stop answering: pausing the shared
 * server would stall every other test file of the run. Call in beforeAll (after integration-env's, which
 * sets REDIS_URL): the app and workers started afterwards use it.
 */
export async function usePrivateRedis(): Promise<LocalRedis> {
  const redis = await startRedisServer({ dataDir: join(TEST_DATA_DIR, `redis-private-${Date.now()}-${process.pid}`), persistent: false, log: () => undefined });
  process.env.REDIS_URL = redis.url;
  return redis;
}

export interface RedisPause {
  /** Whether Redis answers again (a PING sent when the pause began has come back). */
  over: () => boolean;
  /** Resolves when Redis answers again. */
  ended: Promise<void>;
}

/**
 * Redis stops answering every client for `ms` (CLIENT PAUSE … ALL), as during an outage or a failover: the
 * connections stay up and commands just wait. A pause cannot be lifted early (CLIENT UNPAUSE waits too).
 */
export async function pauseRedis(url: string, ms: number): Promise<RedisPause> {
  const admin = new Redis(url, { maxRetriesPerRequest: null });
  const probe = new Redis(url, { maxRetriesPerRequest: null });
  await probe.ping();
  await admin.call('CLIENT', 'PAUSE', String(ms), 'ALL');
  admin.disconnect();
  let over = false;
  const ended = probe.ping().then(() => {
    over = true;
    probe.disconnect();
  });
  return { over: () => over, ended };
}

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
