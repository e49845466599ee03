import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { appendOutboxEvent, makeAgency, makeCase, makeDeadlineRow, makeUser } from '../support/factories';
import { pauseRedis, until, usePrivateRedis } from '../support/private-redis';
import { LocalRedis } from '../../src/local/redis-server';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { AgencyType } from '../../src/referrals/enums';
import { OUTBOX_MAX_ATTEMPTS, OutboxHandlers } from '../../src/database/outbox.relay';
import { DeadlineReconciler } from '../../src/deadlines/deadline-reconciler';
import { DeadlinesProcessor } from '../../src/deadlines/deadlines.processor';
import { DEADLINES_QUEUE, DeadlineJob, FIRE_JOB_OPTIONS } from '../../src/deadlines/queues';

const HOUR = 3_600_000;

/** The outbox relay when Redis stops answering, with poison events, and at shutdown. */
describe('outbox relay under failure', () => {
  let redis: LocalRedis;
  let t: TestApp;
  let w: TestWorker;
  let ds: DataSource;
  let admin: User;
  let supervisor: User;
  let workerOpen = true;
  const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  const eventRow = async (id: string) =>
    (await ds.query(`SELECT attempts, processed_at IS NOT NULL AS done, dead_at IS NOT NULL AS dead, last_error FROM outbox_event WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    redis = await usePrivateRedis();
    t = await startTestApp();
    w = await startTestWorker();
    ds = t.dataSource;
    admin = await makeUser(ds, { role: Role.ADMIN });
    supervisor = await makeUser(ds, { role: Role.SUPERVISOR });
  });
  afterAll(async () => {
    if (workerOpen) await w.close();
    await t.close();
    await redis.stop();
  });

  it('keeps delivering events that need no Redis while Redis does not answer; the late timers follow', async () => {
    const assignee = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    const police = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22' });
    const opened = await makeCase(ds, { status: 'RECEIVED', assigneeId: assignee.id });
    const other = await makeCase(ds, { status: 'INTERVENING', assigneeId: assignee.id });
    const pause = await pauseRedis(redis.url, 8_000);
    try {
      // First an event whose post-commit action needs Redis (the assessment deadline's timers), then one that
      // only writes an in-app notification.
      await appendOutboxEvent(ds, 'CASE_OPENED', 'CASE', opened.id, { caseId: opened.id, caseNumber: opened.caseNumber, openedAt: new Date().toISOString(), riskLevel: 'HIGH' });
      const referralId = '5d3c2b1a-0f9e-4d8c-8b7a-6a5f4e3d2c1b';
      await appendOutboxEvent(ds, 'REFERRAL_COMPLETED', 'REFERRAL', referralId, {
        referralId,
        caseId: other.id,
        caseNumber: other.caseNumber,
        agencyId: police.id,
        agencyType: 'POLICE',
        status: 'COMPLETED',
        outcomeCode: 'INVESTIGATED',
        at: new Date().toISOString(),
      });
      await until(
        'the in-app notification of the completed referral',
        async () => {
          const rows = await ds.query(`SELECT 1 FROM notification WHERE case_id = $1 AND type = 'REFERRAL_COMPLETED'`, [other.id]);
          return rows.length > 0;
        },
        7_000,
      );
      // Delivered while Redis was still paused, and the deadline was started in PostgreSQL all the same.
      expect(pause.over()).toBe(false);
      const [deadline] = await ds.query(`SELECT id, status FROM deadline WHERE case_id = $1 AND key = 'CASE_ASSESSMENT'`, [opened.id]);
      expect(deadline).toMatchObject({ status: 'PENDING' });
    } finally {
      await pause.ended;
    }
    // Once Redis answers, the deadline's timer exists (the late enqueue, or the reconciler, wrote it).
    const [deadline] = await ds.query(`SELECT id FROM deadline WHERE case_id = $1 AND key = 'CASE_ASSESSMENT'`, [opened.id]);
    await w.app.get(DeadlineReconciler).restoreTimers();
    const queue = w.app.get<Queue>(getQueueToken(DEADLINES_QUEUE));
    expect(await queue.getJob(`deadline:${deadline.id}:0`)).toBeTruthy();
  }, 60_000);

  it('gives a poison event up after its last attempt, keeps /health ok, and lets an admin see and retry it', async () => {
    let poisoned = true;
    const delivered: string[] = [];
    w.app.get(OutboxHandlers).register('TEST_POISON', async (event) => {
      if (poisoned) throw new Error('consumer cannot read this payload');
      delivered.push(String(event.id));
    });
    const id = await appendOutboxEvent(ds, 'TEST_POISON', 'TEST', 'poison-1', { secret: 'Nguyễn Thị Hoa' });
    await ds.query(`UPDATE outbox_event SET occurred_at = now() - interval '10 minutes' WHERE id = $1`, [id]);
    // Every attempt fails; the backoff is skipped so the test need not wait for it.
    for (let i = 0; i < OUTBOX_MAX_ATTEMPTS + 3; i++) {
      await ds.query(`UPDATE outbox_event SET next_attempt_at = now() - interval '1 second' WHERE id = $1 AND dead_at IS NULL`, [id]);
      await w.drain();
    }
    expect(await eventRow(id)).toEqual({ attempts: OUTBOX_MAX_ATTEMPTS, done: false, dead: true, last_error: 'consumer cannot read this payload' });

    // Not lag (no worker will deliver it), but counted.
    const health = await t.http().get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', workers: 'ok', details: { outboxDead: 1, outboxPending: 0 } });

    const list = await t.http().get('/api/v1/admin/outbox/dead').set(as(admin)).expect(200);
    expect(list.body).toMatchObject({ total: 1, page: 1 });
    expect(list.body.items).toEqual([
      {
        id,
        type: 'TEST_POISON',
        aggregateType: 'TEST',
        aggregateId: 'poison-1',
        occurredAt: expect.any(String),
        attempts: OUTBOX_MAX_ATTEMPTS,
        lastError: 'consumer cannot read this payload',
        deadAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(list.body)).not.toContain('Nguyễn');
    await t.http().get('/api/v1/admin/outbox/dead').set(as(supervisor)).expect(403);

    // The consumer is fixed; an admin retries the event and the relay delivers it.
    poisoned = false;
    await t.http().post(`/api/v1/admin/outbox/dead/${id}/retry`).set(as(admin)).expect(200);
    await until('the retried event to be delivered', async () => (await eventRow(id)).done);
    expect(delivered).toEqual([id]);
    expect((await t.http().get('/api/v1/admin/outbox/dead').set(as(admin)).expect(200)).body).toMatchObject({ total: 0, items: [] });
    const [audit] = await ds.query(`SELECT actor_id, before FROM audit_log WHERE action = 'OUTBOX_EVENT_RETRIED' AND subject_id = $1`, [id]);
    expect(audit).toMatchObject({ actor_id: admin.id, before: { type: 'TEST_POISON', attempts: OUTBOX_MAX_ATTEMPTS, lastError: 'consumer cannot read this payload' } });

    // Only a dead event can be retried; an id that cannot be one is refused the same way.
    const again = await t.http().post(`/api/v1/admin/outbox/dead/${id}/retry`).set(as(admin)).expect(404);
    expect(again.body.message).toMatch(/not dead/);
    await t.http().post('/api/v1/admin/outbox/dead/not-a-number/retry').set(as(admin)).expect(404);
  }, 60_000);

  it('shutdown waits for the batch under way and its post-commit actions before anything closes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered = false;
    const queue = w.app.get<Queue>(getQueueToken(DEADLINES_QUEUE));
    w.app.get(OutboxHandlers).register('TEST_SLOW', async () => {
      entered = true;
      await gate;
      return async () => {
        await queue.add('test', {}, { jobId: 'test-after-commit', delay: 3_600_000 });
      };
    });
    const id = await appendOutboxEvent(ds, 'TEST_SLOW', 'TEST', 'slow-1', {});
    await until('the relay to take the event', async () => entered);

    workerOpen = false;
    let closed = false;
    const closing = w.close().then(() => (closed = true));
    // Released only once shutdown has begun (the relay stops polling); the batch must still finish.
    await until('shutdown to begin', async () => (w.relay as unknown as { stopped: boolean }).stopped);
    expect(closed).toBe(false);
    release();
    await closing;

    expect(await eventRow(id)).toMatchObject({ done: true, attempts: 1 });
    const check = new Redis(redis.url);
    try {
      const prefix = process.env.QUEUE_PREFIX;
      expect(await check.exists(`${prefix}:${DEADLINES_QUEUE}:test-after-commit`)).toBe(1);
    } finally {
      check.disconnect();
    }
  }, 60_000);

  it('shutdown lets a deadline job under way finish, its next timer included, before the queues close', async () => {
    const c = await makeCase(ds, { status: 'ASSESSING' });
    const id = await makeDeadlineRow(ds, {
      key: 'CASE_ASSESSMENT',
      caseId: c.id,
      startedAt: new Date(Date.now() - 3 * HOUR),
      dueAt: new Date(Date.now() - 2 * HOUR),
      status: 'PENDING',
      provinceCode: '22',
    });
    await ds.query(`UPDATE deadline SET next_fire_at = due_at, escalate1_at = now() + interval '1 day' WHERE id = $1`, [id]);
    // The row is held, so the timer's job waits inside its transaction when shutdown begins.
    const holder = ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT id FROM deadline WHERE id = $1 FOR UPDATE`, [id]);
    const w3 = await startTestWorker();
    let closing: Promise<void> | null = null;
    try {
      const queue = w3.app.get<Queue>(getQueueToken(DEADLINES_QUEUE));
      await queue.add(DeadlineJob.FIRE, { deadlineId: id, step: 0 }, { ...FIRE_JOB_OPTIONS, jobId: `deadline:${id}:0` });
      await until(
        'the job to wait for the deadline row',
        async () =>
          (await ds.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'SELECT "d"."id" AS "d_id"%'`)).length > 0,
      );
      const processor = w3.app.get(DeadlinesProcessor);
      closing = w3.close();
      await until('the queue worker to start closing', async () => Boolean((processor.worker as unknown as { closing?: Promise<void> }).closing));
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
      await (closing ?? w3.close());
    }
    expect((await ds.query(`SELECT status, escalation_level FROM deadline WHERE id = $1`, [id]))[0]).toEqual({ status: 'OVERDUE', escalation_level: 0 });
    const check = new Redis(redis.url);
    try {
      expect(await check.exists(`${process.env.QUEUE_PREFIX}:${DEADLINES_QUEUE}:deadline:${id}:1`)).toBe(1);
    } finally {
      check.disconnect();
    }
  }, 60_000);
});
