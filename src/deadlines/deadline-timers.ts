import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Clock } from '../common/clock';
import { REDIS } from '../redis/redis.module';
import { DEADLINE_STEPS, DeadlineTimes, nextStep, timerJobId } from './deadline-steps.rules';
import { DEADLINES_QUEUE, DeadlineJob, FIRE_JOB_OPTIONS, FireJobData } from './queues';

/**
 * Timers per addBulk: BullMQ builds a Job, its JSON and its packed options for each, and ioredis writes the
 * whole pipeline as one string, all alive until Redis answers; a few hundred keep that small while a burst
 * of 10,000 still goes in a few dozen round trips.
 */
const ADD_BULK_CHUNK = 200;

/**
 * BullMQ timers of deadline steps: one delayed job for the next step of each open deadline, with a
 * deterministic id, so scheduling the same step twice (after a commit, by the reconciler, by two workers)
 * leaves one job. Timers only wake the batch firer up: whether a step fires is decided by the row
 * (deadline-firing.ts).
 */
@Injectable()
export class DeadlineTimers {
  private readonly logger = new Logger('DeadlineTimers');

  constructor(
    @InjectQueue(DEADLINES_QUEUE) private readonly queue: Queue<FireJobData>,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly clock: Clock,
  ) {}

  /**
   * Enqueues the timer of the next step of each of these deadlines (an existing one is left alone). Only the
   * next: firing a step schedules the one after it (DeadlineFiring.rescheduleAfter), and restoring 200,000
   * deadlines' timers at start then adds 200,000 jobs, not 600,000.
   */
  async schedule(deadlines: (DeadlineTimes & { id: string })[]): Promise<number> {
    const now = this.clock.now().getTime();
    // BullMQ counts a delay from the job's timestamp, which defaults to when each job object is built: with
    // one base for every batch, the last of 10,000 timers is as punctual as the first.
    const timestamp = Date.now();
    // Built a chunk at a time: only one chunk's jobs are alive while Redis answers.
    let chunk: Parameters<Queue<FireJobData>['addBulk']>[0] = [];
    let count = 0;
    for (const d of deadlines) {
      const s = nextStep(d);
      if (!s) continue;
      chunk.push({
        name: DeadlineJob.FIRE,
        data: { deadlineId: d.id, step: s.step },
        opts: { ...FIRE_JOB_OPTIONS, jobId: timerJobId(d.id, s.step), delay: Math.max(0, s.at.getTime() - now), timestamp },
      });
      if (chunk.length === ADD_BULK_CHUNK) {
        await this.queue.addBulk(chunk);
        count += chunk.length;
        chunk = [];
      }
    }
    if (chunk.length) await this.queue.addBulk(chunk);
    return count + chunk.length;
  }

  /** Removes the timers of finished deadlines (best effort: a leftover timer finds nothing to do). */
  async unschedule(deadlineIds: string[]): Promise<void> {
    const ids = deadlineIds.flatMap((id) => DEADLINE_STEPS.map((step) => timerJobId(id, step)));
    // Redis commands, not a transaction's statements: sent together, a few hundred at a time.
    for (let i = 0; i < ids.length; i += 300) {
      await Promise.all(ids.slice(i, i + 300).map((jobId) => this.queue.remove(jobId).catch((error) => this.logger.debug({ err: error, jobId }, 'timer not removed'))));
    }
  }

  /** Of these open deadlines, the ones whose next step has no job in Redis (e.g. after a FLUSHALL). */
  async missing<T extends DeadlineTimes & { id: string }>(deadlines: T[]): Promise<T[]> {
    const withStep = deadlines.map((d) => ({ d, next: nextStep(d) })).filter((x) => x.next !== null);
    if (withStep.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const { d, next } of withStep) pipeline.exists(this.queue.toKey(timerJobId(d.id, next!.step)));
    const results = (await pipeline.exec()) ?? [];
    return withStep.filter((_, i) => results[i]?.[1] === 0).map((x) => x.d);
  }
}
