import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { Clock } from '../common/clock';
import { DeadlineFiring } from './deadline-firing';
import { DeadlineReconciler } from './deadline-reconciler';
import { DEADLINES_QUEUE, DeadlineJob, FireJobData } from './queues';
import { closeWorkerFirst } from '../common/worker-shutdown';

/**
 * Thin: a timer job asks the row whether anything is due (deadline-firing.ts decides), and the periodic job
 * runs the reconciler. A timer that wakes up early (clocks of machines differ) waits for the rest of its time.
 */
@Processor(DEADLINES_QUEUE, { concurrency: 8 })
export class DeadlinesProcessor extends WorkerHost implements BeforeApplicationShutdown {
  constructor(
    private readonly firing: DeadlineFiring,
    private readonly reconciler: DeadlineReconciler,
    private readonly clock: Clock,
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
    const { deadlineId, step } = job.data as FireJobData;
    const outcome = await this.firing.fire(deadlineId);
    const next = outcome.next;
    const early = next && next.step === step ? next.at.getTime() - this.clock.now().getTime() : 0;
    if (early > 0 && token) {
      await job.moveToDelayed(Date.now() + early, token);
      throw new DelayedError();
    }
    return { fired: outcome.fired };
  }
}
