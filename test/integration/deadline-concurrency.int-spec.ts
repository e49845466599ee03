import { DataSource, QueryRunner } from 'typeorm';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { appendOutboxEvent, makeCase, makeDeadlineRow, makeUser } from '../support/factories';
import { pauseRedis, until, usePrivateRedis } from '../support/private-redis';
import { LocalRedis } from '../../src/local/redis-server';
import { Role } from '../../src/identity/enums';
import { DeadlineReconciler, FIRE_OVERDUE_LOCK } from '../../src/deadlines/deadline-reconciler';

const HOUR = 3_600_000;

/** Two workers on one PostgreSQL and one Redis: deadlines under concurrent relays and with Redis away. */
describe('deadlines with two workers', () => {
  let redis: LocalRedis;
  let w1: TestWorker;
  let w2: TestWorker;
  let ds: DataSource;

  /** Backends of this test's database waiting for a lock while running a statement like `pattern`. */
  const waitingOnLock = async (pattern: string): Promise<boolean> => {
    const rows = await ds.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE $1`, [pattern]);
    return rows.length > 0;
  };
  /** The case to PLANNING and its CASE_STATUS_CHANGED event, in one transaction. */
  const movedToPlanning = (caseId: string) =>
    ds.transaction(async (m) => {
      await m.query(`UPDATE protection_case SET status = 'PLANNING', version = version + 1 WHERE id = $1`, [caseId]);
      await m.query(`INSERT INTO outbox_event (occurred_at, type, aggregate_type, aggregate_id, payload) VALUES (now(), 'CASE_STATUS_CHANGED', 'CASE', $1, $2)`, [
        caseId,
        JSON.stringify({ caseId, from: 'RECEIVED', to: 'PLANNING', status: 'PLANNING', riskLevel: 'HIGH', at: new Date().toISOString() }),
      ]);
    });
  const allDelivered = async () => (await ds.query(`SELECT count(*)::int AS n FROM outbox_event WHERE processed_at IS NULL`))[0].n === 0;

  beforeAll(async () => {
    redis = await usePrivateRedis();
    // The table-only firing runs every second here (the reconciler's interval).
    w1 = await startTestWorker({ reconcileIntervalMs: 1000 });
    w2 = await startTestWorker({ reconcileIntervalMs: 1000 });
    ds = w1.dataSource;
  });
  afterAll(async () => {
    await w1.close();
    await w2.close();
    await redis.stop();
  });

  it('a case moved to PLANNING while another worker starts its assessment deadline leaves no PENDING assessment', async () => {
    const c = await makeCase(ds, { status: 'RECEIVED' });
    // An uncommitted deadline of the same obligation holds the worker that handles CASE_OPENED inside its
    // insert (the unique index of open deadlines waits for it): after its status check, before its commit.
    const blocker: QueryRunner = ds.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    let moved: Promise<void> | null = null;
    try {
      await blocker.query(
        `INSERT INTO deadline (key, subject_type, subject_id, case_id, started_at, due_at, status, escalation_level, next_fire_at, policy, version)
         VALUES ('CASE_ASSESSMENT', 'CASE', $1, $1, now(), now() + interval '30 days', 'PENDING', 0, now() + interval '30 days', '{}', 1)`,
        [c.id],
      );
      await appendOutboxEvent(ds, 'CASE_OPENED', 'CASE', c.id, { caseId: c.id, caseNumber: c.caseNumber, openedAt: new Date().toISOString(), riskLevel: 'HIGH' });
      await until('a worker to wait inside its deadline insert', () => waitingOnLock('INSERT INTO deadline%'));

      // Meanwhile the case moves on to PLANNING (as the API would), and the other worker is free to handle it.
      // (A plain UPDATE: the uncommitted deadline's foreign key holds a KEY SHARE lock on the case, which a
      // SELECT … FOR UPDATE would wait for whatever the worker does.)
      let done = false;
      moved = movedToPlanning(c.id).then(() => {
        done = true;
      });
      await until('the move to commit or to wait for the worker', async () => done || (await waitingOnLock('UPDATE protection_case%')));
      if (done) {
        // Unlocked read: the move committed and its event can be handled before the first worker commits.
        await until('the move to be handled', async () => {
          const [e] = await ds.query(`SELECT processed_at FROM outbox_event WHERE type = 'CASE_STATUS_CHANGED' AND aggregate_id = $1`, [c.id]);
          return e?.processed_at;
        });
      }
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    await moved;
    await until('every event to be delivered', allDelivered);

    const deadlines = await ds.query(`SELECT key, status FROM deadline WHERE case_id = $1 ORDER BY key`, [c.id]);
    expect(deadlines).toEqual([
      { key: 'CASE_ASSESSMENT', status: 'MET' },
      { key: 'CASE_PLAN', status: 'PENDING' },
    ]);
  }, 60_000);

  it('one worker at a time fires from the table (PostgreSQL advisory lock)', async () => {
    const c = await makeCase(ds, { status: 'ASSESSING' });
    const holder = ds.createQueryRunner();
    await holder.connect();
    let id: string;
    try {
      await holder.query(`SELECT pg_advisory_lock($1)`, [FIRE_OVERDUE_LOCK]);
      id = await makeDeadlineRow(ds, {
        key: 'CASE_ASSESSMENT',
        caseId: c.id,
        startedAt: new Date(Date.now() - 3 * HOUR),
        dueAt: new Date(Date.now() - 2 * HOUR),
        status: 'PENDING',
        provinceCode: '22',
      });
      expect(await w1.app.get(DeadlineReconciler).fireOverdueFromTable()).toBeNull();
      expect(await w2.app.get(DeadlineReconciler).fireOverdueFromTable()).toBeNull();
      expect((await ds.query(`SELECT status FROM deadline WHERE id = $1`, [id]))[0].status).toBe('PENDING');
    } finally {
      await holder.query(`SELECT pg_advisory_unlock($1)`, [FIRE_OVERDUE_LOCK]);
      await holder.release();
    }
    await until('the deadline to fire', async () => (await ds.query(`SELECT status FROM deadline WHERE id = $1`, [id]))[0].status === 'OVERDUE');
  }, 60_000);

  it('overdue steps fire, exactly once, while Redis does not answer', async () => {
    const supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    const c = await makeCase(ds, { status: 'ASSESSING' });
    const pause = await pauseRedis(redis.url, 10_000);
    try {
      // Past due, and no timer in Redis: only a run from the table can fire it.
      const id = await makeDeadlineRow(ds, {
        key: 'CASE_ASSESSMENT',
        caseId: c.id,
        startedAt: new Date(Date.now() - 3 * HOUR),
        dueAt: new Date(Date.now() - 2 * HOUR),
        status: 'PENDING',
        provinceCode: '22',
      });
      await until('the overdue step to fire', async () => (await ds.query(`SELECT status FROM deadline WHERE id = $1`, [id]))[0].status === 'OVERDUE', 8_000);
      expect(pause.over()).toBe(false);
      // Both workers keep running their table scans: nothing fires twice.
      await w1.app.get(DeadlineReconciler).fireOverdueFromTable();
      await w2.app.get(DeadlineReconciler).fireOverdueFromTable();
      const events = await ds.query(`SELECT type FROM case_event WHERE case_id = $1 AND type LIKE 'DEADLINE_%'`, [c.id]);
      expect(events).toEqual([{ type: 'DEADLINE_OVERDUE' }]);
      const notes = await ds.query(`SELECT user_id, type FROM notification WHERE deadline_id = $1`, [id]);
      expect(notes).toEqual([{ user_id: supervisor.id, type: 'DEADLINE_OVERDUE' }]);
    } finally {
      await pause.ended;
    }
  }, 60_000);
});
