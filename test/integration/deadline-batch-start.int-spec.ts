import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { makeAgency, makeCase, makeUser } from '../support/factories';
import { AgencyType } from '../../src/referrals/enums';
import { Role } from '../../src/common/access/roles';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pg = require('pg') as { Client: { prototype: { query: (...args: unknown[]) => unknown } } };

/** Counts the statements sent to PostgreSQL (each Client.query is one round trip) while `work` runs. */
async function roundTrips(work: () => Promise<unknown>): Promise<{ total: number; byStatement: Record<string, number> }> {
  const original = pg.Client.prototype.query;
  const byStatement: Record<string, number> = {};
  let total = 0;
  pg.Client.prototype.query = function counted(this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const sql = (typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').trim().slice(0, 60);
    byStatement[sql] = (byStatement[sql] ?? 0) + 1;
    total++;
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    pg.Client.prototype.query = original;
  }
  return { total, byStatement };
}

async function appendOpened(ds: DataSource, cases: { id: string; caseNumber: string }[]): Promise<string[]> {
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO outbox_event (occurred_at, type, aggregate_type, aggregate_id, payload)
     SELECT now(), 'CASE_OPENED', 'CASE', e.aggregate_id, e.payload FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS e(aggregate_id, payload, n)
      ORDER BY e.n RETURNING id`,
    [
      cases.map((c) => c.id),
      cases.map((c) => JSON.stringify({ caseId: c.id, caseNumber: c.caseNumber, openedAt: new Date().toISOString(), riskLevel: 'CRITICAL', immediateDanger: true })),
    ],
  );
  return rows.map((r) => String(r.id));
}

describe('deadlines started for a batch of events', () => {
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

  it('200 children in immediate danger: three deadlines each, with round trips that do not grow with the events', async () => {
    await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22' });
    const cases: { id: string; caseNumber: string }[] = [];
    for (let i = 0; i < 200; i++)
      cases.push(await makeCase(ds, { immediateDanger: true, riskLevel: 'CRITICAL', abuseTypes: ['PHYSICAL_VIOLENCE'], provinceCode: '22', communeCode: '06652' }));
    await appendOpened(ds, cases);
    const counted = await roundTrips(() => w.drain());
    // One event at a time this was about 1,000 (five per deadline): now a few per batch of events, whatever
    // their number (two batches here: the CASE_OPENED events, then the REFERRAL_SENT events routing wrote).
    expect(counted.total).toBeLessThan(60);
    const rows: { key: string; n: number }[] = await ds.query(
      `SELECT key, count(*)::int AS n FROM deadline WHERE case_id = ANY($1::uuid[]) AND status = 'PENDING' GROUP BY key ORDER BY key`,
      [cases.map((c) => c.id)],
    );
    expect(rows).toEqual([
      { key: 'CASE_ASSESSMENT', n: 200 },
      { key: 'REFERRAL_ACKNOWLEDGE', n: 200 },
      { key: 'URGENT_PROTECTION', n: 200 },
    ]);
  }, 120_000);

  it('events of one case in one batch find what handling them one by one would have left, and redelivery starts nothing twice', async () => {
    const worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    const open = () => makeCase(ds, { immediateDanger: true, riskLevel: 'CRITICAL', abuseTypes: ['NEGLECT'], provinceCode: '01', communeCode: null });
    const [measured, closed, linked, assigned, reopened, plain] = [await open(), await open(), await open(), await open(), await open(), await open()];
    await ds.query(`UPDATE protection_case SET assignee_id = $2 WHERE id = $1`, [assigned.id, worker.id]);
    await ds.query(`UPDATE protection_case SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [closed.id]);
    const at = new Date().toISOString();
    const opened = (c: { id: string; caseNumber: string }) => ({
      type: 'CASE_OPENED',
      aggregateId: c.id,
      payload: { caseId: c.id, caseNumber: c.caseNumber, openedAt: at, riskLevel: 'CRITICAL', immediateDanger: true },
    });
    const event = (type: string, c: { id: string }, payload: Record<string, unknown> = {}) => ({ type, aggregateId: c.id, payload: { caseId: c.id, at, ...payload } });
    const events = [
      opened(measured),
      opened(closed),
      opened(linked),
      opened(assigned),
      opened(plain),
      opened(reopened),
      // An urgent measure right after the opening meets the urgent-protection deadline just started.
      event('CASE_EMERGENCY_MEASURE', measured),
      // The case closed in the same batch: what its opening started is cancelled (and the case is CLOSED
      // when the batch runs, so its opening starts nothing anyway).
      event('CASE_CLOSED', closed),
      // A second report of danger while urgent protection is open: still one deadline, the first one's.
      event('REPORT_LINKED', linked, { immediateDanger: true, riskLevel: 'CRITICAL', receivedAt: new Date(Date.now() + 3_600_000).toISOString() }),
      // Assigned after the opening: the new deadlines carry the assignee, then none.
      event('CASE_ASSIGNED', assigned, { assigneeId: null }),
      // Opened, closed and reopened in one batch: what the opening started is cancelled, the assessment starts again.
      event('CASE_CLOSED', reopened),
      event('CASE_REOPENED', reopened),
    ];
    const rows: { id: string }[] = await ds.query(
      `INSERT INTO outbox_event (occurred_at, type, aggregate_type, aggregate_id, payload)
       SELECT now(), e.type, 'CASE', e.aggregate_id, e.payload FROM unnest($1::text[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS e(type, aggregate_id, payload, n)
        ORDER BY e.n RETURNING id`,
      [events.map((e) => e.type), events.map((e) => e.aggregateId), events.map((e) => JSON.stringify(e.payload))],
    );
    const ids = rows.map((r) => String(r.id));
    await w.drain();
    type Row = { case_id: string; key: string; status: string; assignee_id: string | null; started_at: Date; source_event_id: string };
    const state = (): Promise<Row[]> =>
      ds.query<Row[]>(`SELECT case_id, key, status, assignee_id, started_at, source_event_id::text FROM deadline WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, key, status`, [
        [measured.id, closed.id, linked.id, assigned.id, reopened.id, plain.id],
      ]);
    const after = await state();
    const of = (c: { id: string }) => after.filter((d) => d.case_id === c.id).map((d) => `${d.key}:${d.status}`);
    expect(of(measured)).toEqual(['CASE_ASSESSMENT:PENDING', 'URGENT_PROTECTION:MET']);
    expect(of(closed)).toEqual([]);
    expect(of(linked)).toEqual(['CASE_ASSESSMENT:PENDING', 'URGENT_PROTECTION:PENDING']);
    expect(after.find((d) => d.case_id === linked.id && d.key === 'URGENT_PROTECTION')).toMatchObject({ started_at: new Date(at), source_event_id: ids[2] });
    expect(of(assigned)).toEqual(['CASE_ASSESSMENT:PENDING', 'URGENT_PROTECTION:PENDING']);
    expect(after.filter((d) => d.case_id === assigned.id).map((d) => d.assignee_id)).toEqual([null, null]);
    expect(of(reopened)).toEqual(['CASE_ASSESSMENT:CANCELLED', 'CASE_ASSESSMENT:PENDING', 'URGENT_PROTECTION:CANCELLED']);
    expect(after.filter((d) => d.case_id === reopened.id).map((d) => d.source_event_id)).toEqual([ids[5], ids[11], ids[5]]);
    expect(of(plain)).toEqual(['CASE_ASSESSMENT:PENDING', 'URGENT_PROTECTION:PENDING']);

    // The events that start deadlines delivered again (as after a crash before the commit): nothing starts twice.
    const starting = ids.filter((_, i) => ['CASE_OPENED', 'REPORT_LINKED', 'CASE_REOPENED'].includes(events[i].type));
    await ds.query(`UPDATE outbox_event SET processed_at = NULL WHERE id = ANY($1::bigint[])`, [starting]);
    await w.drain();
    expect(await state()).toEqual(after);
    expect(await ds.query(`SELECT count(*)::int AS n FROM outbox_event WHERE id = ANY($1::bigint[]) AND processed_at IS NULL`, [ids])).toEqual([{ n: 0 }]);
  });
});
