import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Clock } from '../common/clock';
import { REDIS } from '../redis/redis.module';

export interface HealthReport {
  /** `degraded`: the API answers but the workers lag behind (events or deadline steps waiting too long). */
  status: 'ok' | 'degraded' | 'down';
  postgres: 'up' | 'down';
  redis: 'up' | 'down';
  workers: 'ok' | 'lagging' | 'unknown';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

/** Work older than this and still not done means no worker is keeping up (the relay polls every 0.5 s). */
const OUTBOX_LAG_MS = 60_000;

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async check(): Promise<HealthReport> {
    const [postgres, redis] = await Promise.all([
      withTimeout(this.dataSource.query('SELECT 1'), 2000).then(() => 'up' as const, () => 'down' as const),
      withTimeout(this.redis.ping(), 2000).then(() => 'up' as const, () => 'down' as const),
    ]);
    const workers = postgres === 'up' ? await this.workers() : 'unknown';
    const status = postgres !== 'up' || redis !== 'up' ? 'down' : workers === 'lagging' ? 'degraded' : 'ok';
    return { status, postgres, redis, workers };
  }

  /**
   * Lagging workers do not take the API out of the load balancer (intake must keep working), but they show:
   * outbox events waiting for more than a minute, or deadline steps past due for longer than two reconciler
   * runs (the reconciler fires anything past due, so only a stalled worker leaves them).
   */
  private async workers(): Promise<'ok' | 'lagging' | 'unknown'> {
    const now = this.clock.now().getTime();
    try {
      const [row] = await withTimeout(
        this.dataSource.query(
          `SELECT EXISTS (SELECT 1 FROM outbox_event WHERE processed_at IS NULL AND occurred_at < $1) AS "outbox",
                  EXISTS (SELECT 1 FROM deadline WHERE status IN ('PENDING','OVERDUE') AND next_fire_at < $2) AS "deadlines"`,
          [new Date(now - OUTBOX_LAG_MS), new Date(now - 2 * this.config.reconcileIntervalMs - 30_000)],
        ),
        2000,
      );
      return row.outbox || row.deadlines ? 'lagging' : 'ok';
    } catch {
      return 'unknown';
    }
  }
}
