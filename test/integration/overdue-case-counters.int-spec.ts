import { DataSource, QueryRunner } from 'typeorm';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { makeCase, makeDeadlineRow, makeUser } from '../support/factories';
import { until } from '../support/private-redis';
import { Role } from '../../src/identity/enums';

const HOUR = 3_600_000;

/**
 * The overdue-case counters (migration 1764870000001) when several transactions change the obligations of one
 * case at once: a case is counted once while it has an overdue obligation, whichever transaction marks or
 * meets which, and moves with its assignee. Each step ends equal to a recount from scratch.
 */
describe('overdue-case counters under concurrent writers of one case', () => {
  let w: TestWorker;
  let ds: DataSource;

  beforeAll(async () => {
    w = await startTestWorker();
    ds = w.dataSource;
  });
  afterAll(async () => {
    await w.close();
  });

  /** The case's counters (folded and pending) by assignee, and its kept count of overdue obligations. */
  const state = async (caseId: string) => ({
    counted: await ds.query(
      `SELECT k1 AS assignee, k2 AS key, sum(n)::int AS n FROM (
         SELECT k1, k2, n FROM stat_count WHERE metric = 'overdue_case' AND grain = 'D' AND commune_code = '06652'
         UNION ALL SELECT k1, k2, n FROM stat_delta WHERE metric = 'overdue_case' AND commune_code = '06652') x
        GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`,
    ),
    kept: (await ds.query(`SELECT n FROM supervision_overdue_case WHERE case_id = $1`, [caseId])).map((r: { n: number }) => r.n),
  });
  /** The same state recounted from the projection. */
  const recounted = async (caseId: string) => {
    await ds.transaction((m) => m.query(`SELECT supervision_rebuild_overdue_cases()`));
    return state(caseId);
  };
  const waitingOnLock = async () =>
    (await ds.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'UPDATE%deadline%'`)).length > 0;

  /** Runs `first` in an open transaction, then `second` in another that must wait for it; commits both. */
  async function interleaved(first: (q: QueryRunner) => Promise<unknown>, second: (q: QueryRunner) => Promise<unknown>, waits: boolean): Promise<void> {
    const a = ds.createQueryRunner();
    const b = ds.createQueryRunner();
    await a.connect();
    await b.connect();
    try {
      await a.startTransaction();
      await first(a);
      await b.startTransaction();
      const pending = second(b);
      if (waits) await until('the second writer waits', waitingOnLock, 10_000);
      await a.commitTransaction();
      await pending;
      await b.commitTransaction();
    } finally {
      await a.release();
      await b.release();
    }
  }
  type Queries = { query: (sql: string, params?: unknown[]) => Promise<unknown> };
  const mark = (id: string) => (q: Queries) => q.query(`UPDATE deadline SET status = 'OVERDUE', overdue_at = due_at, version = version + 1 WHERE id = $1`, [id]);
  const meet = (id: string) => (q: Queries) => q.query(`UPDATE deadline SET status = 'MET', met_at = now(), next_fire_at = NULL, version = version + 1 WHERE id = $1`, [id]);

  it('counts a case once whichever transaction marks or meets its obligations, and moves it with its assignee', async () => {
    const worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', communeCode: '06652' });
    const other = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', communeCode: '06652' });
    const c = await makeCase(ds, { status: 'ASSESSING', riskLevel: 'HIGH', provinceCode: '22', communeCode: '06652', assigneeId: worker.id });
    // Due later than now: no firer of the worker touches them; the test marks them itself.
    const due = new Date(Date.now() + 2 * HOUR);
    const row = (key: string) =>
      makeDeadlineRow(ds, { key, caseId: c.id, startedAt: new Date(due.getTime() - HOUR), dueAt: due, status: 'PENDING', provinceCode: '22', communeCode: '06652' });
    const first = await row('CASE_ASSESSMENT');
    const second = await row('URGENT_PROTECTION');
    expect(await state(c.id)).toEqual({ counted: [], kept: [] });

    // Both marked at once: the second waits for the first's count of the case, then adds to it.
    await interleaved(mark(first), mark(second), true);
    const bothOverdue = { counted: [{ assignee: worker.id, key: 'HIGH|ASSESSING', n: 1 }], kept: [2] };
    expect(await state(c.id)).toEqual(bothOverdue);
    expect(await recounted(c.id)).toEqual(bothOverdue);

    // Reassigned while a deadline is met: the met one waits for the case (its trigger takes the case first).
    await interleaved((q) => q.query(`UPDATE protection_case SET assignee_id = $2, version = version + 1 WHERE id = $1`, [c.id, other.id]), meet(first), true);
    const moved = { counted: [{ assignee: other.id, key: 'HIGH|ASSESSING', n: 1 }], kept: [1] };
    expect(await state(c.id)).toEqual(moved);
    expect(await recounted(c.id)).toEqual(moved);

    // Marked again and met at once: still counted (one overdue left), then not at all once the last is met.
    await interleaved(meet(second), (q) => q.query(`UPDATE deadline SET status = 'OVERDUE', met_at = NULL, overdue_at = due_at WHERE id = $1`, [first]), false);
    expect(await state(c.id)).toEqual(moved);
    await meet(first)(ds);
    expect(await state(c.id)).toEqual({ counted: [], kept: [] });
    expect(await recounted(c.id)).toEqual({ counted: [], kept: [] });
  });
});
