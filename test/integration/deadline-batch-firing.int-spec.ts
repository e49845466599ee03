import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { makeAgency, makeCase, makeUser } from '../support/factories';
import { FixedClock } from '../../src/common/clock';
import { Role } from '../../src/identity/enums';
import { AgencyType } from '../../src/referrals/enums';
import { FIRE_BATCH, DeadlineFiring } from '../../src/deadlines/deadline-firing';
import { DeadlineReconciler } from '../../src/deadlines/deadline-reconciler';
import { DeadlineTimers } from '../../src/deadlines/deadline-timers';
import { DeadlineStatus } from '../../src/deadlines/enums';
import { DEADLINES_QUEUE } from '../../src/deadlines/queues';
import { timerDueAt } from '../../src/deadlines/deadlines.processor';

const HOUR = 3_600_000;

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const limit = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > limit) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `n` referral deadlines of the case owed by the agency, due at `dueAt` with the first escalation at the same time. */
async function insertDue(ds: DataSource, caseId: string, agencyId: string, n: number, dueAt: Date): Promise<string[]> {
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO deadline (key, subject_type, subject_id, case_id, agency_id, province_code, risk_level, started_at, due_at, escalate1_at,
                           status, escalation_level, next_fire_at, policy, version)
     SELECT 'REFERRAL_ACKNOWLEDGE', 'REFERRAL', gen_random_uuid(), $1, $2, '22', 'HIGH', $3::timestamptz - interval '1 hour', $3, $3, 'PENDING', 0, $3,
            '{"duration":"PT1H","workingDays":false,"escalateAfter":["PT0S"],"policyVersion":1}', 1
       FROM generate_series(1, $4)
     RETURNING id`,
    [caseId, agencyId, dueAt, n],
  );
  return rows.map((r) => r.id);
}

/** Per deadline: its steps on the timeline, its audit rows, its notified steps (one notification per step and user: unique index). */
async function perDeadline(ds: DataSource, ids: string[]) {
  const [counts] = await ds.query(
    `SELECT count(*) FILTER (WHERE status = 'OVERDUE' AND escalation_level = 1 AND next_fire_at IS NULL)::int AS done,
            (SELECT count(*)::int FROM case_event WHERE (after->>'deadlineId')::uuid = ANY($1::uuid[])) AS events,
            (SELECT count(DISTINCT (after->>'deadlineId', after->>'level'))::int FROM case_event WHERE (after->>'deadlineId')::uuid = ANY($1::uuid[])) AS distinct_events,
            (SELECT count(*)::int FROM audit_log WHERE subject_type = 'DEADLINE' AND subject_id = ANY($2::text[])) AS audits,
            (SELECT count(DISTINCT dedupe_key)::int FROM notification WHERE deadline_id = ANY($1::uuid[])) AS notes
       FROM deadline WHERE id = ANY($1::uuid[])`,
    [ids, ids],
  );
  return counts;
}

describe('deadline steps fired in batches', () => {
  let w1: TestWorker;
  let w2: TestWorker;
  let ds: DataSource;
  let clock: FixedClock;

  beforeAll(async () => {
    // Two workers on one clock, far behind real time: their own timers never ring during the test.
    clock = new FixedClock(new Date(Date.now() - 30 * 24 * HOUR));
    w1 = await startTestWorker({ clock });
    w2 = await startTestWorker({ clock });
    ds = w1.dataSource;
  });
  afterAll(async () => {
    await w1.close();
    await w2.close();
  });

  it('two workers fire more than two batches at once: every step exactly once, with its notification, timeline event and audit row', async () => {
    const police = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22' });
    const officer = await makeUser(ds, { role: Role.AGENCY_OFFICER, provinceCode: '22', agencyId: police.id });
    const supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    // An agency nobody works for: the case side hears it instead (the case's assignee).
    const silent = await makeAgency(ds, { type: AgencyType.HEALTH, provinceCode: '22' });
    const assignee = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    const c = await makeCase(ds, { status: 'INTERVENING', assigneeId: assignee.id });
    const dueAt = new Date(clock.now().getTime() - HOUR);
    const n = 2 * FIRE_BATCH + 100;
    const ids = await insertDue(ds, c.id, police.id, n, dueAt);
    const orphans = await insertDue(ds, c.id, silent.id, 3, dueAt);

    const [a, b] = [w1.app.get(DeadlineFiring), w2.app.get(DeadlineFiring)];
    const runs = await Promise.all([a.fireDue(), b.fireDue(), w1.app.get(DeadlineReconciler).fireOverdue(), a.wake(null), b.wake(null)]);
    // Every row was fired by exactly one of them.
    expect(runs[0].fired + runs[1].fired + runs[2] + (runs[3]?.fired ?? 0) + (runs[4]?.fired ?? 0)).toBe(n + 3);
    // Runs again: nothing is left.
    expect(await a.fireDue()).toEqual({ fired: 0, failed: 0 });

    expect(await perDeadline(ds, ids)).toEqual({ done: n, events: 2 * n, distinct_events: 2 * n, audits: 2 * n, notes: 2 * n });
    const notes = await ds.query(`SELECT type, user_id, count(*)::int AS n FROM notification WHERE deadline_id = ANY($1::uuid[]) GROUP BY type, user_id ORDER BY type`, [ids]);
    expect(notes).toEqual([
      { type: 'DEADLINE_ESCALATED', user_id: supervisor.id, n },
      { type: 'DEADLINE_OVERDUE', user_id: officer.id, n },
    ]);
    const orphanNotes = await ds.query(`SELECT type, user_id FROM notification WHERE deadline_id = ANY($1::uuid[]) ORDER BY type`, [orphans]);
    expect(orphanNotes.filter((x: { type: string }) => x.type === 'DEADLINE_OVERDUE').map((x: { user_id: string }) => x.user_id)).toEqual([assignee.id, assignee.id, assignee.id]);
    const [row] = await ds.query(`SELECT escalation_scope, overdue_at FROM deadline WHERE id = $1`, [ids[0]]);
    expect(row).toEqual({ escalation_scope: 'PROVINCE', overdue_at: clock.now() });
    const [{ chain }] = await ds.query(`SELECT count(*)::int AS chain FROM audit_chain_first_break()`);
    expect(chain).toBe(0);
  }, 120_000);

  it('a deadline that cannot fire holds back only itself, and fires once it can', async () => {
    const police = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22' });
    await makeUser(ds, { role: Role.AGENCY_OFFICER, provinceCode: '22', agencyId: police.id });
    const good = await makeCase(ds, { status: 'INTERVENING' });
    const bad = await makeCase(ds, { status: 'INTERVENING' });
    const dueAt = new Date(clock.now().getTime() - HOUR);
    const fine = await insertDue(ds, good.id, police.id, 20, dueAt);
    const [poison] = await insertDue(ds, bad.id, police.id, 1, dueAt);
    // The poisoned case's timeline refuses rows (a real failure inside the batch's transaction).
    await ds.query(`CREATE FUNCTION test_refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
    await ds.query(`CREATE TRIGGER test_refuse_event BEFORE INSERT ON case_event FOR EACH ROW WHEN (NEW.case_id = '${bad.id}') EXECUTE FUNCTION test_refuse_event()`);
    try {
      expect(await w1.app.get(DeadlineFiring).fireDue()).toEqual({ fired: 20, failed: 1 });
      expect(await perDeadline(ds, fine)).toMatchObject({ done: 20, events: 40, audits: 40, notes: 40 });
      expect(await perDeadline(ds, [poison])).toEqual({ done: 0, events: 0, distinct_events: 0, audits: 0, notes: 0 });
    } finally {
      await ds.query(`DROP TRIGGER test_refuse_event ON case_event`);
      await ds.query(`DROP FUNCTION test_refuse_event()`);
    }
    expect(await w2.app.get(DeadlineReconciler).run()).toMatchObject({ fired: 1 });
    expect(await perDeadline(ds, [poison])).toEqual({ done: 1, events: 2, distinct_events: 2, audits: 2, notes: 2 });
    expect(await perDeadline(ds, fine)).toMatchObject({ done: 20, events: 40, audits: 40, notes: 40 });
  }, 60_000);
});

