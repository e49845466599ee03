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

  /** Re-enqueues PENDING deliveries whose job is gone (a flushed Redis); returns how many. */
  async sweep(): Promise<number> {
    const rows: DeliveryJobData[] = await this.dataSource.query(
      `SELECT notification_id AS "notificationId", channel FROM notification_delivery
        WHERE status = 'PENDING' AND created_at < $1 ORDER BY created_at LIMIT 1000`,
      [new Date(this.clock.now().getTime() - SWEEP_GRACE_MS)],
    );
    if (rows.length === 0) return 0;
    const pipeline = this.redis.pipeline();
    for (const r of rows) pipeline.exists(this.queue.toKey(deliveryJobId(r.notificationId, r.channel)));
    const results = (await pipeline.exec()) ?? [];
    const missing = rows.filter((_, i) => results[i]?.[1] === 0);
    if (missing.length) await this.enqueue(missing);
    return missing.length;
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
