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
  /** What is waiting or stuck (absent when PostgreSQL does not answer). */
  details?: Backlog;
}

/** Counts of work that is waiting or stuck, read from PostgreSQL alone (also for the metrics). */
export interface Backlog {
  /** Outbox events not delivered yet (dead ones apart). */
  outboxPending: number;
  /** Outbox events given up after their last attempt, waiting for an admin (GET /api/v1/admin/outbox/dead). */
  outboxDead: number;
  /**
   * Email/SMS deliveries still PENDING long after their whole retry budget: their job was lost, failed or
   * stalled; the delivery sweep re-enqueues them, so a number that stays up means the sweep is not running.
   */
  deliveriesStuck: number;
  /** Deliveries that failed on every attempt. */
  deliveriesFailed: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

/** Work older than this and still not done means no worker is keeping up (the relay polls every 0.5 s). */
const OUTBOX_LAG_MS = 60_000;

/** A delivery's retries take about 17 minutes (notifications/queues.ts); PENDING for an hour is stuck. */
const DELIVERY_STUCK_MS = 3_600_000;

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
      withTimeout(this.dataSource.query('SELECT 1'), 2000).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      withTimeout(this.redis.ping(), 2000).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
    ]);
    const workers = postgres === 'up' ? await this.workers() : 'unknown';
    const details = postgres === 'up' ? await withTimeout(this.backlog(), 2000).catch(() => undefined) : undefined;
    const status = postgres !== 'up' || redis !== 'up' ? 'down' : workers === 'lagging' ? 'degraded' : 'ok';
    return { status, postgres, redis, workers, ...(details ? { details } : {}) };
  }

  /** The backlog counts; the partial indexes on pending/dead rows keep this cheap on a large table. */
  async backlog(): Promise<Backlog> {
    const [row] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM outbox_event WHERE processed_at IS NULL AND dead_at IS NULL) AS "outboxPending",
              (SELECT count(*)::int FROM outbox_event WHERE dead_at IS NOT NULL) AS "outboxDead",
              (SELECT count(*)::int FROM notification_delivery WHERE status = 'PENDING' AND created_at < $1) AS "deliveriesStuck",
              (SELECT count(*)::int FROM notification_delivery WHERE status = 'FAILED') AS "deliveriesFailed"`,
      [new Date(this.clock.now().getTime() - DELIVERY_STUCK_MS)],
    );
    return row;
  }

  /**
   * Lagging workers do not take the API out of the load balancer (intake must keep working), but they show:
   * outbox events waiting for more than a minute, or deadline steps past due for longer than two reconciler
   * runs (the reconciler fires anything past due, so only a stalled worker leaves them). Dead events are not
   * lag: no worker will deliver them; they are counted in the details instead.
   */
  private async workers(): Promise<'ok' | 'lagging' | 'unknown'> {
    const now = this.clock.now().getTime();
    try {
      const [row] = await withTimeout(
        this.dataSource.query(
          `SELECT EXISTS (SELECT 1 FROM outbox_event WHERE processed_at IS NULL AND dead_at IS NULL AND occurred_at < $1) AS "outbox",
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
