import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { DeadlineFiring } from './deadline-firing';
import { DeadlineReconciler } from './deadline-reconciler';
import { DEADLINES_QUEUE, DeadlineJob } from './queues';
import { closeWorkerFirst } from '../common/worker-shutdown';

/** An early timer (clocks of machines differ) waits this long in the process; longer, it goes back to Redis. */
const EARLY_WAIT_MAX_MS = 5_000;

/**
 * When a timer job was meant to ring (Date.now() time), or null when that is not known for sure: a job whose
 * delay was changed (moved back to the delayed set, retried) wakes a fresh run rather than trust a finished one.
 */
export function timerDueAt(job: Pick<Job, 'timestamp' | 'delay' | 'opts'>): number | null {
  if (typeof job.timestamp !== 'number' || typeof job.delay !== 'number' || job.opts?.delay !== job.delay) return null;
  return job.timestamp + job.delay;
}

/**
 * Thin: a timer job wakes the batch firer (deadline-firing.ts decides, from the table, what is due), and the
 * periodic job runs the reconciler. A timer that rings early waits for the rest of its time.
 */
@Processor(DEADLINES_QUEUE, { concurrency: 8 })
export class DeadlinesProcessor extends WorkerHost implements BeforeApplicationShutdown {
  constructor(
    private readonly firing: DeadlineFiring,
    private readonly reconciler: DeadlineReconciler,
  ) {
    super();
  }

  /** Jobs under way finish before anything they use closes. */
  beforeApplicationShutdown(): Promise<void> {
    return closeWorkerFirst(this);
  }

  async process(job: Job, token?: string): Promise<unknown> {
    if (job.name === DeadlineJob.RECONCILE) return this.reconciler.run();
    if (job.name !== DeadlineJob.FIRE) return null;
    const dueAt = timerDueAt(job);
    const early = dueAt === null ? 0 : dueAt - Date.now();
    if (early > EARLY_WAIT_MAX_MS && token) {
      await job.moveToDelayed(dueAt!, token);
      throw new DelayedError();
    }
    if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
    const run = await this.firing.wake(dueAt);
    return { fired: run?.fired ?? 0 };
  }
}
