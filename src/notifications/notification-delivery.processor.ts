import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown } from '@nestjs/common';
import { Job } from 'bullmq';
import { NotificationDeliveries } from './notification-deliveries';
import { DeliveryJobData, NOTIFICATIONS_QUEUE, NotificationJob } from './queues';
import { closeWorkerFirst } from '../common/worker-shutdown';

/** Thin: one job per delivery (retried with exponential backoff by BullMQ), plus the periodic sweep. */
@Processor(NOTIFICATIONS_QUEUE, { concurrency: 8 })
export class NotificationDeliveryProcessor extends WorkerHost implements BeforeApplicationShutdown {
  constructor(private readonly deliveries: NotificationDeliveries) {
    super();
  }

  /** Jobs under way finish before anything they use closes. */
  beforeApplicationShutdown(): Promise<void> {
    return closeWorkerFirst(this);
  }

  async process(job: Job): Promise<unknown> {
    if (job.name === NotificationJob.SWEEP) return this.deliveries.sweep();
    if (job.name !== NotificationJob.DELIVER) return null;
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.deliveries.deliver(job.data as DeliveryJobData, lastAttempt);
  }
}
