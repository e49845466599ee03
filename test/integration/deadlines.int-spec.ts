import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { appendOutboxEvent, changeCaseStatus, makeAgency, makeReferral, makeUser } from '../support/factories';
import { callBody, openCaseByCall } from '../support/payloads';
import { FixedClock } from '../../src/common/clock';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { AgencyType } from '../../src/referrals/enums';
import { DeadlineFiring } from '../../src/deadlines/deadline-firing';
import { DeadlineReconciler } from '../../src/deadlines/deadline-reconciler';
import { DeadlineLifecycle } from '../../src/deadlines/deadline-lifecycle';
import { DeadlinesProcessor } from '../../src/deadlines/deadlines.processor';
import { DeadlinesRepository } from '../../src/deadlines/deadlines.repository';
import { DEADLINES_QUEUE } from '../../src/deadlines/queues';
import { DEFAULT_DEADLINE_POLICIES } from '../../src/deadlines/deadline-policy.rules';
import { DeadlineKey } from '../../src/deadlines/enums';

const SECOND = 1000;
const HOUR = 3_600_000;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Deletes this test file's BullMQ keys. All integration test files share one Redis server and tell their data
 * apart by the queue prefix, so a real FLUSHALL would wipe the other files' queues: deleting every key under
 * this file's prefix is the same event as far as this file's queues can tell.
 */
