import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { WorkerModule } from '../../src/worker.module';
import { Clock, SystemClock } from '../../src/common/clock';
import { APP_CONFIG, loadConfig } from '../../src/config/config';
import { OutboxRelay } from '../../src/database/outbox.relay';
import { DEADLINES_QUEUE } from '../../src/deadlines/queues';

export interface TestWorker {
  app: INestApplicationContext;
  relay: OutboxRelay;
  dataSource: DataSource;
  /**
   * Delivers every pending outbox event now (the relay also polls by itself), and waits for the deadline
   * timers that are due already (a deadline started past its due time rings at once) and the events their
   * firing writes: what the worker does next is then only what the test makes it do.
   */
  drain: () => Promise<number>;
  close: () => Promise<void>;
}

/**
 * The real worker process's module, in-process, on the test file's database and Redis prefix. Its own
 * reconciling runs (the scheduled job and the table-only timer) come once an hour unless asked more often:
 * a test fires deadlines when it says so, and a run landing between two of its reads would change what the
 * second one sees.
 */
export async function startTestWorker(options: { clock?: Clock; reconcileIntervalMs?: number } = {}): Promise<TestWorker> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(Clock)
    .useValue(options.clock ?? new SystemClock())
    .overrideProvider(APP_CONFIG)
    .useValue({ ...loadConfig(), reconcileIntervalMs: options.reconcileIntervalMs ?? 3_600_000 })
    .compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  const relay = moduleRef.get(OutboxRelay);
  return {
    app: moduleRef,
    relay,
    dataSource: moduleRef.get(DataSource),
    drain: async () => {
      const queue = moduleRef.get<Queue>(getQueueToken(DEADLINES_QUEUE));
      const giveUpAt = Date.now() + 30_000;
      let total = 0;
      for (;;) {
        for (let n = await relay.drain(); n > 0; n = await relay.drain()) total += n;
        const counts = await queue.getJobCounts('wait', 'active', 'prioritized');
        if (counts.wait + counts.active + counts.prioritized === 0) return total;
        if (Date.now() > giveUpAt) throw new Error(`deadline timers still running after 30 s: ${JSON.stringify(counts)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => moduleRef.close(),
  };
}
