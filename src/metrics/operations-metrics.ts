import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DeadlineKey, DeadlineStatus } from '../deadlines/enums';
import { DEADLINES_QUEUE } from '../deadlines/queues';
import { NotificationChannel } from '../notifications/enums';
import { NOTIFICATIONS_QUEUE } from '../notifications/queues';
import { METRICS_REGISTRY } from './metrics.registry';

const QUEUE_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed'] as const;
const OPEN_DEADLINES = [DeadlineStatus.PENDING, DeadlineStatus.OVERDUE];

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

/**
 * The system's state as operations watch it, read from PostgreSQL and Redis at each scrape: what every API
 * replica sees alike, so any one of them can answer (the worker adds only what happens inside it: job
 * durations). No label carries anything about a case or a person.
 */
@Injectable()
export class OperationsMetrics {
  private readonly queueJobs: Gauge;
  private readonly queueUp: Gauge;
  private readonly outboxPending: Gauge;
  private readonly outboxLag: Gauge;
  private readonly deadlines: Gauge;
  private readonly pastDue: Gauge;
  private readonly deliveriesFailed: Gauge;

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    @InjectQueue(DEADLINES_QUEUE) private readonly deadlinesQueue: Queue,
    @InjectQueue(NOTIFICATIONS_QUEUE) private readonly notificationsQueue: Queue,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    const registers = [registry];
    this.queueJobs = new Gauge({ name: 'bvte_queue_jobs', help: 'BullMQ jobs by queue and state', labelNames: ['queue', 'state'], registers });
    this.queueUp = new Gauge({ name: 'bvte_queue_up', help: '1 when the queue could be read from Redis at this scrape', labelNames: ['queue'], registers });
    this.outboxPending = new Gauge({ name: 'bvte_outbox_pending_events', help: 'Outbox events not yet delivered to their consumers', registers });
    this.outboxLag = new Gauge({ name: 'bvte_outbox_lag_seconds', help: 'Age of the oldest undelivered outbox event (0 when none waits)', registers });
    this.deadlines = new Gauge({ name: 'bvte_deadlines', help: 'Open legal deadlines by status (PENDING, OVERDUE) and key', labelNames: ['status', 'key'], registers });
    this.pastDue = new Gauge({ name: 'bvte_deadline_steps_past_due', help: 'Open deadlines whose next step is due and has not fired (worker lag)', registers });
    this.deliveriesFailed = new Gauge({
      name: 'bvte_notification_deliveries_failed',
      help: 'Email and SMS deliveries that failed after every retry',
      labelNames: ['channel'],
      registers,
    });
  }

  /** Reads the numbers; queries run one after another (one statement at a time on the pool). */
  async refresh(): Promise<void> {
    for (const queue of [this.deadlinesQueue, this.notificationsQueue]) {
      try {
        const counts = await withTimeout(queue.getJobCounts(...QUEUE_STATES), 2000);
        for (const state of QUEUE_STATES) this.queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
        this.queueUp.set({ queue: queue.name }, 1);
      } catch {
        this.queueUp.set({ queue: queue.name }, 0);
      }
    }

    const now = this.clock.now();
    const [outbox] = await this.dataSource.query<Array<{ pending: number; oldest: Date | null }>>(
      `SELECT count(*)::int AS pending, min(occurred_at) AS oldest FROM outbox_event WHERE processed_at IS NULL`,
    );
    this.outboxPending.set(outbox.pending);
    this.outboxLag.set(outbox.oldest ? Math.max(0, (now.getTime() - outbox.oldest.getTime()) / 1000) : 0);

    const open = await this.dataSource.query<Array<{ status: string; key: string; n: number }>>(
      `SELECT status, key, count(*)::int AS n FROM deadline WHERE status = ANY($1) GROUP BY status, key`,
      [OPEN_DEADLINES],
    );
    // Every combination gets a value, so a series drops to 0 instead of disappearing.
    for (const status of OPEN_DEADLINES) for (const key of Object.values(DeadlineKey)) this.deadlines.set({ status, key }, 0);
    for (const row of open) this.deadlines.set({ status: row.status, key: row.key }, row.n);

    const [pastDue] = await this.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM deadline WHERE status = ANY($1) AND next_fire_at <= $2`, [
      OPEN_DEADLINES,
      now,
    ]);
    this.pastDue.set(pastDue.n);

    const failed = await this.dataSource.query<Array<{ channel: string; n: number }>>(
      `SELECT channel, count(*)::int AS n FROM notification_delivery WHERE status = 'FAILED' GROUP BY channel`,
    );
    for (const channel of Object.values(NotificationChannel)) this.deliveriesFailed.set({ channel }, 0);
    for (const row of failed) this.deliveriesFailed.set({ channel: row.channel }, row.n);
  }
}
