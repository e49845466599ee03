import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { OutboxEvent } from './outbox-event.entity';

export type OutboxHandler = (event: OutboxEvent, manager: EntityManager) => Promise<void | (() => Promise<void>)>;

/** Seconds to wait after the `attempts`-th failure: 0 for the first, then 2, 4, 8 … up to five minutes. */
export function retryDelaySeconds(attempts: number): number {
  return attempts <= 1 ? 0 : Math.min(300, 2 ** (attempts - 1));
}

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
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly handlers: OutboxHandlers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
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
      while (count < limit && !this.stopped && (await this.deliverOne())) count++;
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
    let failed: { id: string; error: unknown } | null = null;
    const found = await this.dataSource.transaction(async (manager) => {
      const rows: OutboxEvent[] = await manager
        .getRepository(OutboxEvent)
        .createQueryBuilder('e')
        .where('e.processed_at IS NULL')
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
        // Never given up: a failing event waits longer after each failure (the first retry is at once), and
        // the others are delivered meanwhile. /health shows the backlog as lagging workers.
        await manager.query(
          `UPDATE outbox_event SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1`,
          [event.id, String((error as Error)?.message ?? error).slice(0, 500), retryDelaySeconds(event.attempts + 1)],
        );
        failed = { id: event.id, error };
        after.length = 0;
      }
      return true;
    });
    if (failed) this.logger.warn({ eventId: (failed as { id: string }).id, err: (failed as { error: unknown }).error }, 'outbox handler failed');
    for (const action of after) {
      await action().catch((error) => this.logger.warn({ err: error }, 'post-commit action failed; the reconciler will repair it'));
    }
    return found;
  }
}
