import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { makeUser } from '../support/factories';
import { until } from '../support/private-redis';
import { Role } from '../../src/identity/enums';
import { NotificationDeliveries } from '../../src/notifications/notification-deliveries';
import { NotificationDeliveryProcessor } from '../../src/notifications/notification-delivery.processor';
import { DELIVERY_JOB_OPTIONS, deliveryJobId, NOTIFICATIONS_QUEUE, NotificationJob } from '../../src/notifications/queues';
import { redisConnectionOptions } from '../../src/redis/redis-connection';

/** The delivery sweep: deliveries whose job stalled and failed, and lost jobs behind a thousand older rows. */
describe('notification delivery sweep', () => {
  let t: TestApp;
  let w: TestWorker;
  let ds: DataSource;
  let queue: Queue;
  let userId: string;

  /** A PENDING SMS delivery created `age` ago, with no job: as written by a notify whose enqueue was lost. */
  const pendingDelivery = async (age: string, title = 'Test'): Promise<string> => {
    const [n] = await ds.query(`INSERT INTO notification (user_id, type, title, body, dedupe_key) VALUES ($1, 'TEST', $2, 'x', $3) RETURNING id`, [
      userId,
      title,
      `test:${randomUUID()}`,
    ]);
    await ds.query(`INSERT INTO notification_delivery (notification_id, channel, address, status, created_at) VALUES ($1, 'SMS', '0912000444', 'PENDING', now() - $2::interval)`, [
      n.id,
      age,
    ]);
    return n.id;
  };
  const delivery = async (id: string) => (await ds.query(`SELECT status, attempts, last_error FROM notification_delivery WHERE notification_id = $1`, [id]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    w = await startTestWorker();
    ds = w.dataSource;
    queue = w.app.get<Queue>(getQueueToken(NOTIFICATIONS_QUEUE));
    userId = (await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' })).id;
  });
  afterAll(async () => {
    await w.close();
    await t.close();
  });

  it('pages through every PENDING delivery: a lost job behind a thousand older waiting ones is re-enqueued and counted', async () => {
    // A thousand older deliveries, each with its job still waiting in Redis (delayed), then one whose job was lost.
    const older: { notification_id: string }[] = await ds.query(
      `WITH n AS (INSERT INTO notification (user_id, type, title, body, dedupe_key)
                  SELECT $1, 'TEST', 'Older', 'x', 'test:page:' || g FROM generate_series(1, 1000) g RETURNING id)
       INSERT INTO notification_delivery (notification_id, channel, address, status, created_at)
       SELECT id, 'SMS', '0912000555', 'PENDING', now() - interval '3 hours' FROM n RETURNING notification_id`,
      [userId],
    );
    const jobs = older.map((r) => ({
      name: NotificationJob.DELIVER,
      data: { notificationId: r.notification_id, channel: 'SMS' },
      opts: { ...DELIVERY_JOB_OPTIONS, jobId: deliveryJobId(r.notification_id, 'SMS'), delay: 3_600_000 },
    }));
    for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
    const lost = await pendingDelivery('2 hours', 'Lost');

    const swept = await w.app.get(NotificationDeliveries).sweep();
    expect(swept.checked).toBeGreaterThanOrEqual(1001);
    expect(await queue.getJob(deliveryJobId(lost, 'SMS'))).toBeTruthy();
    await until('the lost delivery to be sent', async () => (await delivery(lost)).status === 'SENT');

    // Stuck deliveries (PENDING for over an hour) show in /health.
    const health = await t.http().get('/health').expect(200);
    expect(health.body.details.deliveriesStuck).toBeGreaterThanOrEqual(1000);
  }, 60_000);

  it('re-enqueues a delivery whose job stalled and failed without the row hearing of it', async () => {
    const id = await pendingDelivery('5 minutes', 'Stalled');
    const jobId = deliveryJobId(id, 'SMS');
    // Twice a worker takes the job and dies mid-send: each time its lock runs out and the stalled check takes
    // the job back; after the second time BullMQ fails it. (This file's own worker stops consuming first, so the
    // dying one is sure to take it; this is the file's last test.)
    await w.app.get(NotificationDeliveryProcessor).worker.close();
    const dying = new Worker(NOTIFICATIONS_QUEUE, null, {
      connection: redisConnectionOptions(process.env.REDIS_URL!),
      prefix: process.env.QUEUE_PREFIX,
      autorun: false,
      lockDuration: 500,
      stalledInterval: 300,
      skipLockRenewal: true,
    });
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      await queue.add(NotificationJob.DELIVER, { notificationId: id, channel: 'SMS' }, { ...DELIVERY_JOB_OPTIONS, jobId });
      // The stopped worker's last stalled check may hold the queue's check lock for its whole interval.
      await redis.del(queue.toKey('stalled-check'));
      await dying.startStalledCheckTimer();
      for (const round of [1, 2]) {
        expect((await dying.getNextJob(`dying-worker-${round}`))?.id).toBe(jobId);
        await until(`stall ${round} to put the job back`, async () => (await (await queue.getJob(jobId))?.getState()) === 'waiting');
      }
      // Stalled more than allowed: the next worker to fetch it fails it without running it.
      let ran = false;
      const next = new Worker(NOTIFICATIONS_QUEUE, async () => void (ran = true), { connection: redisConnectionOptions(process.env.REDIS_URL!), prefix: process.env.QUEUE_PREFIX });
      try {
        await until('the stalled job to fail', async () => (await (await queue.getJob(jobId))?.getState()) === 'failed');
      } finally {
        await next.close();
      }
      expect(ran).toBe(false);
    } finally {
      redis.disconnect();
      await dying.close();
    }
    expect((await queue.getJob(jobId))?.failedReason).toMatch(/stalled/);
    expect(await delivery(id)).toMatchObject({ status: 'PENDING', attempts: 0 });

    const swept = await w.app.get(NotificationDeliveries).sweep();
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    // Waiting for a worker again, and the failed job counted as an attempt, with why.
    expect(await (await queue.getJob(jobId))?.getState()).toBe('waiting');
    const d = await delivery(id);
    expect(d).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(d.last_error).toMatch(/job stalled more than allowable limit/);
  }, 60_000);
});
