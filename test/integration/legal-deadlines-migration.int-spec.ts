import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';
import { makeCase } from '../support/factories';

const FIRST = 1764630000001;
const stamp = (name: string) => Number(/(\d{13})$/.exec(name)?.[1] ?? 0);

/**
 * Existing data through the legal-deadlines migrations: pending deadlines keep their due times and learn
 * their basis; defaults change only where an administrator had not edited them.
 */
describe('migrating deadlines to the law', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = createDataSource(process.env.DATABASE_URL!, 2);
    await ds.initialize();
  });
  afterAll(() => ds.destroy());

  it('keeps pending due times, adds kind and basis, moves untouched defaults to the law', async () => {
    for (;;) {
      const [last] = await ds.query(`SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`);
      if (stamp(last.name) < FIRST) break;
      await ds.undoLastMigration({ transaction: 'each' });
    }
    await ds.query(`DELETE FROM deadline_policy`);
    const row = (key: string, duration: string, workingDays: boolean) =>
      ds.query(`INSERT INTO deadline_policy (key, duration, working_days, by_risk, escalate_after, version) VALUES ($1, $2, $3, '{}', '[]', 1)`, [key, duration, workingDays]);
    await row('CASE_PLAN', 'P7D', true);
    await row('CASE_REVIEW', 'P20D', false); // edited by an administrator
    await row('REFERRAL_COMPLETE', 'P30D', false);
    const { id: caseId } = await makeCase(ds, {});
    const dueAt = new Date('2026-12-09T03:00:00Z');
    const [d] = await ds.query(
      `INSERT INTO deadline (key, subject_type, subject_id, case_id, started_at, due_at, status, next_fire_at, policy, version)
       VALUES ('CASE_PLAN', 'CASE', $1, $1, '2026-11-30T03:00:00Z', $2, 'PENDING', $2, $3, 1) RETURNING id`,
      [caseId, dueAt, JSON.stringify({ duration: 'P7D', workingDays: true, escalateAfter: ['PT24H', 'P3D'], policyVersion: 1 })],
    );

    await ds.runMigrations({ transaction: 'each' });

    const [after] = await ds.query(`SELECT due_at, next_fire_at, status, policy FROM deadline WHERE id = $1`, [d.id]);
    expect(after.due_at).toEqual(dueAt);
    expect(after.next_fire_at).toEqual(dueAt);
    expect(after.policy).toEqual({
      duration: 'P7D',
      workingDays: true,
      escalateAfter: ['PT24H', 'P3D'],
      policyVersion: 1,
      kind: 'LEGAL',
      legalBasis: 'Nghị định 56/2017/NĐ-CP, Điều 28 khoản 1',
    });
    const policies = Object.fromEntries(
      (await ds.query(`SELECT key, duration, kind, legal_basis, by_agency_type, basis_by_agency_type FROM deadline_policy`)).map((p: { key: string }) => [p.key, p]),
    );
    expect(policies.CASE_PLAN).toMatchObject({ duration: 'P5D', kind: 'LEGAL' });
    expect(policies.CASE_REVIEW).toMatchObject({ duration: 'P20D', kind: 'POLICY' });
    expect(policies.REFERRAL_COMPLETE).toMatchObject({ duration: 'P30D', kind: 'POLICY', by_agency_type: { POLICE: 'P20D' } });
    expect(policies.REFERRAL_COMPLETE.basis_by_agency_type.POLICE).toMatchObject({
      kind: 'LEGAL',
      legalBasis: 'Bộ luật Tố tụng hình sự 2015, Điều 147 khoản 1',
      extensions: [expect.objectContaining({ from: 'START', duration: 'P2M' }), expect.objectContaining({ from: 'DUE', approval: 'Viện kiểm sát' })],
    });
    // The new obligations' policies are seeded at start-up from the defaults (deadlines.sync.ts), not here.
    expect(policies.URGENT_PROTECTION).toBeUndefined();
  });
});
