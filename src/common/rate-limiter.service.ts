import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/config';
import { REDIS } from '../redis/redis.module';
import { Clock } from './clock';
import { TooManyRequestsError } from './errors';
import { rateWindow } from './rate-window.rules';

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
    private readonly clock: Clock,
  ) {}

  /** `code`: the catalogue code of the refusal (what the person should do instead). */
  async hit(limits: RateLimit[], clientId: string, code: string): Promise<void> {
    const now = this.clock.now().getTime();
    for (const l of limits) {
      const { window, secondsLeft } = rateWindow(now, l.windowSeconds);
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
      if (count > l.limit) throw new TooManyRequestsError(code, secondsLeft);
    }
  }
}
