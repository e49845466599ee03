import { createHash, timingSafeEqual } from 'node:crypto';

/** What decides who may read /metrics: where the request comes from and what it carries. */
export interface MetricsRequest {
  /** The socket's peer address (never the client IP a proxy claims). */
  remoteAddress: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * A scraper on this machine may read the metrics without a token; anyone else needs `METRICS_TOKEN` as a
 * bearer token. A request relayed by a proxy (X-Forwarded-For or Forwarded present) is not local even when the
 * proxy runs on this machine: otherwise a reverse proxy in front of the API would publish the metrics.
 */
export function mayReadMetrics(req: MetricsRequest, token: string | null): boolean {
  const relayed = req.headers['x-forwarded-for'] !== undefined || req.headers['forwarded'] !== undefined;
  if (!relayed && req.remoteAddress && LOOPBACK.has(req.remoteAddress)) return true;
  if (!token) return false;
  const match = /^Bearer\s+(\S+)$/i.exec(String(req.headers['authorization'] ?? ''));
  if (!match) return false;
  // Compare digests: equal lengths, and the time taken says nothing about the token.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
