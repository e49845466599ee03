import type { RedisOptions } from 'bullmq';

/** BullMQ wants connection options, not a URL; this reads redis://user:pass@host:port/db (rediss:// for TLS). */
export function redisConnectionOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname && u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // Workers must wait for Redis to come back instead of failing jobs.
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(times * 200, 3000),
  };
}
