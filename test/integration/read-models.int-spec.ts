import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { makeAgency, makeAgencyOfficer, makeUser } from '../support/factories';
import { callBody } from '../support/payloads';
import { FixedClock } from '../../src/common/clock';
import { Principal } from '../../src/common/access/principal';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { AgencyType } from '../../src/referrals/enums';
import { DeadlineReconciler } from '../../src/deadlines/deadline-reconciler';
import { DashboardService } from '../../src/supervision/dashboard.service';
import { StatisticsService } from '../../src/supervision/statistics.service';
import { ReadModelsRepository } from '../../src/supervision/read-models.repository';
import { OverdueQueryDto } from '../../src/supervision/dto/overdue-query.dto';
import { StatisticsQueryDto } from '../../src/supervision/dto/statistics-query.dto';

const HOUR = 3_600_000;
const vn = (local: string) => new Date(`${local}+07:00`);

/** A small seeded generator (mulberry32): the same workload on every run, printed seed to replay another. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES: { provinceCode?: string; communeCode?: string }[] = [
  { provinceCode: '22', communeCode: '06652' },
  { provinceCode: '22', communeCode: '06658' },
  { provinceCode: '22' },
  { provinceCode: '31', communeCode: '10507' },
  {},
];
const OUTCOME: Partial<Record<AgencyType, string>> = { POLICE: 'PROSECUTION_OPENED', HEALTH: 'FORENSIC_ASSESSMENT_DONE', SOCIAL_SERVICES: 'PSYCHOSOCIAL_SUPPORT' };

/**
 * The read models (statistics counters, projection of obligations) against a from-scratch count: a randomised
 * workload through the real API and worker (cases opened by call, placed from triage, assigned, assessed,
 * referred, referrals worked, deadlines passing on an injected clock, closures and reopenings), then every
 * dashboard and statistics answer from the read models equals the one computed from the transactional
 * tables, before and after the deltas are folded, and a rebuild changes no counter.
 */
