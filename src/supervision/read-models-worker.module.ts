import { Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReadModelsRepository } from './read-models.repository';

/** How often the worker folds the counters' deltas (readers sum the unfolded ones, so this bounds their cost). */
export const FOLD_INTERVAL_MS = 2000;

/**
 * Folds the deltas the writers' triggers append (stat_delta) into the counters (stat_count), every
 * FOLD_INTERVAL_MS in each worker; an advisory lock lets one fold run at a time, and a fold is one statement,
 * so a delta is never lost or counted twice whatever process stops when.
 */
@Injectable()
export class ReadModelsFolder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModelsFolder');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ReadModelsRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), FOLD_INTERVAL_MS);
    this.timer.unref();
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.repo
      .fold(this.dataSource.manager)
      .then(() => undefined)
      .catch((error: Error) => this.logger.warn(`fold failed, retried in ${FOLD_INTERVAL_MS} ms: ${error.message}`))
      .finally(() => (this.running = null));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}

/** The worker's side of the supervision read models: the periodic fold of the counters. */
@Module({ providers: [ReadModelsRepository, ReadModelsFolder] })
export class ReadModelsWorkerModule {}
