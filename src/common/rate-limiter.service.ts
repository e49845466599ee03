import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/config';
import { REDIS } from '../redis/redis.module';
import { TooManyRequestsError } from './errors';

export interface RateLimit {
  /** Name of the limit, part of the Redis key. */
  bucket: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in Redis, so limits hold across API replicas. If Redis is unreachable the request is
 * let through: refusing a child-abuse report because a counter is down would be the worse failure.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger('RateLimiter');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `code`: the catalogue code of the refusal (what the person should do instead). */
  async hit(limits: RateLimit[], clientId: string, code: string): Promise<void> {
    for (const l of limits) {
      const window = Math.floor(Date.now() / 1000 / l.windowSeconds);
      const key = `${this.config.queuePrefix}:rl:${l.bucket}:${clientId}:${window}`;
      let count: number;
      try {
        const results = await this.redis
          .multi()
          .incr(key)
          .expire(key, l.windowSeconds + 5)
          .exec();
        count = Number(results?.[0]?.[1] ?? 0);
      } catch (error) {
        this.logger.warn({ err: error }, 'rate limiter unavailable; letting the request through');
        return;
      }
      if (count > l.limit) {
        const retryAfter = l.windowSeconds - (Math.floor(Date.now() / 1000) % l.windowSeconds);
        throw new TooManyRequestsError(code, retryAfter);
      }
    }
  }
}