describe('supervision read models', () => {
  const seed = Number(process.env.READ_MODELS_SEED ?? 20261201);
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  let t: TestApp;
  let w: TestWorker;
  let ds: DataSource;
  let clock: FixedClock;
  let operator: User;
  let worker: User;
  let supQn: User;
  let supHp: User;
  let supCommune: User;
  let supNational: User;
  const officers: User[] = [];
  const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  const principal = (u: User): Principal => ({
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    role: u.role,
    jurisdictionLevel: u.jurisdictionLevel,
    provinceCode: u.provinceCode,
    communeCode: u.communeCode,
    agencyId: u.agencyId,
    agencyType: null,
  });

  beforeAll(async () => {
    clock = new FixedClock(vn('2026-02-20T09:00:00'));
    t = await startTestApp({ clock });
    w = await startTestWorker({ clock });
    ds = t.dataSource;
    operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR });
    worker = await makeUser(ds, { role: Role.CASE_WORKER });
    supQn = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    supHp = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '31' });
    supCommune = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22', communeCode: '06652' });
    supNational = await makeUser(ds, { role: Role.SUPERVISOR });
    for (const provinceCode of ['22', '31']) {
      for (const type of [AgencyType.POLICE, AgencyType.HEALTH, AgencyType.SOCIAL_SERVICES]) {
        officers.push(await makeAgencyOfficer(ds, await makeAgency(ds, { type, provinceCode })));
      }
    }
  });
  afterAll(async () => {
    await w.close();
    await t.close();
  });

  const cases: string[] = [];
  const post = (u: User, id: string, path: string, body: object) => t.http().post(`/api/v1/cases/${id}/${path}`).set(as(u)).send(body);
  const transition = (u: User, id: string, body: object) => t.http().post(`/api/v1/cases/${id}/transitions`).set(as(u)).send(body);

  async function step(): Promise<void> {
    const action = rnd();
    if (action < 0.25 || cases.length < 3) {
      const place = pick(PLACES);
      const res = await t
        .http()
        .post('/api/v1/intake/calls')
        .set(as(operator))
        .send(
          callBody(
            { startedAt: clock.now().toISOString(), channel: pick(['HOTLINE_111', 'PROVINCIAL_HOTLINE']) },
            {
              location: place,
              immediateDanger: rnd() < 0.3,
              abuseTypes: [pick(['SEXUAL_ABUSE', 'PHYSICAL_VIOLENCE', 'NEGLECT'])],
              children: [{ fullName: `Trẻ ${cases.length}`, sex: pick(['FEMALE', 'MALE']), age: 3 + Math.floor(rnd() * 14) }],
            },
          ),
        );
      expect(res.status).toBe(201);
      cases.push(res.body.caseId);
    } else if (action < 0.3) {
      // A triage case (no province yet) placed by the national operator.
      const [c] = await ds.query(`SELECT id FROM protection_case WHERE province_code IS NULL AND status <> 'CLOSED' LIMIT 1`);
      if (c)
        await t.http().post(`/api/v1/intake/triage/${c.id}/location`).set(as(operator)).send({ provinceCode: '22', communeCode: '06661', reason: 'Đã xác định nơi ở' }).expect(200);
    } else if (action < 0.65) {
      const id = pick(cases);
      const [c] = await ds.query(`SELECT status FROM protection_case WHERE id = $1`, [id]);
      let res: { status: number; body: unknown } | null = null;
      if (c.status === 'RECEIVED') {
        await t.http().post(`/api/v1/cases/${id}/assignment`).set(as(worker)).send({ assigneeUsername: worker.username }).expect(200);
        res = await transition(worker, id, { to: 'ASSESSING' });
      } else if (c.status === 'ASSESSING' && rnd() < 0.75) {
        res =
          rnd() < 0.6
            ? await transition(worker, id, { to: 'PLANNING', assessment: { riskLevel: pick(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']), founded: true, summary: 'Có dấu hiệu' } })
            : await transition(worker, id, { to: 'CLOSED', closure: { reason: 'UNFOUNDED', note: 'Không có dấu hiệu xâm hại' } });
      } else if (c.status === 'PLANNING') {
        // A plan is submitted, then approved (the children count as supported) or returned.
        const [plan] = await ds.query(`SELECT status FROM case_plan WHERE case_id = $1 ORDER BY version_number DESC LIMIT 1`, [id]);
        const dueDate = new Date(clock.now().getTime() + 10 * 24 * HOUR).toISOString().slice(0, 10);
        if (plan?.status !== 'SUBMITTED') {
          res = await post(worker, id, 'plan', { goals: ['Trẻ an toàn'], items: [{ service: 'Tư vấn tâm lý', responsibleAgencyType: 'SOCIAL_SERVICES', dueDate }] });
          if (res.status === 201) res = { status: 200, body: null };
        } else if (rnd() < 0.7) res = await transition(supNational, id, { to: 'INTERVENING' });
        else {
          res = await post(supNational, id, 'plan/return', { reason: 'Bổ sung trợ giúp pháp lý' });
          if (res.status === 201) res = { status: 200, body: null };
        }
      } else if (c.status === 'CLOSED') {
        res = await transition(supNational, id, { to: 'ASSESSING', reopenReason: 'Có báo cáo mới' });
      } else {
        // An urgent measure: the case's children count as supported from then.
        res = await post(worker, id, 'emergency-measures', { measureType: 'REMOVAL_FROM_HARM', description: 'Đưa cháu đến nhà bà ngoại', takenAt: clock.now().toISOString() });
        if (res.status === 201) res = { status: 200, body: null };
      }
      if (res) expect({ status: res.status, body: res.status === 200 ? null : res.body }).toEqual({ status: 200, body: null });
    } else if (action < 0.85) {
      const [r] = await ds.query(
        `SELECT id, agency_id, agency_type, status FROM referral WHERE status IN ('SENT', 'ACKNOWLEDGED', 'ACCEPTED', 'IN_PROGRESS') ORDER BY id LIMIT 1 OFFSET $1`,
        [Math.floor(rnd() * 4)],
      );
      const officer = r && officers.find((o) => o.agencyId === r.agency_id);
      if (officer) {
        const act = (a: string, body: object = {}) => t.http().post(`/api/v1/referrals/${r.id}/${a}`).set(as(officer)).send(body);
        const res =
          r.status === 'SENT'
            ? await (rnd() < 0.8 ? act('acknowledge') : act('decline', { reason: 'Không thuộc thẩm quyền' }))
            : r.status === 'ACKNOWLEDGED'
              ? await act('accept')
              : r.status === 'ACCEPTED'
                ? await act('start')
                : await act('complete', { outcome: { code: OUTCOME[r.agency_type as AgencyType], note: 'Đã xử lý' } });
        expect([200, 201]).toContain(res.status);
      }
    } else if (action < 0.9) {
      // Corrections no route makes (as a data fix would): a child's recorded facts, or the same child named in
      // another case's report, so that some children are counted once across several reports.
      if (rnd() < 0.5) {
        await ds.query(
          `UPDATE person SET ethnicity = $2, circumstances = $3, birth_year = birth_year - 1
            WHERE id = (SELECT person_id FROM case_person WHERE role = 'CHILD' ORDER BY id LIMIT 1 OFFSET $1)`,
          [Math.floor(rnd() * 5), pick(['Tày', 'Kinh', ' ']), rnd() < 0.5 ? ['POOR_HOUSEHOLD'] : []],
        );
      } else {
        await ds.query(
          `INSERT INTO case_person (case_id, person_id, report_id, role)
           SELECT r.case_id, (SELECT person_id FROM case_person WHERE role = 'CHILD' ORDER BY id LIMIT 1 OFFSET $1), r.id, 'CHILD'
             FROM report r ORDER BY r.id LIMIT 1 OFFSET $2`,
          [Math.floor(rnd() * 5), Math.floor(rnd() * 5)],
        );
      }
    } else {
      // Time passes: deadlines fall due and the worker fires them.
      clock.advance(Math.floor(rnd() * 30) * HOUR);
      await w.app.get(DeadlineReconciler).fireOverdue();
    }
    await w.drain();
  }

  async function expectSameAnswers(): Promise<void> {
    // Cases granted outside a supervisor's place are counted from their rows, apart from the counters.
    for (const [u, outside] of [
      [supQn, `province_code IS DISTINCT FROM '22'`],
      [supCommune, `commune_code IS DISTINCT FROM '06652'`],
    ] as const) {
      await ds.query(
        `INSERT INTO case_access_grant (case_id, grantee_id, granted_by, reason, expires_at)
         SELECT o.case_id, $1, $2, 'read-model test grant', now() + interval '1 year' FROM supervision_obligation o
          WHERE o.${outside} AND NOT EXISTS (SELECT 1 FROM case_access_grant g WHERE g.case_id = o.case_id AND g.grantee_id = $1)
          ORDER BY o.status = 'OVERDUE' DESC, o.deadline_id LIMIT 2`,
        [u.id, supNational.id],
      );
    }
    const dashboard = t.app.get(DashboardService);
    const statistics = t.app.get(StatisticsService);
    const overdueQueries: [User, Partial<OverdueQueryDto>][] = [
      [supNational, {}],
      [supNational, { provinceCode: '22', pageSize: 5 }],
      [supNational, { agencyType: AgencyType.POLICE }],
      [supQn, {}],
      [supQn, { communeCode: '06652', risk: 'HIGH' as OverdueQueryDto['risk'] }],
      [supHp, {}],
      [supCommune, {}],
    ];
    const sameOverdue = async () => {
      for (const [u, q] of overdueQueries) {
        const dto = Object.assign(new OverdueQueryDto(), q);
        expect({ who: u.username, q, ...(await dashboard.overdue(principal(u), dto, 'readModels')) }).toEqual({
          who: u.username,
          q,
          ...(await dashboard.overdue(principal(u), dto, 'transactional')),
        });
      }
    };
    await sameOverdue();
    // Time passes and the worker has not fired yet: obligations past due but still PENDING count too.
    clock.advance(36 * HOUR);
    await sameOverdue();
    const statisticsQueries: [User, Partial<StatisticsQueryDto>][] = [
      [supNational, { from: '2026-01-01', to: '2026-12-31' }],
      [supNational, { from: '2026-02-21', to: '2026-04-03' }],
      [supNational, { from: '2026-02-01', to: '2026-02-28', provinceCode: '22' }],
      [supQn, { from: '2026-01-01', to: '2026-12-31' }],
      [supQn, { from: '2026-02-20', to: '2026-02-25', communeCode: '06652' }],
      [supHp, { from: '2026-01-01', to: '2026-12-31' }],
      [supCommune, { from: '2026-01-01', to: '2026-12-31' }],
    ];
    for (const [u, q] of statisticsQueries) {
      const dto = Object.assign(new StatisticsQueryDto(), q);
      expect({ who: u.username, q, ...(await statistics.compute(principal(u), dto, 'readModels')) }).toEqual({
        who: u.username,
        q,
        ...(await statistics.compute(principal(u), dto, 'transactional')),
      });
    }
  }

  /** Every counter (folded and pending deltas summed) and every obligation row, in a comparable order. */
  const snapshot = async () => ({
    counters: await ds.query(
      `SELECT metric, grain, bucket::text, province_code, commune_code, k1, k2, sum(n)::int AS n FROM (
         SELECT metric, grain, bucket, province_code, commune_code, k1, k2, n FROM stat_count
         UNION ALL SELECT metric, g.grain, g.bucket, province_code, g.commune_code, k1, k2, n
           FROM stat_delta CROSS JOIN LATERAL (VALUES ('D', day, commune_code), ('M', date_trunc('month', day)::date, '*')) g(grain, bucket, commune_code)) x
        GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7`,
    ),
    obligations: await ds.query(`SELECT * FROM supervision_obligation ORDER BY deadline_id`),
    overdueCases: await ds.query(`SELECT * FROM supervision_overdue_case ORDER BY case_id`),
  });

  it(`gives the answers of a from-scratch count after a randomised workload (seed ${seed})`, async () => {
    for (let i = 0; i < 150; i++) {
      await step();
      if (i % 50 === 49) await expectSameAnswers();
    }
    const before = await snapshot();
    expect(before.counters.length).toBeGreaterThan(0);
    expect(before.obligations.length).toBeGreaterThan(0);
    expect(before.obligations.some((o: { status: string }) => o.status === 'OVERDUE')).toBe(true);
    // Each case with an overdue obligation is counted once, from the row the counters keep for it.
    expect(before.overdueCases.length).toBe(new Set(before.obligations.filter((o: { status: string }) => o.status === 'OVERDUE').map((o: { case_id: string }) => o.case_id)).size);
    // Folded into the counters, the same answers; the deltas are gone.
    const readModels = t.app.get(ReadModelsRepository);
    const pending = async () => (await ds.query(`SELECT count(*)::int AS n FROM stat_delta`))[0].n as number;
    // The worker folds too: a fold that finds another one running returns at once, so fold until none is left.
    for (let i = 0; i < 100 && (await pending()) > 0; i++) await readModels.fold(ds.manager);
    expect(await pending()).toBe(0);
    await expectSameAnswers();
    expect(await snapshot()).toEqual(before);
    // A rebuild from the transactional tables finds the same counters and obligations, and is idempotent.
    await ds.transaction((m) => readModels.rebuild(m));
    expect(await snapshot()).toEqual(before);
    await ds.transaction((m) => readModels.rebuild(m));
    expect(await snapshot()).toEqual(before);
    await expectSameAnswers();
  });
});
