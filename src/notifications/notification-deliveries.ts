import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { REDIS } from '../redis/redis.module';
import { DeliveryStatus, NotificationChannel } from './enums';
import { localize, messages } from './notification-messages';
import { DELIVERY_JOB_OPTIONS, DeliveryJobData, deliveryJobId, NOTIFICATIONS_QUEUE, NotificationJob } from './queues';
import { NotificationTransports } from './transports/notification-transports';

export type DeliveryResult = 'SENT' | 'SKIPPED' | 'NOTHING_TO_DO';

/** How long a PENDING delivery may wait for its job before the sweep assumes the job was lost. */
const SWEEP_GRACE_MS = 30_000;

/** Rows read (and jobs checked in one Redis round trip) at a time by the sweep. */
const SWEEP_PAGE = 1000;

export interface SweepResult {
  /** PENDING deliveries older than the grace period. */
  checked: number;
  /** Of those, re-enqueued: their job was missing or had failed without a result. */
  requeued: number;
  /** Of those, given up (FAILED): their jobs failed on every attempt. */
  failed: number;
}

/**
 * Sends one delivery (a notification through one channel) and records the result on its row. Email and SMS
 * carry the title only: the details stay behind the login.
 */
@Injectable()
export class NotificationDeliveries {
  private readonly logger = new Logger('NotificationDeliveries');

