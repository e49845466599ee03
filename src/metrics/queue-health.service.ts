import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { ServiceUnavailableError } from '../common/errors';
import { NOTIFICATIONS_QUEUE } from '../notifications/queues';
import { DEADLINES_QUEUE } from '../deadlines/queues';

export interface QueueHealth {
  name: string;
  waiting: number;
  delayed: number;
  active: number;
  failed: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

/** Job counts per queue, and how many deadline steps are past due without having fired (worker lag). */
@Injectable()
export class QueueHealthService {
  constructor(
    @InjectQueue(DEADLINES_QUEUE) private readonly deadlines: Queue,
    @InjectQueue(NOTIFICATIONS_QUEUE) private readonly notifications: Queue,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async report(): Promise<{ items: QueueHealth[]; deadlineStepsPastDue: number; deliveriesFailed: number }> {
    const counts = async (queue: Queue): Promise<QueueHealth> => {
      const c = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed');
      return { name: queue.name, waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), delayed: c.delayed ?? 0, active: c.active ?? 0, failed: c.failed ?? 0 };
    };
    let items: QueueHealth[];
    try {
      items = await withTimeout(Promise.all([counts(this.deadlines), counts(this.notifications)]), 2000);
    } catch {
      throw new ServiceUnavailableError('QUEUES_UNAVAILABLE');
    }
    const [row] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM deadline WHERE status IN ('PENDING','OVERDUE') AND next_fire_at <= $1) AS "pastDue",
              (SELECT count(*)::int FROM notification_delivery WHERE status = 'FAILED') AS "failed"`,
      [this.clock.now()],
    );
    return { items, deadlineStepsPastDue: row.pastDue, deliveriesFailed: row.failed };
  }
}