async function flushQueues(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

describe('deadlines and escalation', () => {
  let admin: User;
  let operator: User;
  let supQn: User;
  let supHp: User;
  let supNational: User;
  let workerQn: User;
  let workerHp: User;

  const deadlineOf = (ds: DataSource, caseId: string, key = 'CASE_ASSESSMENT') =>
    ds.query(`SELECT * FROM deadline WHERE case_id = $1 AND key = $2 ORDER BY created_at DESC LIMIT 1`, [caseId, key]).then((r) => r[0]);
  const notificationsOf = (ds: DataSource, deadlineId: string): Promise<{ user_id: string; type: string; dedupe_key: string; title: string }[]> =>
    ds.query(`SELECT user_id, type, dedupe_key, title FROM notification WHERE deadline_id = $1 ORDER BY dedupe_key, user_id`, [deadlineId]);
  const timelineOf = (ds: DataSource, caseId: string): Promise<{ type: string; after: Record<string, unknown> }[]> =>
    ds.query(`SELECT type, after FROM case_event WHERE case_id = $1 AND type LIKE 'DEADLINE_%' ORDER BY id`, [caseId]);

  describe('over the real queue, with short real delays', () => {
    let t: TestApp;
    let w: TestWorker;
    let ds: DataSource;
    const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });

    beforeAll(async () => {
      t = await startTestApp();
      w = await startTestWorker();
      ds = t.dataSource;
      admin = await makeUser(ds, { role: Role.ADMIN });
      operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR });
      supQn = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
      supHp = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '31' });
      supNational = await makeUser(ds, { role: Role.SUPERVISOR });
      workerQn = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
      workerHp = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '31' });
      await t
        .http()
        .patch('/api/v1/admin/deadline-policies/CASE_ASSESSMENT')
        .set(as(admin))
        .send({ duration: 'PT2S', byRisk: {}, escalateAfter: ['PT2S', 'PT2S'] })
        .expect(200);
    });
    afterAll(async () => {
      await w.close();
      await t.close();
    });

    const openCase = async (): Promise<string> => {
      const res = await t
        .http()
        .post('/api/v1/intake/calls')
        .set(as(operator))
        .send(callBody({ startedAt: new Date().toISOString() }))
        .expect(201);
      return res.body.caseId;
    };

    it('a case opened at intake becomes overdue after ~2 s, then escalates to the province and to the national supervisors', async () => {
      const opened = Date.now();
      const caseId = await openCase();
      const created = await until('the assessment deadline', () => deadlineOf(ds, caseId));
      expect(created).toMatchObject({ status: 'PENDING', subject_type: 'CASE', subject_id: caseId, province_code: '22', escalation_level: 0 });
      expect(created.due_at.getTime() - created.started_at.getTime()).toBe(2 * SECOND);

      const done = await until('escalation level 2', async () => {
        const d = await deadlineOf(ds, caseId);
        return d.escalation_level === 2 && d;
      });
      expect(done.status).toBe('OVERDUE');
      expect(done.overdue_at.getTime()).toBeGreaterThanOrEqual(done.due_at.getTime());
      // Generous bound: the whole ladder (due after 2 s, levels after 4 s and 6 s) well within the wait.
      expect(Date.now() - opened).toBeLessThan(20 * SECOND);

      const notes = await notificationsOf(ds, done.id);
      expect(notes.map((n) => [n.dedupe_key.split(':')[2], n.type, n.user_id])).toEqual([
        // Nobody is assigned yet: the nearest supervisors (the province's) hear that it is overdue.
        ['0', 'DEADLINE_OVERDUE', supQn.id],
        ['1', 'DEADLINE_ESCALATED', supQn.id],
        ['2', 'DEADLINE_ESCALATED', supNational.id],
      ]);
      expect(notes.some((n) => n.user_id === supHp.id)).toBe(false);
      expect(notes[1].title).toMatch(/mức 1/);

      expect((await timelineOf(ds, caseId)).map((e) => [e.type, e.after.level])).toEqual([
        ['DEADLINE_OVERDUE', 0],
        ['DEADLINE_ESCALATED', 1],
        ['DEADLINE_ESCALATED', 2],
      ]);
      const audit = await ds.query(`SELECT action FROM audit_log WHERE subject_type = 'DEADLINE' AND subject_id = $1 ORDER BY id`, [done.id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['DEADLINE_OVERDUE', 'DEADLINE_ESCALATED', 'DEADLINE_ESCALATED']);

      const list = await t.http().get(`/api/v1/deadlines?caseId=${caseId}&overdue=true`).set(as(supQn)).expect(200);
      expect(list.body).toMatchObject({ total: 1, page: 1 });
      expect(list.body.items).toEqual([
        expect.objectContaining({
          id: done.id,
          key: 'CASE_ASSESSMENT',
          subjectType: 'CASE',
          subjectId: caseId,
          status: 'OVERDUE',
          escalationLevel: 2,
          dueAt: done.due_at.toISOString(),
        }),
      ]);
      // The child is in immediate danger: the legal urgent-protection deadline runs beside the assessment.
      await t
        .http()
        .get(`/api/v1/deadlines?caseId=${caseId}`)
        .set(as(workerQn))
        .expect(200)
        .expect((r) => expect(r.body.items.map((i: { key: string }) => i.key).sort()).toEqual(['CASE_ASSESSMENT', 'URGENT_PROTECTION']));
      await t
        .http()
        .get(`/api/v1/deadlines?caseId=${caseId}`)
        .set(as(workerHp))
        .expect(200)
        .expect((r) => expect(r.body.items).toEqual([]));
      await t.http().get('/api/v1/deadlines?overdue=maybe').set(as(supQn)).expect(400);

      // The case shows its overdue state and level, in the list (filter overdue=true) and on its page.
      const overdueCases = await t.http().get('/api/v1/cases?overdue=true&pageSize=200').set(as(supQn)).expect(200);
      expect(overdueCases.body.items).toContainEqual(expect.objectContaining({ id: caseId, overdue: true, escalationLevel: 2 }));
      const onTime = await t.http().get('/api/v1/cases?overdue=false&pageSize=200').set(as(supQn)).expect(200);
      expect(onTime.body.items.map((c: { id: string }) => c.id)).not.toContain(caseId);
      await t
        .http()
        .get(`/api/v1/cases/${caseId}`)
        .set(as(supQn))
        .expect(200)
        .expect((r) => expect(r.body).toMatchObject({ overdue: true, escalationLevel: 2 }));
      await t.http().get('/api/v1/cases?overdue=maybe').set(as(supQn)).expect(400);

      const inbox = await t.http().get('/api/v1/notifications').set(as(supNational)).expect(200);
      expect(inbox.body.items).toContainEqual(expect.objectContaining({ type: 'DEADLINE_ESCALATED', caseId, readAt: null, referralId: null }));
    }, 30_000);

    it('with its Redis keys flushed in the middle, the reconciler still fires every step exactly once', async () => {
      const caseId = await openCase();
      const d = await until('the assessment deadline', () => deadlineOf(ds, caseId));
      const queue = w.app.get<Queue>(getQueueToken(DEADLINES_QUEUE));
      await until('the timers', () => queue.getJob(`deadline:${d.id}:0`));
      expect(await flushQueues(process.env.REDIS_URL!, process.env.QUEUE_PREFIX!)).toBeGreaterThan(0);
      expect(await queue.getJob(`deadline:${d.id}:0`)).toBeUndefined();

      // Past due with no timer left: only the reconciler can notice.
      await new Promise((r) => setTimeout(r, 2500));
      expect((await deadlineOf(ds, caseId)).status).toBe('PENDING');
      const reconciler = w.app.get(DeadlineReconciler);
      const first = await reconciler.run();
      expect(first.fired).toBeGreaterThanOrEqual(1);
      expect((await deadlineOf(ds, caseId)).status).toBe('OVERDUE');
      // The timer of the next step is back in Redis; it fires by itself, and schedules the one after it.
      expect(await queue.getJob(`deadline:${d.id}:1`)).toBeDefined();
      await until('escalation level 2', async () => (await deadlineOf(ds, caseId)).escalation_level === 2);
      await reconciler.run();

      const perKey = await ds.query(`SELECT dedupe_key, count(*)::int AS n FROM notification WHERE deadline_id = $1 GROUP BY dedupe_key ORDER BY dedupe_key`, [d.id]);
      expect(perKey).toEqual([
        { dedupe_key: `deadline:${d.id}:0`, n: 1 },
        { dedupe_key: `deadline:${d.id}:1`, n: 1 },
        { dedupe_key: `deadline:${d.id}:2`, n: 1 },
      ]);
      const steps = await timelineOf(ds, caseId);
      expect(steps.map((e) => e.after.level)).toEqual([0, 1, 2]);
    }, 30_000);
  });

  describe('by the clock (FixedClock), reconciler and processor called directly', () => {
    let t: TestApp;
    let w: TestWorker;
    let ds: DataSource;
    let clock: FixedClock;
    const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });

    beforeAll(async () => {
      // Its own queue prefix: nothing left by the real-time part above reaches this worker, and its timers
      // (delayed relative to the fixed clock) stay out of the way.
      process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}b`;
      clock = new FixedClock(new Date(Date.now() - 5 * 60_000));
      t = await startTestApp({ clock });
      w = await startTestWorker({ clock });
      ds = t.dataSource;
      // The real-time part left a short CASE_ASSESSMENT policy behind: back to the defaults.
      const assessment = DEFAULT_DEADLINE_POLICIES.find((p) => p.key === DeadlineKey.CASE_ASSESSMENT)!;
      await t
        .http()
        .patch('/api/v1/admin/deadline-policies/CASE_ASSESSMENT')
        .set(as(admin))
        .send({ duration: assessment.duration, workingDays: false, byRisk: assessment.byRisk, escalateAfter: assessment.escalateAfter })
        .expect(200);
    });
    afterAll(async () => {
      await w.close();
      await t.close();
    });

    const openCase = (report: Record<string, unknown> = {}) => openCaseByCall(t, w, as(operator), clock.now(), report);

    it('fires each step when due, once, even with reconcilers and processors racing and a crash in the middle', async () => {
      const caseId = await openCase();
      const d = await deadlineOf(ds, caseId);
      // A child in immediate danger: CRITICAL risk, 2 hours; escalation 2 hours later, then 12 hours more.
      expect(d.due_at.getTime() - d.started_at.getTime()).toBe(2 * HOUR);
      expect(d.escalate1_at.getTime() - d.due_at.getTime()).toBe(2 * HOUR);
      expect(d.escalate2_at.getTime() - d.escalate1_at.getTime()).toBe(12 * HOUR);
      expect(d.policy).toEqual({
        duration: 'PT2H',
        workingDays: false,
        escalateAfter: ['PT2H', 'PT12H'],
        policyVersion: expect.any(Number),
        kind: 'POLICY',
        legalBasis: expect.stringContaining('Nghị định 56/2017/NĐ-CP, Điều 26'),
      });

      const reconciler = w.app.get(DeadlineReconciler);
      const firing = w.app.get(DeadlineFiring);
      const processor = w.app.get(DeadlinesProcessor);
      const job = (step: number) => ({ name: 'fire', data: { deadlineId: d.id, step } }) as unknown as Job;

      clock.set(new Date(d.due_at.getTime() - 1));
      await reconciler.run();
      await processor.process(job(0));
      expect((await deadlineOf(ds, caseId)).status).toBe('PENDING');

      clock.set(d.due_at);
      await Promise.all([reconciler.run(), reconciler.run(), processor.process(job(0)), processor.process(job(0))]);
      expect(await deadlineOf(ds, caseId)).toMatchObject({ status: 'OVERDUE', escalation_level: 0, overdue_at: d.due_at });

      // Level 1: two reconcilers and two timers at once → one escalation.
      clock.set(d.escalate1_at);
      await Promise.all([reconciler.run(), reconciler.run(), firing.fire(d.id), processor.process(job(1)), processor.process(job(1))]);
      expect(await deadlineOf(ds, caseId)).toMatchObject({ status: 'OVERDUE', escalation_level: 1, escalation_scope: 'PROVINCE' });

      // Level 2: a worker dies after doing the work but before committing: nothing of it remains…
      clock.set(d.escalate2_at);
      const repo = w.app.get(DeadlinesRepository);
      await expect(
        ds.transaction(async (m) => {
          const locked = await repo.lockForFiring(m, d.id);
          expect((await firing.fireLocked(m, locked!)).fired).toEqual([2]);
          throw new Error('worker killed');
        }),
      ).rejects.toThrow('worker killed');
      expect((await deadlineOf(ds, caseId)).escalation_level).toBe(1);
      // …and the retried job, running twice at once, escalates once.
      await Promise.all([processor.process(job(2)), processor.process(job(2)), reconciler.run()]);
      expect(await deadlineOf(ds, caseId)).toMatchObject({ escalation_level: 2, escalation_scope: 'NATIONAL', next_fire_at: null });

      const notes = await notificationsOf(ds, d.id);
      expect(notes.map((n) => [n.dedupe_key.split(':')[2], n.user_id])).toEqual([
        ['0', supQn.id],
        ['1', supQn.id],
        ['2', supNational.id],
      ]);
      // The urgent-protection deadline of the same case fired too; this one's steps are on the timeline once.
      expect((await timelineOf(ds, caseId)).filter((e) => e.after.deadlineId === d.id).map((e) => [e.type, e.after.level])).toEqual([
        ['DEADLINE_OVERDUE', 0],
        ['DEADLINE_ESCALATED', 1],
        ['DEADLINE_ESCALATED', 2],
      ]);
      // Nothing is left to fire, however late it gets.
      clock.advance(30 * 24 * HOUR);
      // (The first run fires what is left of the case's urgent-protection deadline, not this one's.)
      await reconciler.run();
      expect(await notificationsOf(ds, d.id)).toHaveLength(3);
      expect(await reconciler.run()).toEqual({ fired: 0, rescheduled: 0 });
    });

    it('goes to the case assignee when there is one, and to commune supervisors first', async () => {
      const supCommune = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22', communeCode: '06652' });
      const caseId = await openCase({ children: [{ fullName: 'Phạm Văn An', sex: 'MALE', age: 7 }] });
      await ds.query(`UPDATE protection_case SET assignee_id = $2 WHERE id = $1`, [caseId, workerQn.id]);
      const d = await deadlineOf(ds, caseId);
      clock.set(d.escalate2_at);
      await w.app.get(DeadlineReconciler).run();
      expect((await notificationsOf(ds, d.id)).map((n) => [n.dedupe_key.split(':')[2], n.user_id])).toEqual([
        ['0', workerQn.id],
        ['1', supCommune.id],
        ['2', supQn.id],
      ]);
      await ds.query(`UPDATE app_user SET active = false WHERE id = $1`, [supCommune.id]);
    });

    it('a deadline met before it is due stays MET and fires nothing; met late, it keeps its overdue time', async () => {
      const caseId = await openCase({ children: [{ fullName: 'Lê Thị Mai', sex: 'FEMALE', age: 11 }] });
      const d = await deadlineOf(ds, caseId);
      const queue = w.app.get<Queue>(getQueueToken(DEADLINES_QUEUE));
      expect(await queue.getJob(`deadline:${d.id}:0`)).toBeDefined();

      clock.set(new Date(d.due_at.getTime() - HOUR));
      await changeCaseStatus(ds, caseId, 'PLANNING', clock.now());
      await w.drain();
      expect(await deadlineOf(ds, caseId)).toMatchObject({ status: 'MET', met_at: clock.now(), overdue_at: null, next_fire_at: null, escalation_level: 0 });
      const plan = await deadlineOf(ds, caseId, 'CASE_PLAN');
      // The plan's 7 working days count from when the information was received.
      expect(plan).toMatchObject({ status: 'PENDING', started_at: d.started_at });
      // At least a week later by the Vietnamese calendar day, whatever the time of day the test runs at.
      const vnDay = (t: Date) => Math.floor((t.getTime() + 7 * HOUR) / (24 * HOUR));
      expect(vnDay(plan.due_at) - vnDay(plan.started_at)).toBeGreaterThanOrEqual(7);
      expect(await queue.getJob(`deadline:${d.id}:0`)).toBeUndefined();

      clock.set(new Date(d.escalate2_at.getTime() + HOUR));
      await w.app.get(DeadlineReconciler).run();
      await w.app.get(DeadlinesProcessor).process({ name: 'fire', data: { deadlineId: d.id, step: 0 } } as unknown as Job);
      expect(await deadlineOf(ds, caseId)).toMatchObject({ status: 'MET', escalation_level: 0 });
      expect(await notificationsOf(ds, d.id)).toEqual([]);

      // Met after it became overdue: MET, and overdue_at stays for the timeliness statistics.
      const late = await openCase({ children: [{ fullName: 'Đỗ Văn Bình', sex: 'MALE', age: 5 }] });
      const l = await deadlineOf(ds, late);
      clock.set(l.due_at);
      await w.app.get(DeadlineReconciler).run();
      clock.advance(10 * 60_000);
      await changeCaseStatus(ds, late, 'PLANNING', clock.now());
      await w.drain();
      expect(await deadlineOf(ds, late)).toMatchObject({ status: 'MET', overdue_at: l.due_at, met_at: clock.now() });

      // Closing the case cancels what is open (the plan deadline).
      await changeCaseStatus(ds, late, 'CLOSED', clock.now());
      await w.drain();
      expect(await deadlineOf(ds, late, 'CASE_PLAN')).toMatchObject({ status: 'CANCELLED', cancel_reason: 'CASE_CLOSED', next_fire_at: null });
    });

    it('starts an obligation once however often its event is delivered, and not when the case has moved past it', async () => {
      const caseId = await openCase({ children: [{ fullName: 'Vũ Thị Lan', sex: 'FEMALE', age: 13 }] });
      const [event] = await ds.query(`SELECT id, type, payload FROM outbox_event WHERE type = 'CASE_OPENED' AND aggregate_id = $1`, [caseId]);
      const lifecycle = w.app.get(DeadlineLifecycle);
      // The same event again: its id is on the deadline it started.
      await ds.transaction((m) => lifecycle.apply(m, event));
      // Another event for the same obligation while it is open: the partial unique index keeps one.
      await ds.transaction((m) => lifecycle.apply(m, { ...event, id: '999999998' }));
      await ds.query(`UPDATE deadline SET status = 'MET', met_at = now(), next_fire_at = NULL WHERE case_id = $1`, [caseId]);
      await ds.transaction((m) => lifecycle.apply(m, event));
      expect((await ds.query(`SELECT count(*)::int AS n FROM deadline WHERE case_id = $1 AND key = 'CASE_ASSESSMENT'`, [caseId]))[0].n).toBe(1);

      // Events delivered out of order: the case is already PLANNING when its CASE_OPENED is handled.
      const other = await openCase({ children: [{ fullName: 'Hoàng Văn Sơn', sex: 'MALE', age: 15 }] });
      const [opened] = await ds.query(`SELECT id, type, payload FROM outbox_event WHERE type = 'CASE_OPENED' AND aggregate_id = $1`, [other]);
      await ds.query(`DELETE FROM deadline WHERE case_id = $1`, [other]);
      await ds.query(`UPDATE protection_case SET status = 'PLANNING' WHERE id = $1`, [other]);
      await ds.transaction((m) => lifecycle.apply(m, { ...opened, id: '999999999' }));
      expect(await deadlineOf(ds, other)).toBeUndefined();
    });

    it('follows a referral: acknowledge-by for the agency, met on acceptance, cancelled with the referral', async () => {
      const police = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22' });
      const health = await makeAgency(ds, { type: AgencyType.HEALTH, provinceCode: '22' });
      const officer = await makeUser(ds, { role: Role.AGENCY_OFFICER, provinceCode: '22', agencyId: police.id });
      const otherOfficer = await makeUser(ds, { role: Role.AGENCY_OFFICER, provinceCode: '22', agencyId: health.id });
      // Not in immediate danger, so routing refers nothing by itself: the referral below is the only one.
      const caseId = await openCase({ children: [{ fullName: 'Trịnh Thị Hà', sex: 'FEMALE', age: 8 }], immediateDanger: false });
      const [c] = await ds.query(`SELECT case_number FROM protection_case WHERE id = $1`, [caseId]);
      const referralId = await makeReferral(ds, { caseId, agencyId: police.id, agencyType: 'POLICE', riskLevel: 'HIGH', sentAt: clock.now() });
      const ref = (status: string) => ({
        referralId,
        caseId,
        caseNumber: c.case_number,
        agencyId: police.id,
        agencyType: 'POLICE',
        status,
        riskLevel: 'HIGH',
        provinceCode: '22',
        communeCode: '06652',
        caseAssigneeId: null,
        actorId: null,
        at: clock.now().toISOString(),
      });
      await appendOutboxEvent(ds, 'REFERRAL_SENT', 'REFERRAL', referralId, ref('SENT'));
      await w.drain();
      const ack = await deadlineOf(ds, caseId, 'REFERRAL_ACKNOWLEDGE');
      expect(ack).toMatchObject({ status: 'PENDING', subject_type: 'REFERRAL', subject_id: referralId, agency_id: police.id });
      // The police acknowledge by assigning an investigator within 3 days (Circular 43/2021 art. 8), whatever the risk.
      expect(ack.due_at.getTime() - ack.started_at.getTime()).toBe(72 * HOUR);

      const mine = await t.http().get('/api/v1/deadlines').set(as(officer)).expect(200);
      expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([ack.id]);
      await t
        .http()
        .get('/api/v1/deadlines')
        .set(as(otherOfficer))
        .expect(200)
        .expect((r) => expect(r.body.items).toEqual([]));

      clock.set(ack.due_at);
      await w.app.get(DeadlineReconciler).run();
      expect(await notificationsOf(ds, ack.id)).toEqual([expect.objectContaining({ user_id: officer.id, type: 'DEADLINE_OVERDUE' })]);
      await t
        .http()
        .get('/api/v1/deadlines?overdue=true')
        .set(as(officer))
        .expect(200)
        .expect((r) => expect(r.body.items).toEqual([expect.objectContaining({ id: ack.id, status: 'OVERDUE' })]));

      await ds.query(`UPDATE referral SET status = 'ACCEPTED' WHERE id = $1`, [referralId]);
      await appendOutboxEvent(ds, 'REFERRAL_ACCEPTED', 'REFERRAL', referralId, ref('ACCEPTED'));
      await w.drain();
      expect(await deadlineOf(ds, caseId, 'REFERRAL_ACKNOWLEDGE')).toMatchObject({ status: 'MET', overdue_at: ack.due_at });
      const complete = await deadlineOf(ds, caseId, 'REFERRAL_COMPLETE');
      expect(complete).toMatchObject({ status: 'PENDING', agency_id: police.id });

      // Closing the case ends the case's own obligations, not those of a referral the agency is still working.
      await changeCaseStatus(ds, caseId, 'CLOSED', clock.now());
      await w.drain();
      expect(await deadlineOf(ds, caseId, 'CASE_ASSESSMENT')).toMatchObject({ status: 'CANCELLED', cancel_reason: 'CASE_CLOSED' });
      expect(await deadlineOf(ds, caseId, 'REFERRAL_COMPLETE')).toMatchObject({ status: 'PENDING', agency_id: police.id });

      await ds.query(`UPDATE referral SET status = 'CANCELLED', cancel_reason = 'test' WHERE id = $1`, [referralId]);
      await appendOutboxEvent(ds, 'REFERRAL_CANCELLED', 'REFERRAL', referralId, { ...ref('CANCELLED'), reason: 'test' });
      await w.drain();
      expect(await deadlineOf(ds, caseId, 'REFERRAL_COMPLETE')).toMatchObject({ status: 'CANCELLED', cancel_reason: 'REFERRAL_CANCELLED' });
    });

    it('policies: listed by key, validated with messages, unknown keys 404, edits audited and used by new deadlines only', async () => {
      const list = await t.http().get('/api/v1/admin/deadline-policies').set(as(admin)).expect(200);
      expect(list.body.items.map((p: { key: string }) => p.key)).toEqual([
        'CASE_ASSESSMENT',
        'CASE_PLAN',
        'CASE_REVIEW',
        'PLAN_APPROVAL',
        'REFERRAL_ACKNOWLEDGE',
        'REFERRAL_COMPLETE',
        'REPORTER_NOTIFICATION',
        'SEPARATION_END',
        'URGENT_PROTECTION',
      ]);
      expect(list.body.items[1]).toMatchObject({ key: 'CASE_PLAN', kind: 'LEGAL', duration: 'P5D', workingDays: true, byRisk: {}, escalateAfter: ['PT24H', 'P3D'] });

      const bad = await t
        .http()
        .patch('/api/v1/admin/deadline-policies/CASE_PLAN')
        .set(as(admin))
        .send({ duration: 'PT36H', byRisk: { EXTREME: 'PT1H' }, escalateAfter: ['PT4H', 'x', 'P1D'] })
        .expect(400);
      expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(bad.body.message).toEqual([
        expect.stringMatching(/^duration: working days are counted, so the duration must be whole days/),
        expect.stringMatching(/^byRisk: unknown risk level "EXTREME"/),
        expect.stringMatching(/^escalateAfter has 3 entries/),
        expect.stringMatching(/^escalateAfter\[1\]: Invalid duration "x"/),
      ]);
      const notFound = await t.http().patch('/api/v1/admin/deadline-policies/CASE_LUNCH').set(as(admin)).send({ duration: 'PT1H' }).expect(404);
      expect(notFound.body.message).toMatch(/There is no deadline policy "CASE_LUNCH"; the keys are CASE_ASSESSMENT, /);

      const caseId = await openCase({ children: [{ fullName: 'Mai Văn Tùng', sex: 'MALE', age: 10 }] });
      const before = await deadlineOf(ds, caseId);
      const ok = await t
        .http()
        .patch('/api/v1/admin/deadline-policies/CASE_ASSESSMENT')
        .set(as(admin))
        .send({ duration: 'PT12H', workingDays: false, byRisk: { CRITICAL: 'PT1H' }, escalateAfter: ['PT4H', 'PT24H'] })
        .expect(200);
      expect(ok.body).toMatchObject({ key: 'CASE_ASSESSMENT', duration: 'PT12H', byRisk: { CRITICAL: 'PT1H' }, escalateAfter: ['PT4H', 'PT24H'], updatedBy: admin.id });
      const audit = await ds.query(`SELECT before, after FROM audit_log WHERE action = 'DEADLINE_POLICY_UPDATED' AND subject_id = 'CASE_ASSESSMENT' ORDER BY id DESC LIMIT 1`);
      expect(audit[0].before.byRisk).toEqual({ CRITICAL: 'PT2H', HIGH: 'PT6H' });
      expect(audit[0].after.byRisk).toEqual({ CRITICAL: 'PT1H' });

      expect((await deadlineOf(ds, caseId)).due_at).toEqual(before.due_at);
      const after = await openCase({ children: [{ fullName: 'Mai Thị Nga', sex: 'FEMALE', age: 12 }] });
      const d = await deadlineOf(ds, after);
      expect(d.due_at.getTime() - d.started_at.getTime()).toBe(HOUR);
      expect(d.escalate1_at.getTime() - d.due_at.getTime()).toBe(4 * HOUR);
    });

    it('holidays: listed from the table, replaced by year with validation, audited', async () => {
      const all = await t.http().get('/api/v1/admin/holidays').set(as(admin)).expect(200);
      expect(all.body.items).toContainEqual({ date: '2026-02-17', name: 'Tết Nguyên đán (mùng 1 Tết)', kind: 'HOLIDAY' });
      const bad = await t
        .http()
        .put('/api/v1/admin/holidays?year=2028')
        .set(as(admin))
        .send({
          items: [
            { date: '2028-02-30', name: 'x', kind: 'HOLIDAY' },
            { date: '2027-01-01', name: '', kind: 'FEAST' },
          ],
        })
        .expect(400);
      expect(bad.body.message).toEqual([
        expect.stringMatching(/^Holiday #1 \(2028-02-30\): date must be a real calendar date/),
        expect.stringMatching(/^Holiday #2 \(2027-01-01\): name is required/),
        expect.stringMatching(/^Holiday #2 \(2027-01-01\): kind must be one of HOLIDAY/),
        expect.stringMatching(/^Holiday #2 \(2027-01-01\) is not in 2028/),
      ]);
      await t.http().put('/api/v1/admin/holidays').set(as(admin)).send({}).expect(400);

      const items = [
        { date: '2028-01-01', name: 'Tết Dương lịch', kind: 'HOLIDAY' },
        { date: '2028-04-30', name: 'Ngày Chiến thắng (30/4)', kind: 'HOLIDAY' },
      ];
      const put = await t.http().put('/api/v1/admin/holidays?year=2028').set(as(admin)).send({ items }).expect(200);
      expect(put.body.items).toEqual(items);
      const y2028 = await t.http().get('/api/v1/admin/holidays?year=2028').set(as(admin)).expect(200);
      expect(y2028.body.items).toEqual(items);
      const again = await t.http().get('/api/v1/admin/holidays').set(as(admin)).expect(200);
      expect(again.body.items.length).toBe(all.body.items.length + 2);
      const audit = await ds.query(`SELECT after FROM audit_log WHERE action = 'HOLIDAYS_REPLACED' ORDER BY id DESC LIMIT 1`);
      expect(audit[0].after).toMatchObject({ count: 2 });
    });

    it('queue health: counts per queue for admins and supervisors', async () => {
      const res = await t.http().get('/api/v1/admin/queues').set(as(supNational)).expect(200);
      expect(res.body.items.map((q: { name: string }) => q.name)).toEqual(['deadlines', 'notifications']);
      for (const q of res.body.items)
        expect(q).toEqual({ name: q.name, waiting: expect.any(Number), delayed: expect.any(Number), active: expect.any(Number), failed: expect.any(Number) });
      expect(res.body.deadlineStepsPastDue).toEqual(expect.any(Number));
      // Lagging workers (here: steps left unfired under the fixed clock) degrade /health but never fail it.
      const health = await t.http().get('/health').expect(200);
      expect(health.body).toMatchObject({ status: expect.stringMatching(/^(ok|degraded)$/), postgres: 'up', redis: 'up', workers: expect.stringMatching(/^(ok|lagging)$/) });
    });

    it('after a lost Redis, restores the timers of steps due within three reconcile intervals, and each other one as it comes within them', async () => {
      const caseId = await openCase({ children: [{ fullName: 'Đặng Thị Mai', sex: 'FEMALE', age: 10 }] });
      const d = await deadlineOf(ds, caseId);
      const queue = w.app.get<Queue>(getQueueToken(DEADLINES_QUEUE));
      const reconciler = w.app.get(DeadlineReconciler);
      const timer = `deadline:${d.id}:0`;
      const dueAt = new Date(d.next_fire_at).getTime();
      const horizon = 3 * 3_600_000; // the test worker reconciles once an hour
      const started = clock.now();
      try {
        await flushQueues(process.env.REDIS_URL!, process.env.QUEUE_PREFIX!);
        expect(await queue.getJob(timer)).toBeUndefined();
        clock.set(new Date(dueAt - horizon - 60_000));
        await reconciler.restoreTimers();
        expect(await queue.getJob(timer)).toBeUndefined();
        clock.set(new Date(dueAt - horizon + 60_000));
        expect(await reconciler.restoreTimers()).toBeGreaterThanOrEqual(1);
        expect(await queue.getJob(timer)).toBeDefined();
        // Its timer is there: the next run restores nothing of it.
        expect(await reconciler.restoreTimers()).toBe(0);
      } finally {
        clock.set(started);
      }
    });
  });
});
