import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { within } from '../common/within';
import { OutboxEvent } from './outbox-event.entity';

export type OutboxHandler = (event: OutboxEvent, manager: EntityManager) => Promise<void | (() => Promise<void>)>;

/** Seconds to wait after the `attempts`-th failure: 0 for the first, then 2, 4, 8 … up to five minutes. */
export function retryDelaySeconds(attempts: number): number {
  return attempts <= 1 ? 0 : Math.min(300, 2 ** (attempts - 1));
}

/**
 * Failures after which an event is dead (about 40 minutes of retries with the backoff above): a poison event
 * stops being retried, keeps its error for an admin to read and retry, and no longer counts as lag.
 */
export const OUTBOX_MAX_ATTEMPTS = 16;

/**
 * How long the relay waits for a post-commit action (a timer, a delivery job) before moving on. They need
 * Redis, most events do not: during an outage those go through, and the reconciler and the delivery sweep
 * re-create whatever the late actions never wrote.
 */
export const POST_COMMIT_TIMEOUT_MS = 3_000;

/** Consumers register here; a handler may return an action to run after its transaction commits. */
@Injectable()
export class OutboxHandlers {
  private readonly handlers = new Map<string, OutboxHandler[]>();

  register(type: string, handler: OutboxHandler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  for(type: string): OutboxHandler[] {
    return this.handlers.get(type) ?? [];
  }
}

/**
 * Runs in the worker: delivers pending outbox events to their handlers, each event in its own transaction
 * together with the handlers' writes, so an event is processed exactly once even with several workers
 * (rows are claimed with FOR UPDATE SKIP LOCKED).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<number> | null = null;
  private stopped = false;
  /** Post-commit actions under way: they run beside the loop, and a drain ends only when they have ended. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly handlers: OutboxHandlers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /**
   * Before the queues, Redis and PostgreSQL close (their hooks run after this one): the batch under way
   * finishes, and its post-commit actions run, while everything they need is still open.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.current) await this.current.catch(() => undefined);
    await this.settle();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    let delivered = 0;
    try {
      delivered = await this.drain(200);
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox relay failed; retrying');
    }
    // Keep draining while there is work; otherwise poll gently.
    this.schedule(delivered > 0 ? 0 : 500);
  }

  /** Delivers up to `limit` pending events (waiting for a run already under way); returns how many. */
  async drain(limit = 200): Promise<number> {
    while (this.current) await this.current.catch(() => undefined);
    this.current = (async () => {
      let count = 0;
      try {
        while (count < limit && !this.stopped && (await this.deliverOne())) count++;
      } finally {
        await this.settle();
      }
      return count;
    })();
    try {
      return await this.current;
    } finally {
      this.current = null;
    }
  }

  private async deliverOne(): Promise<boolean> {
    const after: Array<() => Promise<void>> = [];
    let failed: { id: string; type: string; attempts: number; dead: boolean; error: unknown } | null = null;
    const found = await this.dataSource.transaction(async (manager) => {
      const rows: OutboxEvent[] = await manager
        .getRepository(OutboxEvent)
        .createQueryBuilder('e')
        .where('e.processed_at IS NULL')
        .andWhere('e.dead_at IS NULL')
        .andWhere('(e.next_attempt_at IS NULL OR e.next_attempt_at <= now())')
        .orderBy('e.id', 'ASC')
        .limit(1)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      const event = rows[0];
      if (!event) return false;
      try {
        await manager.query('SAVEPOINT outbox_handlers');
        for (const handler of this.handlers.for(event.type)) {
          const post = await handler(event, manager);
          if (post) after.push(post);
        }
        await manager.query('RELEASE SAVEPOINT outbox_handlers');
        await manager.update(OutboxEvent, { id: event.id }, { processedAt: new Date(), attempts: event.attempts + 1 });
      } catch (error) {
        await manager.query('ROLLBACK TO SAVEPOINT outbox_handlers');
        // A failing event waits longer after each failure (the first retry is at once), and the others are
        // delivered meanwhile; after OUTBOX_MAX_ATTEMPTS it is dead: kept with its error for an admin
        // (GET /api/v1/admin/outbox/dead), retried only when one asks.
        const attempts = event.attempts + 1;
        const dead = attempts >= OUTBOX_MAX_ATTEMPTS;
        await manager.query(
          `UPDATE outbox_event SET attempts = $2, last_error = $3, next_attempt_at = now() + make_interval(secs => $4),
                  dead_at = CASE WHEN $5::boolean THEN now() END
            WHERE id = $1`,
          [event.id, attempts, String((error as Error)?.message ?? error).slice(0, 500), retryDelaySeconds(attempts), dead],
        );
        failed = { id: event.id, type: event.type, attempts, dead, error };
        after.length = 0;
      }
      return true;
    });
    if (failed) {
      const f = failed as { id: string; type: string; attempts: number; dead: boolean; error: unknown };
      if (f.dead) this.logger.error({ eventId: f.id, type: f.type, attempts: f.attempts, err: f.error }, 'outbox event dead after its last attempt; an admin can retry it');
      else this.logger.warn({ eventId: f.id, type: f.type, attempts: f.attempts, err: f.error }, 'outbox handler failed');
    }
    for (const action of after) this.track(action);
    return found;
  }

  /** Runs a post-commit action beside the loop, so an event that needs Redis never holds up one that does not. */
  private track(action: () => Promise<void>): void {
    const run = within(Promise.resolve().then(action), POST_COMMIT_TIMEOUT_MS, 'post-commit action').catch((error) =>
      this.logger.warn({ err: error }, 'post-commit action failed; the reconciler will repair it'),
    );
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** Waits for the post-commit actions under way (each bounded by POST_COMMIT_TIMEOUT_MS). */
  private async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
