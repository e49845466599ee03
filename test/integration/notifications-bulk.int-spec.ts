import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { makeUser } from '../support/factories';
import { Role } from '../../src/identity/enums';
import { NotificationService } from '../../src/notifications/notification.service';
import { deliveryJobId, NOTIFICATIONS_QUEUE } from '../../src/notifications/queues';

/** Several notifications in one call (a batch of events or of deadline steps): rows, results, deliveries. */
describe('notifications in bulk', () => {
  let t: TestApp;
  let w: TestWorker;
  let ds: DataSource;
  beforeAll(async () => {
    t = await startTestApp();
    w = await startTestWorker();
    ds = t.dataSource;
  });
  afterAll(async () => {
    await w.close();
    await t.close();
  });

  it('writes each input as notify would, once per key and user, with one delivery event for all; the jobs follow the commit', async () => {
    const [a, b, c] = [await makeUser(ds, { role: Role.CASE_WORKER }), await makeUser(ds, { role: Role.CASE_WORKER }), await makeUser(ds, { role: Role.SUPERVISOR })];
    const gone = await makeUser(ds, { role: Role.CASE_WORKER, active: false });
    await ds.query(`UPDATE app_user SET email = 'x' || id || '@example.org', locale = 'en' WHERE id = $1`, [a.id]);
    await ds.query(`UPDATE app_user SET phone = '0912000111' WHERE id = $1`, [c.id]);
    const service = t.app.get(NotificationService);
    // Already told under key k1: not told again.
    await ds.transaction((m) => service.notify(m, { userIds: [b.id], type: 'TEST', title: 'Old', body: 'Old', dedupeKey: 'bulk:k1' }));

    const results = await ds.transaction((m) =>
      service.notifyAll(m, [
        { userIds: [a.id, b.id, gone.id, a.id], type: 'TEST_ONE', title: { vi: 'Một', en: 'One' }, body: 'B1', dedupeKey: 'bulk:k1' },
        { userIds: [], type: 'TEST_NONE', title: 'None', body: 'None', dedupeKey: 'bulk:k0' },
        { userIds: [c.id, b.id], type: 'TEST_TWO', title: 'Hai', body: 'B2', dedupeKey: 'bulk:k2' },
        { userIds: [c.id], type: 'TEST_TWO', title: 'Hai', body: 'B2', dedupeKey: 'bulk:k2' },
      ]),
    );
    expect(results.map((r) => r.userIds)).toEqual([[a.id], [], [b.id, c.id].sort(), []]);
    const rows: { id: string; user_id: string; type: string; title: string; dedupe_key: string }[] = await ds.query(
      `SELECT id, user_id, type, title, dedupe_key FROM notification WHERE dedupe_key LIKE 'bulk:%' ORDER BY dedupe_key, title, user_id`,
    );
    expect(rows.map((r) => [r.dedupe_key, r.user_id, r.type, r.title])).toEqual(
      [
        ['bulk:k1', a.id, 'TEST_ONE', 'One'],
        ['bulk:k1', b.id, 'TEST', 'Old'],
        ['bulk:k2', b.id, 'TEST_TWO', 'Hai'],
        ['bulk:k2', c.id, 'TEST_TWO', 'Hai'],
      ].sort((x, y) => x[0].localeCompare(y[0]) || x[3].localeCompare(y[3]) || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0)),
    );
    expect(results[0].notificationIds).toEqual([rows.find((r) => r.user_id === a.id)!.id]);

    const deliveries: { notification_id: string; channel: string }[] = await ds.query(
      `SELECT notification_id, channel FROM notification_delivery WHERE notification_id = ANY($1::uuid[]) ORDER BY channel`,
      [rows.map((r) => r.id)],
    );
    const ofA = rows.find((r) => r.user_id === a.id)!.id;
    const ofC = rows.find((r) => r.user_id === c.id)!.id;
    expect(deliveries).toEqual([
      { notification_id: ofA, channel: 'EMAIL' },
      { notification_id: ofC, channel: 'SMS' },
    ]);
    const events: { payload: { deliveries: unknown[] } }[] = await ds.query(`SELECT payload FROM outbox_event WHERE type = 'NOTIFICATION_DELIVERIES' AND payload::text LIKE $1`, [
      `%${ofC}%`,
    ]);
    expect(events).toHaveLength(1);
    expect(events[0].payload.deliveries).toHaveLength(2);

    await w.drain();
    // Each delivery's job is in the queue, or has already run (the worker removes a completed job).
    const queue = w.app.get<Queue>(getQueueToken(NOTIFICATIONS_QUEUE));
    const enqueuedOrRun = async (notificationId: string, channel: string) =>
      !!(await queue.getJob(deliveryJobId(notificationId, channel))) ||
      (await ds.query(`SELECT 1 FROM notification_delivery WHERE notification_id = $1 AND channel = $2 AND (attempts > 0 OR status <> 'PENDING')`, [notificationId, channel]))
        .length === 1;
    expect(await enqueuedOrRun(ofA, 'EMAIL')).toBe(true);
    expect(await enqueuedOrRun(ofC, 'SMS')).toBe(true);
  });
});