describe('deadline timers wake the batch firer', () => {
  let w1: TestWorker;
  let w2: TestWorker;

  beforeAll(async () => {
    process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}t`;
    w1 = await startTestWorker();
    w2 = await startTestWorker();
  });
  afterAll(async () => {
    await w1.close();
    await w2.close();
  });

  it('600 timers ringing together (two workers) fire every step once', async () => {
    const ds = w1.dataSource;
    const police = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22' });
    await makeUser(ds, { role: Role.AGENCY_OFFICER, provinceCode: '22', agencyId: police.id });
    await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    const c = await makeCase(ds, { status: 'INTERVENING' });
    const dueAt = new Date(Date.now() + 3000);
    const n = 600;
    const ids = await insertDue(ds, c.id, police.id, n, dueAt);
    const timers = w1.app.get(DeadlineTimers);
    await timers.schedule(ids.map((id) => ({ id, status: DeadlineStatus.PENDING, escalationLevel: 0, dueAt, escalate1At: dueAt, escalate2At: null })));
    // The job knows when it was meant to ring: the firer's runs are shared on that basis.
    const job = await w1.app.get<Queue>(getQueueToken(DEADLINES_QUEUE)).getJob(`deadline:${ids[0]}:0`);
    expect(Math.abs(timerDueAt(job!)! - dueAt.getTime())).toBeLessThan(50);

    await until('every step to fire', async () => (await perDeadline(ds, ids)).done === n);
    // The timers left in the queues ring and find nothing to do; a reconciler run neither.
    const queue = w1.app.get<Queue>(getQueueToken(DEADLINES_QUEUE));
    await until('the timers to be taken', async () => (await queue.getJobs(['delayed', 'wait', 'active'])).every((j) => j.name !== 'fire'));
    expect(await w2.app.get(DeadlineReconciler).run()).toEqual({ fired: 0, rescheduled: 0 });
    expect(await perDeadline(ds, ids)).toEqual({ done: n, events: 2 * n, distinct_events: 2 * n, audits: 2 * n, notes: 2 * n });
  }, 90_000);
});
