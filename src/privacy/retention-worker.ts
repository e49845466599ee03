import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { RepeatingJob } from '../common/repeating-job';
import { RetentionService } from './retention.service';

export const PRIVACY_QUEUE = 'privacy';
const RETENTION_JOB = 'retention';
const DAY_MS = 24 * 3600_000;

/** Runs the retention policy once a day on one of the workers (the job is idempotent). */
@Processor(PRIVACY_QUEUE, { concurrency: 1 })
export class RetentionProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly schedule: RepeatingJob;

  constructor(
    private readonly retention: RetentionService,
    @InjectQueue(PRIVACY_QUEUE) queue: Queue,
  ) {
    super();
    this.schedule = new RepeatingJob(queue, 'privacy:retention', RETENTION_JOB, DAY_MS);
  }

  onApplicationBootstrap(): void {
    this.schedule.start();
  }

  onApplicationShutdown(): void {
    this.schedule.stop();
  }

  async process(): Promise<unknown> {
    return this.retention.run();
  }
}

@Module({
  imports: [BullModule.registerQueue({ name: PRIVACY_QUEUE })],
  providers: [RetentionService, RetentionProcessor],
})
export class PrivacyWorkerModule {}