  constructor(
    private readonly dataSource: DataSource,
    private readonly transports: NotificationTransports,
    private readonly clock: Clock,
    @InjectQueue(NOTIFICATIONS_QUEUE) private readonly queue: Queue<DeliveryJobData>,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async enqueue(deliveries: DeliveryJobData[]): Promise<void> {
    const jobs = deliveries.map((d) => ({ name: NotificationJob.DELIVER, data: d, opts: { ...DELIVERY_JOB_OPTIONS, jobId: deliveryJobId(d.notificationId, d.channel) } }));
    for (let i = 0; i < jobs.length; i += 500) await this.queue.addBulk(jobs.slice(i, i + 500));
  }

  /** Sends the delivery if it is still PENDING; throws (so the job retries) when the transport fails. */
  async deliver(data: DeliveryJobData, lastAttempt: boolean): Promise<DeliveryResult> {
    const [row]: { status: DeliveryStatus; address: string; title: string; locale: string | null }[] = await this.dataSource.query(
      `SELECT d.status, d.address, n.title, u.locale
         FROM notification_delivery d JOIN notification n ON n.id = d.notification_id JOIN app_user u ON u.id = n.user_id
        WHERE d.notification_id = $1 AND d.channel = $2`,
      [data.notificationId, data.channel],
    );
    if (!row || row.status !== DeliveryStatus.PENDING) return 'NOTHING_TO_DO';
    const channel = data.channel as NotificationChannel;
    const transport = this.transports.forChannel(channel);
    if (!transport) {
      await this.finish(data, DeliveryStatus.SKIPPED, `no transport is configured for ${channel}`);
      return 'SKIPPED';
    }
    try {
      await transport.send({ channel, to: row.address, subject: row.title, text: `${row.title}\n\n${localize(messages.externalFooter, row.locale)}` });
    } catch (error) {
      const message = String((error as Error)?.message ?? error).slice(0, 500);
      await this.dataSource.query(
        `UPDATE notification_delivery SET attempts = attempts + 1, last_error = $3, status = $4, updated_at = $5
          WHERE notification_id = $1 AND channel = $2 AND status = 'PENDING'`,
        [data.notificationId, data.channel, message, lastAttempt ? DeliveryStatus.FAILED : DeliveryStatus.PENDING, this.clock.now()],
      );
      this.logger.warn({ notificationId: data.notificationId, channel, transport: transport.name, lastAttempt, err: message }, 'notification delivery failed');
      throw error;
    }
    await this.finish(data, DeliveryStatus.SENT, null);
    return 'SENT';
  }

  /**
   * Re-enqueues PENDING deliveries whose job will never send them: the job is gone (a flushed Redis) or has
   * failed without the row hearing of it (it stalled twice: the worker died mid-send, or the row's update was
   * lost). The whole table is read in pages, oldest first, so no number of old rows hides a newer lost one.
   * A failed job counts as an attempt, so a delivery whose jobs keep dying ends FAILED instead of looping.
   */
  async sweep(): Promise<SweepResult> {
    const result: SweepResult = { checked: 0, requeued: 0, failed: 0 };
    const before = new Date(this.clock.now().getTime() - SWEEP_GRACE_MS);
    // The page key keeps created_at as PostgreSQL's text: a JavaScript Date would drop its microseconds.
    let after: { createdAt: string; notificationId: string; channel: string } | null = null;
    for (;;) {
      const rows: (DeliveryJobData & { createdAt: string; attempts: number })[] = await this.dataSource.query(
        `SELECT notification_id AS "notificationId", channel, created_at::text AS "createdAt", attempts FROM notification_delivery
          WHERE status = 'PENDING' AND created_at < $1
            AND ($2::timestamptz IS NULL OR (created_at, notification_id, channel) > ($2, $3::uuid, $4))
          ORDER BY created_at, notification_id, channel LIMIT $5`,
        [before, after?.createdAt ?? null, after?.notificationId ?? null, after?.channel ?? null, SWEEP_PAGE],
      );
      if (rows.length === 0) return result;
      result.checked += rows.length;
      await this.repairPage(rows, result);
      const last = rows[rows.length - 1];
      after = { createdAt: last.createdAt, notificationId: last.notificationId, channel: last.channel };
      if (rows.length < SWEEP_PAGE) return result;
    }
  }

  private async repairPage(rows: (DeliveryJobData & { attempts: number })[], result: SweepResult): Promise<void> {
    const failedKey = this.queue.toKey('failed');
    const pipeline = this.redis.pipeline();
    for (const r of rows) {
      const id = deliveryJobId(r.notificationId, r.channel);
      pipeline.exists(this.queue.toKey(id));
      pipeline.zscore(failedKey, id);
    }
    const replies = (await pipeline.exec()) ?? [];
    const missing: DeliveryJobData[] = [];
    let gaveUp = 0;
    for (const [i, r] of rows.entries()) {
      const exists = replies[2 * i]?.[1] === 1;
      const failed = replies[2 * i + 1]?.[1] !== null && replies[2 * i + 1]?.[1] !== undefined;
      if (!exists) {
        missing.push({ notificationId: r.notificationId, channel: r.channel });
      } else if (failed) {
        const id = deliveryJobId(r.notificationId, r.channel);
        const job = await this.queue.getJob(id);
        const reason = String(job?.failedReason ?? 'job failed').slice(0, 400);
        const attempts = r.attempts + 1;
        const giveUp = attempts >= DELIVERY_JOB_OPTIONS.attempts;
        await this.dataSource.query(
          `UPDATE notification_delivery SET attempts = attempts + 1, last_error = $3, status = $4, updated_at = $5
            WHERE notification_id = $1 AND channel = $2 AND status = 'PENDING'`,
          [r.notificationId, r.channel, `job failed without recording a result: ${reason}`, giveUp ? DeliveryStatus.FAILED : DeliveryStatus.PENDING, this.clock.now()],
        );
        await this.queue.remove(id);
        if (giveUp) gaveUp++;
        else missing.push({ notificationId: r.notificationId, channel: r.channel });
      }
    }
    if (missing.length) await this.enqueue(missing);
    result.requeued += missing.length;
    result.failed += gaveUp;
    if (missing.length || gaveUp) this.logger.warn({ requeued: missing.length, failed: gaveUp }, 'deliveries repaired by the sweep');
  }

  private async finish(data: DeliveryJobData, status: DeliveryStatus, note: string | null): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.query(
      `UPDATE notification_delivery SET status = $3, attempts = attempts + 1, last_error = coalesce($4, last_error),
              sent_at = CASE WHEN $3 = 'SENT' THEN $5::timestamptz END, updated_at = $5
        WHERE notification_id = $1 AND channel = $2 AND status = 'PENDING'`,
      [data.notificationId, data.channel, status, note, now],
    );
  }
}
