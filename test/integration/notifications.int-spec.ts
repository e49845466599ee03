import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { appendOutboxEvent, makeAgency, makeCase, makeUser } from '../support/factories';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { AgencyType } from '../../src/referrals/enums';
import { NotificationService, NotifyInput } from '../../src/notifications/notification.service';
import { NotificationDeliveries } from '../../src/notifications/notification-deliveries';
import { NOTIFICATIONS_QUEUE } from '../../src/notifications/queues';

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A local TCP port nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('notifications', () => {
  let t: TestApp;
  let w: TestWorker;
  let ds: DataSource;
  let dir: string;
  let alice: User;
  let bob: User;
  let supQn: User;
  let worker: User;
  const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  const notify = (input: Omit<NotifyInput, 'title' | 'body' | 'type'> & Partial<NotifyInput>) =>
    ds.transaction((m) => t.app.get(NotificationService).notify(m, { type: 'TEST', title: 'Test', body: 'Body', ...input }));

  beforeAll(async () => {
    // Email goes to an SMTP server that refuses connections; SMS to a file of this test's own.
    dir = await mkdtemp(join(tmpdir(), 'bvte-notify-'));
    process.env.NOTIFY_FILE = join(dir, 'notifications.log');
    process.env.SMTP_URL = `smtp://127.0.0.1:${await closedPort()}`;
    t = await startTestApp();
    w = await startTestWorker();
    ds = t.dataSource;
    alice = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    bob = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    supQn = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
  });
  afterAll(async () => {
    await w.close();
    await t.close();
    delete process.env.NOTIFY_FILE;
    delete process.env.SMTP_URL;
    await rm(dir, { recursive: true, force: true });
  });

  it('shows each user only their own inbox, unread first, and marks read', async () => {
    const first = await notify({ userIds: [alice.id, bob.id], title: { vi: 'Thông báo một', en: 'First' }, dedupeKey: 'test:inbox:1' });
    expect(first.userIds.sort()).toEqual([alice.id, bob.id].sort());
    await notify({ userIds: [alice.id], title: 'Second', dedupeKey: 'test:inbox:2' });
    await notify({ userIds: [bob.id], title: 'For Bob only', dedupeKey: 'test:inbox:3' });
    // The same occurrence again reaches nobody twice.
    expect((await notify({ userIds: [alice.id, bob.id], dedupeKey: 'test:inbox:1' })).userIds).toEqual([]);

    const inbox = await t.http().get('/api/v1/notifications').set(as(alice)).expect(200);
    expect(inbox.body).toMatchObject({ total: 2, unread: 2 });
    expect(inbox.body.items.map((n: { title: string }) => n.title).sort()).toEqual(['Second', 'Thông báo một']);
    expect(inbox.body.items[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), type: 'TEST', createdAt: expect.any(String), readAt: null, caseId: null, referralId: null }),
    );

    const bobs = await t.http().get('/api/v1/notifications').set(as(bob)).expect(200);
    const bobsOwn = bobs.body.items.find((n: { title: string }) => n.title === 'For Bob only');
    await t.http().post(`/api/v1/notifications/${bobsOwn.id}/read`).set(as(alice)).expect(404);

    const target = inbox.body.items.find((n: { title: string }) => n.title === 'Second');
    const read = await t.http().post(`/api/v1/notifications/${target.id}/read`).set(as(alice)).expect(200);
    expect(read.body).toEqual({ id: target.id, readAt: expect.any(String) });
    const again = await t.http().post(`/api/v1/notifications/${target.id}/read`).set(as(alice)).expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);

    const after = await t.http().get('/api/v1/notifications').set(as(alice)).expect(200);
    expect(after.body.unread).toBe(1);
    expect(after.body.items.map((n: { readAt: string | null }) => n.readAt === null)).toEqual([true, false]);
    const unreadOnly = await t.http().get('/api/v1/notifications?unread=true').set(as(alice)).expect(200);
    expect(unreadOnly.body.items.map((n: { title: string }) => n.title)).toEqual(['Thông báo một']);

    expect((await t.http().post('/api/v1/notifications/read-all').set(as(alice)).expect(200)).body).toEqual({ updated: 1 });
    expect((await t.http().get('/api/v1/notifications').set(as(alice)).expect(200)).body.unread).toBe(0);
    // Bob's notifications are untouched.
    expect((await t.http().get('/api/v1/notifications').set(as(bob)).expect(200)).body.unread).toBe(2);
  });

  it('a failing email transport blocks neither the in-app notification nor the SMS', async () => {
    const user = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    await ds.query(`UPDATE app_user SET email = 'sup@example.vn', phone = '0912000111' WHERE id = $1`, [user.id]);
    const result = await notify({ userIds: [user.id], title: 'Quá hạn — hồ sơ 22-2026-000042', body: 'Nội dung riêng tư', dedupeKey: 'test:channels:1' });
    const [notificationId] = result.notificationIds;

    // In the inbox at once, whatever the channels do.
    const inbox = await t.http().get('/api/v1/notifications').set(as(user)).expect(200);
    expect(inbox.body.items).toEqual([expect.objectContaining({ id: notificationId, title: 'Quá hạn — hồ sơ 22-2026-000042' })]);

    await w.drain();
    const sms = await until('the SMS line', async () => {
      const text = await readFile(process.env.NOTIFY_FILE!, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .find((m) => m.to === '0912000111');
    });
    expect(sms).toMatchObject({ channel: 'SMS', subject: 'Quá hạn — hồ sơ 22-2026-000042' });
    // The details stay behind the login: email and SMS carry the title only.
    expect(sms.text).not.toContain('Nội dung riêng tư');

    const email = await until('a failed email attempt', async () => {
      const [d] = await ds.query(`SELECT * FROM notification_delivery WHERE notification_id = $1 AND channel = 'EMAIL'`, [notificationId]);
      return d?.attempts >= 1 && d;
    });
    expect(email).toMatchObject({ status: 'PENDING', address: 'sup@example.vn', sent_at: null });
    expect(email.last_error).toMatch(/ECONNREFUSED|connect/i);
    // The line is written before its delivery row is marked sent (send, then record): wait for the record too.
    const smsRow = await until('the SMS recorded as sent', async () => {
      const [d] = await ds.query(`SELECT * FROM notification_delivery WHERE notification_id = $1 AND channel = 'SMS'`, [notificationId]);
      return d?.status === 'SENT' && d;
    });
    expect(smsRow).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(smsRow.sent_at).toBeInstanceOf(Date);
    // The email job is retried with backoff by its queue.
    const queue = w.app.get<Queue>(getQueueToken(NOTIFICATIONS_QUEUE));
    const job = await queue.getJob(`delivery:${notificationId}:EMAIL`);
    expect(job?.opts.backoff).toEqual({ type: 'exponential', delay: 2000 });
  }, 30_000);

  it('re-enqueues a delivery whose job was lost', async () => {
    const user = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    await ds.query(`UPDATE app_user SET phone = '0912000222' WHERE id = $1`, [user.id]);
    // Written without its outbox event: as if Redis lost the job the event enqueued.
    const [n] = await ds.query(`INSERT INTO notification (user_id, type, title, body, dedupe_key) VALUES ($1, 'TEST', 'Lost', 'x', 'test:lost:1') RETURNING id`, [user.id]);
    await ds.query(
      `INSERT INTO notification_delivery (notification_id, channel, address, status, created_at) VALUES ($1, 'SMS', '0912000222', 'PENDING', now() - interval '5 minutes')`,
      [n.id],
    );
    expect((await w.app.get(NotificationDeliveries).sweep()).requeued).toBeGreaterThanOrEqual(1);
    await until('the lost SMS to be sent', async () => {
      const [d] = await ds.query(`SELECT status FROM notification_delivery WHERE notification_id = $1`, [n.id]);
      return d.status === 'SENT';
    });
    expect((await w.app.get(NotificationDeliveries).sweep()).requeued).toBe(0);
  }, 30_000);

  it('tells the case assignee when a referral is declined or completed, and assignee and supervisors when no agency can be referred to', async () => {
    const police = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22' });
    const c = await makeCase(ds, { status: 'INTERVENING', assigneeId: worker.id });
    const referralId = '7b0d2c4e-1f5a-4c3b-9e8d-2a6f4b1c0d9e';
    const ref = {
      referralId,
      caseId: c.id,
      caseNumber: c.caseNumber,
      agencyId: police.id,
      agencyType: 'POLICE',
      riskLevel: 'HIGH',
      provinceCode: '22',
      communeCode: '06652',
      caseAssigneeId: worker.id,
      actorId: null,
      at: new Date().toISOString(),
    };
    await appendOutboxEvent(ds, 'REFERRAL_DECLINED', 'REFERRAL', referralId, { ...ref, status: 'DECLINED', reason: 'Không thuộc thẩm quyền' });
    await appendOutboxEvent(ds, 'REFERRAL_COMPLETED', 'REFERRAL', referralId, { ...ref, status: 'COMPLETED', outcomeCode: 'INVESTIGATED', outcomeNote: null });
    await appendOutboxEvent(ds, 'ROUTING_NO_AGENCY', 'CASE', c.id, {
      caseId: c.id,
      caseNumber: c.caseNumber,
      agencyType: 'HEALTH',
      provinceCode: '22',
      communeCode: '06652',
      caseAssigneeId: worker.id,
      at: new Date().toISOString(),
    });
    await w.drain();

    const mine = await ds.query(`SELECT user_id, type, title, body, referral_id FROM notification WHERE case_id = $1 ORDER BY type, user_id`, [c.id]);
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user_id: worker.id, type: 'REFERRAL_DECLINED', referral_id: referralId, body: expect.stringContaining('Không thuộc thẩm quyền') }),
        expect.objectContaining({ user_id: worker.id, type: 'REFERRAL_COMPLETED', referral_id: referralId }),
        expect.objectContaining({ user_id: worker.id, type: 'ROUTING_NO_AGENCY', title: expect.stringContaining('y tế') }),
        expect.objectContaining({ user_id: supQn.id, type: 'ROUTING_NO_AGENCY' }),
      ]),
    );
    expect(mine).toHaveLength(4);
    // The worker finds them in their inbox with the contract fields.
    const inbox = await t.http().get('/api/v1/notifications').set(as(worker)).expect(200);
    expect(inbox.body.items).toContainEqual(expect.objectContaining({ type: 'REFERRAL_DECLINED', caseId: c.id, referralId, readAt: null }));
  });
});
