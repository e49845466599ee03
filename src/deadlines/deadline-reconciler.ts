import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Clock } from '../common/clock';
import { RepeatingJob } from '../common/repeating-job';
import { DeadlineFiring } from './deadline-firing';
import { DeadlinesRepository } from './deadlines.repository';
import { DeadlineTimers } from './deadline-timers';
import { DEADLINE_RECONCILE_SCHEDULER, DEADLINES_QUEUE, DeadlineJob } from './queues';

export interface ReconcileResult {
  /** Deadlines that had at least one step fired by this run. */
  fired: number;
  /** Timers re-created because their job was missing from Redis (steps due within the restore horizon). */
  rescheduled: number;
}

/**
 * Open deadlines checked per page (keyset by id) when timers are restored: one round trip and one Redis
 * pipeline per page, and only a page of rows alive at a time.
 */
const SCAN_BATCH = 1000;

/**
 * How far ahead, in reconcile intervals, timers are restored. A step due later gets its timer back at a later
 * run, still ahead of time; every run checking every open deadline cost the worker 8 s of CPU a minute at
 * 200,000 open deadlines, whether or not Redis had lost anything.
 */
const RESTORE_HORIZON_INTERVALS = 3;

/**
 * PostgreSQL advisory lock key of the table-only firing run (an arbitrary constant, the same in every worker):
 * whatever the number of workers, one of them at a time scans for overdue steps while Redis is away.
 */
export const FIRE_OVERDUE_LOCK = 7_311_020_617;

/**
 * The safety net under the timers (product.md §6), run periodically by a BullMQ job scheduler and callable
 * directly: (a) fires every step that is past due and not done, in batches whose rows are claimed with
 * FOR UPDATE SKIP LOCKED, so two reconcilers (or a reconciler and a timer) never fire the same step;
 * (b) re-creates the missing timers of steps due soon, e.g. after Redis lost its data.
 * PostgreSQL holds the truth, so a flushed Redis, a killed worker or a deploy lose nothing and fire nothing twice.
 *
 * The scheduler itself lives in Redis, so each worker also runs (a) on a local timer, from the table alone,
 * under a PostgreSQL advisory lock: with Redis down for hours, overdue steps still fire (and their in-app
 * notifications land) on time; timers and email/SMS catch up when Redis is back.
 */
@Injectable()
export class DeadlineReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeadlineReconciler');
  private readonly schedule: RepeatingJob;
  private readonly intervalMs: number;
  private fallbackTimer: NodeJS.Timeout | null = null;
  private fallbackRun: Promise<number | null> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: DeadlinesRepository,
    private readonly firing: DeadlineFiring,
    private readonly timers: DeadlineTimers,
    private readonly clock: Clock,
    @InjectQueue(DEADLINES_QUEUE) queue: Queue,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.schedule = new RepeatingJob(queue, DEADLINE_RECONCILE_SCHEDULER, DeadlineJob.RECONCILE, config.reconcileIntervalMs);
    this.intervalMs = config.reconcileIntervalMs;
  }

  onApplicationBootstrap(): void {
    this.schedule.start();
    this.fallbackTimer = setInterval(() => void this.fireOverdueFromTable(), this.intervalMs);
    this.fallbackTimer.unref?.();
  }

  /** Stops the local timer and lets a run under way finish while PostgreSQL is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    this.schedule.stop();
    if (this.fallbackTimer) clearInterval(this.fallbackTimer);
    this.fallbackTimer = null;
    await this.fallbackRun?.catch(() => undefined);
  }

  /**
   * (a) without Redis: fires what is overdue if no other worker is doing so (PostgreSQL advisory lock);
   * returns how many deadlines fired, or null when another run held the lock.
   */
  fireOverdueFromTable(): Promise<number | null> {
    if (this.fallbackRun) return Promise.resolve(null);
    this.fallbackRun = this.fireOverdueLocked()
      .catch((error) => {
        this.logger.warn({ err: error }, 'firing overdue deadlines from the table failed; retrying at the next interval');
        return null;
      })
      .finally(() => {
        this.fallbackRun = null;
      });
    return this.fallbackRun;
  }

  private async fireOverdueLocked(): Promise<number | null> {
    // A session lock on a connection of its own: it is held across fireOverdue's transactions, and freed by
    // PostgreSQL should this worker die while holding it.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [FIRE_OVERDUE_LOCK]);
      if (!locked) return null;
      try {
        const fired = await this.fireOverdue();
        if (fired) this.logger.log({ fired }, 'overdue deadlines fired from the table');
        return fired;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [FIRE_OVERDUE_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  async run(): Promise<ReconcileResult> {
    const fired = await this.fireOverdue();
    const rescheduled = await this.restoreTimers();
    if (fired || rescheduled) this.logger.log({ fired, rescheduled }, 'deadlines reconciled');
    return { fired, rescheduled };
  }

  /** (a) Every step due by the clock and not fired yet, in batches (deadline-firing.ts). */
  async fireOverdue(): Promise<number> {
    return (await this.firing.fireDue()).fired;
  }

  /**
   * (b) Timers of steps still ahead, due within the next RESTORE_HORIZON_INTERVALS runs, whose job is missing.
   * A run comes at least once in every interval, so each step's timer is back before it is due; a step already
   * due is fired by (a) whatever its timer.
   */
  async restoreTimers(): Promise<number> {
    let restored = 0;
    let afterId = '00000000-0000-0000-0000-000000000000';
    const now = this.clock.now();
    const until = new Date(now.getTime() + RESTORE_HORIZON_INTERVALS * this.intervalMs);
    for (;;) {
      const rows = await this.repo.futureSteps(this.dataSource.manager, now, until, afterId, SCAN_BATCH);
      if (rows.length === 0) return restored;
      const missing = await this.timers.missing(rows);
      if (missing.length > 0) {
        await this.timers.schedule(missing);
        restored += missing.length;
      }
      afterId = rows[rows.length - 1].id;
      if (rows.length < SCAN_BATCH) return restored;
    }
  }
}
