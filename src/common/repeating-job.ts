import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';

/**
 * A BullMQ job scheduler (one job every `everyMs`, whatever the number of workers) that survives a flushed
 * Redis: a local watchdog re-creates the scheduler when it has disappeared. Jobs are idempotent, so an extra
 * run after a re-creation is harmless.
 */
export class RepeatingJob {
  private timer: NodeJS.Timeout | null = null;
  private readonly logger: Logger;

  constructor(
    private readonly queue: Queue,
    private readonly schedulerId: string,
    private readonly jobName: string,
    private readonly everyMs: number,
  ) {
    this.logger = new Logger(`RepeatingJob:${schedulerId}`);
  }

  start(): void {
    void this.ensure(true);
    this.timer = setInterval(() => void this.ensure(false), Math.max(1000, this.everyMs));
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async ensure(force: boolean): Promise<void> {
    try {
      if (!force && (await this.queue.getJobScheduler(this.schedulerId))) return;
      await this.queue.upsertJobScheduler(this.schedulerId, { every: this.everyMs }, { name: this.jobName, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
    } catch (error) {
      this.logger.warn({ err: error }, 'could not set up the job scheduler; retrying later');
    }
  }
}
