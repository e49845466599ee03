import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { makeAgency, makeCase } from '../support/factories';
import { AgencyType } from '../../src/referrals/enums';
import { OUTBOX_BATCH_SIZE, OutboxHandlers } from '../../src/database/outbox.relay';
import { AuditService } from '../../src/audit/audit.service';

/** Appends events in one statement, so the relay sees them all at once and takes them in one batch. */
async function appendAll(ds: DataSource, events: { type: string; aggregateId: string; payload: Record<string, unknown> }[]): Promise<string[]> {
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO outbox_event (occurred_at, type, aggregate_type, aggregate_id, payload)
     SELECT now(), e.type, 'TEST', e.aggregate_id, e.payload FROM unnest($1::text[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS e(type, aggregate_id, payload, n)
      ORDER BY e.n RETURNING id`,
    [events.map((e) => e.type), events.map((e) => e.aggregateId), events.map((e) => JSON.stringify(e.payload))],
  );
  return rows.map((r) => String(r.id)).sort((a, b) => Number(a) - Number(b));
}

/** The relay in batches: routing of many cases at once, a failing event inside a batch, two workers. */
describe('outbox relay in batches', () => {
  let t: TestApp;
  let w: TestWorker;
  let ds: DataSource;
  const eventRow = async (id: string) => (await ds.query(`SELECT attempts, processed_at IS NOT NULL AS done, last_error FROM outbox_event WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    w = await startTestWorker();
    ds = t.dataSource;
  });
  afterAll(async () => {
    await w.close();
    await t.close();
  });

  it('routes a batch of children in immediate danger together, each with the records one at a time would leave, and reports a gap once', async () => {
    const police22 = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22' });
    const police31 = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '31' });
    const cases: { id: string; caseNumber: string; police: string | null }[] = [];
    for (let i = 0; i < 40; i++) {
      // Province 01 has no police agency in this database: a routing gap.
      const [provinceCode, communeCode, police] = i % 10 === 9 ? ['01', null, null] : i % 2 ? ['31', null, police31.id] : ['22', '06652', police22.id];
      const c = await makeCase(ds, { immediateDanger: true, riskLevel: 'CRITICAL', abuseTypes: ['PHYSICAL_VIOLENCE'], provinceCode, communeCode });
      cases.push({ ...c, police });
    }
    // Each case opened, and the same case's emergency measure right after: the second event must see the
    // referral the first one made in the same batch and refer nothing again.
    const opened = cases.map((c) => ({
      type: 'CASE_OPENED',
      aggregateId: c.id,
      payload: { caseId: c.id, caseNumber: c.caseNumber, openedAt: new Date().toISOString(), riskLevel: 'CRITICAL', immediateDanger: true },
    }));
    const measures = cases
      .slice(0, 5)
      .map((c) => ({ type: 'CASE_EMERGENCY_MEASURE', aggregateId: c.id, payload: { caseId: c.id, caseNumber: c.caseNumber, at: new Date().toISOString() } }));
    const ids = await appendAll(ds, [...opened, ...measures]);
    await w.drain();

    for (const id of ids) expect(await eventRow(id)).toEqual({ attempts: 1, done: true, last_error: null });
    for (const c of cases) {
      const referrals: { id: string; agency_id: string; status: string; source_event_id: string; explanation: string }[] = await ds.query(
        `SELECT id, agency_id, status, source_event_id::text, explanation FROM referral WHERE case_id = $1`,
        [c.id],
      );
      const timeline: { type: string; after: Record<string, unknown> }[] = await ds.query(`SELECT type, after FROM case_event WHERE case_id = $1 ORDER BY id`, [c.id]);
      if (c.police === null) {
        expect(referrals).toEqual([]);
        expect(timeline.map((e) => e.type)).toEqual(['ROUTING_NO_AGENCY']);
        expect(await ds.query(`SELECT 1 FROM outbox_event WHERE type = 'ROUTING_NO_AGENCY' AND aggregate_id = $1`, [c.id])).toHaveLength(1);
        continue;
      }
      expect(referrals).toHaveLength(1);
      const [r] = referrals;
      expect(r).toMatchObject({ agency_id: c.police, status: 'SENT', source_event_id: ids[cases.indexOf(c)] });
      expect(timeline).toEqual([
        {
          type: 'REFERRAL_SENT',
          after: { referralId: r.id, agencyType: 'POLICE', agencyId: c.police, agencyName: expect.any(String), explanation: r.explanation, status: 'SENT', byHand: false },
        },
      ]);
      expect(await ds.query(`SELECT type, to_status, data->'explanation' AS explanation FROM referral_event WHERE referral_id = $1`, [r.id])).toEqual([
        { type: 'REFERRAL_SENT', to_status: 'SENT', explanation: r.explanation },
      ]);
      expect(await ds.query(`SELECT action, after->>'caseId' AS case_id FROM audit_log WHERE subject_type = 'REFERRAL' AND subject_id = $1`, [r.id])).toEqual([
        { action: 'REFERRAL_SENT', case_id: c.id },
      ]);
      // Its REFERRAL_SENT event was delivered too: the agency's acknowledgement deadline runs.
      const [sent] = await ds.query(`SELECT processed_at IS NOT NULL AS done, payload FROM outbox_event WHERE type = 'REFERRAL_SENT' AND aggregate_id = $1`, [r.id]);
      expect(sent).toMatchObject({ done: true, payload: { referralId: r.id, caseId: c.id, caseNumber: c.caseNumber, agencyType: 'POLICE', status: 'SENT', actorId: null } });
      expect(await ds.query(`SELECT status FROM deadline WHERE subject_type = 'REFERRAL' AND subject_id = $1`, [r.id])).not.toHaveLength(0);
    }
    // Redelivered (as after a crash between the handlers and the commit), the events refer and report nothing twice.
    await ds.query(`UPDATE outbox_event SET processed_at = NULL WHERE id = ANY($1::bigint[])`, [ids]);
    await w.drain();
    const [{ referrals, gaps }] = await ds.query(
      `SELECT (SELECT count(*)::int FROM referral WHERE case_id = ANY($1::uuid[])) AS referrals,
              (SELECT count(*)::int FROM case_event WHERE type = 'ROUTING_NO_AGENCY' AND case_id = ANY($1::uuid[])) AS gaps`,
      [cases.map((c) => c.id)],
    );
    expect({ referrals, gaps }).toEqual({ referrals: 36, gaps: 4 });
    expect(await w.app.get(AuditService).verifyChain()).toMatchObject({ ok: true });
  }, 60_000);

  it('a failing event fails alone: the others of its batch commit with their effects, once', async () => {
    const committed: string[] = [];
    const handlers = w.app.get(OutboxHandlers);
    // A per-event handler that fails for one event: that event is named, the batch runs again without it.
    handlers.register('TEST_EACH', async (event, manager) => {
      if (event.payload.poison === true) throw new Error('each: poison');
      await manager.query(`SELECT 1`);
      return async () => void committed.push(`each:${event.aggregateId}`);
    });
    // A batch handler that fails for the whole batch when one event is bad: the batch is redone event by event.
    handlers.registerBatch('TEST_ALL', async (events) => {
      if (events.some((e) => e.payload.poison === true)) throw new Error('all: poison');
      return async () => void committed.push(...events.map((e) => `all:${e.aggregateId}`));
    });
    const events = [
      ...['a', 'b', 'c'].map((k) => ({ type: 'TEST_EACH', aggregateId: k, payload: { poison: k === 'b' } })),
      ...['d', 'e', 'f'].map((k) => ({ type: 'TEST_ALL', aggregateId: k, payload: { poison: k === 'e' } })),
    ];
    const ids = await appendAll(ds, events);
    await w.drain();
    expect(committed.sort()).toEqual(['all:d', 'all:f', 'each:a', 'each:c']);
    const rows = await Promise.all(ids.map(eventRow));
    expect(rows.map((r: { done: boolean }) => r.done)).toEqual([true, false, true, true, false, true]);
    // Failed events are retried (the first retry at once): each failure counted once per delivery.
    expect(rows[1]).toMatchObject({ attempts: 2, last_error: 'each: poison' });
    expect(rows[4]).toMatchObject({ attempts: 2, last_error: 'all: poison' });
    for (const i of [0, 2, 3, 5]) expect(rows[i]).toMatchObject({ attempts: 1, last_error: null });
  });

  it('two workers draining at once process every event exactly once', async () => {
    const w2 = await startTestWorker();
    try {
      const seen = new Map<string, number>();
      for (const worker of [w, w2]) {
        worker.app.get(OutboxHandlers).register('TEST_COUNT', async (event) => async () => void seen.set(event.id, (seen.get(event.id) ?? 0) + 1));
      }
      const n = 3 * OUTBOX_BATCH_SIZE + 17;
      const ids = await appendAll(
        ds,
        Array.from({ length: n }, (_, i) => ({ type: 'TEST_COUNT', aggregateId: `n${i}`, payload: {} })),
      );
      await Promise.all([w.drain(), w2.drain(), w.drain()]);
      await w.drain();
      expect(seen.size).toBe(n);
      expect([...seen.values()].every((v) => v === 1)).toBe(true);
      const [{ pending, repeated }] = await ds.query(
        `SELECT count(*) FILTER (WHERE processed_at IS NULL)::int AS pending, count(*) FILTER (WHERE attempts <> 1)::int AS repeated FROM outbox_event WHERE id = ANY($1::bigint[])`,
        [ids],
      );
      expect({ pending, repeated }).toEqual({ pending: 0, repeated: 0 });
    } finally {
      await w2.close();
    }
  }, 60_000);
});
