import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { within } from '../common/within';
import { OutboxEvent } from './outbox-event.entity';

export type PostCommit = () => Promise<void>;
export type OutboxHandler = (event: OutboxEvent, manager: EntityManager) => Promise<void | PostCommit>;
/** Handles several events of its types at once (in id order), so their reads and writes are set-based. */
export type OutboxBatchHandler = (events: OutboxEvent[], manager: EntityManager) => Promise<void | PostCommit>;

/** Events claimed (and processed in one transaction) at a time. */
export const OUTBOX_BATCH_SIZE = 250;

/**
 * Failed events named in one batch before the rest of it is redone event by event: each failure of a handler
 * of one event costs a rollback and a redo of the others, so many poison events in one batch go one at a time.
 */
const MAX_BLAMED_PER_BATCH = 3;

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

/**
 * Consumers register here; a handler may return an action to run after its transaction commits. A batch handler
 * registered for several types (the same function) is called once per batch with all their events, in id order.
 */
@Injectable()
export class OutboxHandlers {
  private readonly handlers = new Map<string, OutboxHandler[]>();
  private readonly batchHandlers = new Map<string, OutboxBatchHandler[]>();

  register(type: string, handler: OutboxHandler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  registerBatch(type: string, handler: OutboxBatchHandler): void {
    this.batchHandlers.set(type, [...(this.batchHandlers.get(type) ?? []), handler]);
  }

  for(type: string): OutboxHandler[] {
    return this.handlers.get(type) ?? [];
  }

  batchFor(type: string): OutboxBatchHandler[] {
    return this.batchHandlers.get(type) ?? [];
  }
}

/** A handler that threw, and the event it threw for when that is known (a per-event handler, or one event). */
class HandlerFailure {
  constructor(
    readonly event: OutboxEvent | null,
    readonly error: unknown,
  ) {}
}

interface Failed {
  id: string;
  type: string;
  attempts: number;
  dead: boolean;
  error: unknown;
}

/**
 * Runs in the worker: delivers pending outbox events to their handlers in batches. A batch is claimed with
 * FOR UPDATE SKIP LOCKED (so several workers never take the same event) and processed in one transaction
 * together with the handlers' writes, each event marked processed in it: an event is processed exactly once.
 * The handlers of the whole batch first run under one savepoint; when one fails, everything is rolled back
 * to it, the failing event is recorded as failed (backoff, dead letter) and the others are run again, so a
 * poison event fails alone and the others commit with their effects, exactly as if each had its own
 * transaction. When the failing event cannot be named (a batch handler failed), the batch is redone event by
 * event, each under its own savepoint.
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
      delivered = await this.drain();
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox relay failed; retrying');
    }
    // Keep draining while there is work; otherwise poll gently.
    this.schedule(delivered > 0 ? 0 : 500);
  }

  /** Delivers up to `limit` pending events in batches (waiting for a run already under way); returns how many. */
  async drain(limit = 4 * OUTBOX_BATCH_SIZE): Promise<number> {
    while (this.current) await this.current.catch(() => undefined);
    this.current = (async () => {
      let count = 0;
      try {
        while (count < limit && !this.stopped) {
          const n = await this.deliverBatch(Math.min(OUTBOX_BATCH_SIZE, limit - count));
          if (n === 0) break;
          count += n;
        }
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

  /** Claims and processes one batch in one transaction; returns how many events it took (failed ones too). */
  private async deliverBatch(size: number): Promise<number> {
    const after: PostCommit[] = [];
    const failed: Failed[] = [];
    const taken = await this.dataSource.transaction(async (manager) => {
      const events = await this.claim(manager, size);
      if (events.length === 0) return 0;
      let todo = events;
      let blamed = 0;
      for (;;) {
        after.length = 0;
        const failure = await this.attempt(manager, todo, after, 'outbox_batch');
        if (!failure) break;
        const culprit = failure.event ?? (todo.length === 1 ? todo[0] : null);
        if (culprit && blamed < MAX_BLAMED_PER_BATCH) {
          failed.push(await this.recordFailure(manager, culprit, failure.error));
          blamed++;
          todo = todo.filter((e) => e !== culprit);
          if (todo.length === 0) break;
          continue;
        }
        // The failing event is unknown (or there are many): each event on its own, as one transaction would be.
        after.length = 0;
        const done: OutboxEvent[] = [];
        for (const event of todo) {
          const own: PostCommit[] = [];
          const f = await this.attempt(manager, [event], own, 'outbox_event');
          if (f) failed.push(await this.recordFailure(manager, event, f.error));
          else {
            done.push(event);
            after.push(...own);
          }
        }
        todo = done;
        break;
      }
      if (todo.length > 0) {
        await manager.query(`UPDATE outbox_event SET processed_at = $2, attempts = attempts + 1 WHERE id = ANY($1::bigint[])`, [todo.map((e) => e.id), new Date()]);
      }
      return events.length;
    });
    for (const f of failed) {
      if (f.dead) this.logger.error({ eventId: f.id, type: f.type, attempts: f.attempts, err: f.error }, 'outbox event dead after its last attempt; an admin can retry it');
      else this.logger.warn({ eventId: f.id, type: f.type, attempts: f.attempts, err: f.error }, 'outbox handler failed');
    }
    for (const action of after) this.track(action);
    return taken;
  }

  /** The oldest due events, locked; others workers skip them. */
  private async claim(manager: EntityManager, size: number): Promise<OutboxEvent[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT id, occurred_at, type, aggregate_type, aggregate_id, payload, processed_at, attempts, last_error, next_attempt_at, dead_at
         FROM outbox_event
        WHERE processed_at IS NULL AND dead_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
        ORDER BY id LIMIT $1
          FOR UPDATE SKIP LOCKED`,
      [size],
    );
    return rows.map((r) =>
      Object.assign(new OutboxEvent(), {
        id: String(r.id),
        occurredAt: r.occurred_at as Date,
        type: r.type as string,
        aggregateType: r.aggregate_type as string,
        aggregateId: r.aggregate_id as string,
        payload: r.payload as Record<string, unknown>,
        processedAt: null,
        attempts: Number(r.attempts),
        lastError: (r.last_error as string | null) ?? null,
        nextAttemptAt: (r.next_attempt_at as Date | null) ?? null,
        deadAt: null,
      }),
    );
  }

  /**
   * Runs the handlers of `events` under one savepoint: each event's own handlers in id order, then each batch
   * handler once with its events. On failure everything since the savepoint is undone.
   */
  private async attempt(manager: EntityManager, events: OutboxEvent[], after: PostCommit[], savepoint: string): Promise<HandlerFailure | null> {
    await manager.query(`SAVEPOINT ${savepoint}`);
    let current: OutboxEvent | null = null;
    try {
      for (const event of events) {
        current = event;
        for (const handler of this.handlers.for(event.type)) {
          const post = await handler(event, manager);
          if (post) after.push(post);
        }
      }
      current = null;
      for (const [handler, ofHandler] of this.byBatchHandler(events)) {
        const post = await handler(ofHandler, manager);
        if (post) after.push(post);
      }
      await manager.query(`RELEASE SAVEPOINT ${savepoint}`);
      return null;
    } catch (error) {
      await manager.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
      return new HandlerFailure(current, error);
    }
  }

  /** Each batch handler with the events of its types, in id order (a handler registered for several types once). */
  private byBatchHandler(events: OutboxEvent[]): Map<OutboxBatchHandler, OutboxEvent[]> {
    const groups = new Map<OutboxBatchHandler, OutboxEvent[]>();
    for (const event of events) {
      for (const handler of new Set(this.handlers.batchFor(event.type))) {
        const list = groups.get(handler);
        if (list) list.push(event);
        else groups.set(handler, [event]);
      }
    }
    return groups;
  }

  /**
   * A failing event waits longer after each failure (the first retry is at once), and the others are delivered
   * meanwhile; after OUTBOX_MAX_ATTEMPTS it is dead: kept with its error for an admin
   * (GET /api/v1/admin/outbox/dead), retried only when one asks.
   */
  private async recordFailure(manager: EntityManager, event: OutboxEvent, error: unknown): Promise<Failed> {
    const attempts = event.attempts + 1;
    const dead = attempts >= OUTBOX_MAX_ATTEMPTS;
    await manager.query(
      `UPDATE outbox_event SET attempts = $2, last_error = $3, next_attempt_at = now() + make_interval(secs => $4),
              dead_at = CASE WHEN $5::boolean THEN now() END
        WHERE id = $1`,
      [event.id, attempts, String((error as Error)?.message ?? error).slice(0, 500), retryDelaySeconds(attempts), dead],
    );
    return { id: event.id, type: event.type, attempts, dead, error };
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
