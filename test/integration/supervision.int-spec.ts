import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeAgency, makeAgencyOfficer, makeCaseAt, makeDeadlineRow, makeReferral, makeUser } from '../support/factories';
import { FixedClock } from '../../src/common/clock';
import { RiskLevel } from '../../src/cases/enums';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { Agency } from '../../src/referrals/agency.entity';
import { AgencyType } from '../../src/referrals/enums';
import { trendDays, worstFirst } from '../../src/supervision/overdue.rules';

/**
 * The overdue dashboard and the supervisors' actions, on a dataset whose expected panels are computed here
 * from the test's own fixture list: what is past due, worst first, totals, caseloads and the trend, and that
 * each supervisor sees exactly the overdue work of their jurisdiction.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Close to the database's clock: CaseAccessPolicy compares grants with now() in SQL.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const ago = (ms: number) => new Date(NOW.getTime() - ms);

type Status = 'PENDING' | 'OVERDUE' | 'MET' | 'CANCELLED';
interface CaseFx {
  key: string;
  provinceCode: string;
  communeCode: string | null;
  risk: RiskLevel;
  danger: boolean;
  assignee: string | null;
  status: string;
  openedAgo: number;
  id?: string;
}
interface DeadlineFx {
  case: string;
  key: 'CASE_ASSESSMENT' | 'CASE_PLAN' | 'REFERRAL_ACKNOWLEDGE' | 'REFERRAL_COMPLETE';
  agencyType?: AgencyType;
  status: Status;
  dueAgo: number;
  level?: number;
  metAgo?: number;
  cancelledAgo?: number;
  id?: string;
  referralId?: string;
}

const CASES: CaseFx[] = [
  { key: 'qn1', provinceCode: '22', communeCode: '06652', risk: RiskLevel.HIGH, danger: false, assignee: 'wQn1', status: 'ASSESSING', openedAgo: 20 * DAY },
  { key: 'qn2', provinceCode: '22', communeCode: '06652', risk: RiskLevel.CRITICAL, danger: true, assignee: 'wQn1', status: 'INTERVENING', openedAgo: 40 * DAY },
  { key: 'qn3', provinceCode: '22', communeCode: '06658', risk: RiskLevel.MEDIUM, danger: false, assignee: 'wQn2', status: 'PLANNING', openedAgo: 10 * DAY },
  { key: 'qn4', provinceCode: '22', communeCode: '06658', risk: RiskLevel.LOW, danger: false, assignee: null, status: 'RECEIVED', openedAgo: 2 * DAY },
  { key: 'qn5', provinceCode: '22', communeCode: null, risk: RiskLevel.CRITICAL, danger: false, assignee: 'wQn2', status: 'INTERVENING', openedAgo: 60 * DAY },
  { key: 'qn6', provinceCode: '22', communeCode: '06652', risk: RiskLevel.HIGH, danger: false, assignee: 'wQn1', status: 'CLOSED', openedAgo: 90 * DAY },
  { key: 'hp1', provinceCode: '31', communeCode: '11311', risk: RiskLevel.CRITICAL, danger: true, assignee: 'wHp', status: 'ASSESSING', openedAgo: 5 * DAY },
  { key: 'hp2', provinceCode: '31', communeCode: '11311', risk: RiskLevel.HIGH, danger: false, assignee: 'wHp', status: 'INTERVENING', openedAgo: 30 * DAY },
];

const DEADLINES: DeadlineFx[] = [
  { case: 'qn1', key: 'CASE_ASSESSMENT', status: 'OVERDUE', dueAgo: 3 * DAY, level: 1 },
  { case: 'qn2', key: 'CASE_PLAN', status: 'OVERDUE', dueAgo: 10 * DAY, level: 2 },
  { case: 'qn2', key: 'REFERRAL_ACKNOWLEDGE', agencyType: AgencyType.POLICE, status: 'OVERDUE', dueAgo: 2 * DAY, level: 0 },
  { case: 'qn2', key: 'REFERRAL_COMPLETE', agencyType: AgencyType.HEALTH, status: 'PENDING', dueAgo: -5 * DAY },
  { case: 'qn3', key: 'CASE_PLAN', status: 'OVERDUE', dueAgo: 3 * DAY, level: 1 },
  { case: 'qn3', key: 'REFERRAL_ACKNOWLEDGE', agencyType: AgencyType.EDUCATION, status: 'PENDING', dueAgo: 2 * HOUR },
  { case: 'qn4', key: 'CASE_ASSESSMENT', status: 'PENDING', dueAgo: -6 * HOUR },
  { case: 'qn5', key: 'REFERRAL_COMPLETE', agencyType: AgencyType.POLICE, status: 'OVERDUE', dueAgo: 25 * DAY, level: 2 },
  { case: 'qn5', key: 'CASE_ASSESSMENT', status: 'MET', dueAgo: 50 * DAY, metAgo: 20 * DAY },
  { case: 'qn1', key: 'CASE_PLAN', status: 'CANCELLED', dueAgo: 12 * DAY, cancelledAgo: 8 * DAY },
  { case: 'qn6', key: 'CASE_ASSESSMENT', status: 'MET', dueAgo: 15 * DAY, metAgo: 16 * DAY },
  { case: 'hp1', key: 'CASE_ASSESSMENT', status: 'OVERDUE', dueAgo: 4 * DAY, level: 2 },
  { case: 'hp2', key: 'REFERRAL_ACKNOWLEDGE', agencyType: AgencyType.POLICE, status: 'OVERDUE', dueAgo: 1 * DAY, level: 1 },
];

describe('supervision', () => {
  let t: TestApp;
  let ds: DataSource;
  const users: Record<string, User> = {};
  const agencies = new Map<string, Agency>();
  const caseOf = (key: string) => CASES.find((c) => c.key === key)!;
  const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  let qnPoliceOfficer: User;

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(NOW) });
    ds = t.dataSource;
    users.supQn = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    users.supHp = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '31' });
    users.supCommune = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22', communeCode: '06652' });
    users.supNational = await makeUser(ds, { role: Role.SUPERVISOR });
    users.wQn1 = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'a.worker.qn1' });
    users.wQn2 = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', communeCode: '06658', username: 'b.worker.qn2' });
    users.wQnIdle = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', communeCode: '06652', username: 'c.worker.idle' });
    users.wHp = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '31', username: 'd.worker.hp' });
    for (const c of CASES) {
      c.id = await makeCaseAt(ds, {
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
        riskLevel: c.risk,
        immediateDanger: c.danger,
        assigneeId: c.assignee ? users[c.assignee].id : null,
        status: c.status,
        openedAt: ago(c.openedAgo),
        closedAt: c.status === 'CLOSED' ? ago(DAY) : null,
        closureReason: c.status === 'CLOSED' ? 'GOALS_MET' : null,
      });
    }
    for (const d of DEADLINES) {
      const c = caseOf(d.case);
      let agency: Agency | undefined;
      if (d.agencyType) {
        const key = `${d.agencyType}:${c.provinceCode}`;
        if (!agencies.has(key))
          agencies.set(key, await makeAgency(ds, { type: d.agencyType, provinceCode: c.provinceCode, name: `${d.agencyType} ${c.provinceCode} – Công an tỉnh` }));
        agency = agencies.get(key)!;
        d.referralId = await makeReferral(ds, { caseId: c.id!, agencyId: agency.id, agencyType: d.agencyType, status: 'ACKNOWLEDGED', sentAt: ago(d.dueAgo + DAY) });
      }
      d.id = await makeDeadlineRow(ds, {
        key: d.key,
        caseId: c.id!,
        referralId: d.referralId,
        agencyId: agency?.id,
        startedAt: ago(d.dueAgo + DAY),
        dueAt: ago(d.dueAgo),
        status: d.status,
        escalationLevel: d.level,
        metAt: d.metAgo !== undefined ? ago(d.metAgo) : undefined,
        cancelledAt: d.cancelledAgo !== undefined ? ago(d.cancelledAgo) : undefined,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
      });
    }
    qnPoliceOfficer = await makeAgencyOfficer(ds, agencies.get(`POLICE:22`)!);
  });
  afterAll(() => t.close());

  // ---------------------------------------------------------------------------------------------- expected

  type Scope = (c: CaseFx) => boolean;
  const qnScope: Scope = (c) => c.provinceCode === '22';
  const pastDue = (d: DeadlineFx) => d.status === 'OVERDUE' || (d.status === 'PENDING' && d.dueAgo >= 0);
  function expectedItems(scope: Scope, extra: (d: DeadlineFx, c: CaseFx) => boolean = () => true) {
    return DEADLINES.filter((d) => pastDue(d) && scope(caseOf(d.case)) && extra(d, caseOf(d.case)))
      .map((d) => ({ d, c: caseOf(d.case) }))
      .sort((a, b) =>
        worstFirst(
          { deadlineId: a.d.id!, escalationLevel: a.d.level ?? 0, dueAt: ago(a.d.dueAgo), riskLevel: a.c.risk, immediateDanger: a.c.danger },
          { deadlineId: b.d.id!, escalationLevel: b.d.level ?? 0, dueAt: ago(b.d.dueAgo), riskLevel: b.c.risk, immediateDanger: b.c.danger },
        ),
      );
  }
  const tally = (xs: string[]) => xs.reduce<Record<string, number>>((m, k) => ((m[k] = (m[k] ?? 0) + 1), m), {});

  it('a province supervisor sees exactly the past-due work of the province, worst first, with what is due and who owes it', async () => {
    const res = await t.http().get('/api/v1/dashboard/overdue').set(as(users.supQn)).expect(200);
    const want = expectedItems(qnScope);
    expect(want.length).toBe(6);
    expect(res.body.total).toBe(want.length);
    expect(res.body.items.map((i: { deadlineId: string }) => i.deadlineId)).toEqual(want.map((w) => w.d.id));
    // Level 2 first (the longest overdue of them first), then level 1, then level 0.
    expect(res.body.items.map((i: { key: string; escalationLevel: number }) => `${i.escalationLevel}:${i.key}`)).toEqual([
      '2:REFERRAL_COMPLETE',
      '2:CASE_PLAN',
      '1:CASE_ASSESSMENT',
      '1:CASE_PLAN',
      '0:REFERRAL_ACKNOWLEDGE',
      '0:REFERRAL_ACKNOWLEDGE',
    ]);
    const qn2Ack = res.body.items.find((i: { referral: { agencyType: string } | null; key: string }) => i.key === 'REFERRAL_ACKNOWLEDGE' && i.referral?.agencyType === 'POLICE');
    expect(qn2Ack).toMatchObject({
      kind: 'REFERRAL',
      caseId: caseOf('qn2').id,
      caseStatus: 'INTERVENING',
      riskLevel: 'CRITICAL',
      immediateDanger: true,
      communeCode: '06652',
      communeName: expect.any(String),
      hoursOverdue: 48,
      caseAgeDays: 40,
      assignee: { id: users.wQn1.id, username: 'a.worker.qn1', fullName: users.wQn1.fullName },
      referral: { status: 'ACKNOWLEDGED', agencyType: 'POLICE', agencyName: 'POLICE 22 – Công an tỉnh' },
    });
    // A PENDING deadline whose time has passed (not fired yet) is past due too; one still ahead is not.
    expect(res.body.items.some((i: { deadlineId: string }) => i.deadlineId === DEADLINES[5].id)).toBe(true);
    expect(res.body.items.some((i: { deadlineId: string }) => i.deadlineId === DEADLINES[6].id)).toBe(false);
    expect(res.body.items.every((i: { provinceCode: string }) => i.provinceCode === '22')).toBe(true);

    const totals = res.body.totals;
    expect(totals.items).toBe(want.length);
    expect(totals.cases).toBe(new Set(want.map((w) => w.c.key)).size);
    expect(totals.byState).toEqual(tally(want.map((w) => w.c.status)));
    expect(totals.byRisk).toEqual(tally(want.map((w) => w.c.risk)));
    expect(totals.byAgencyType).toEqual(tally(want.filter((w) => w.d.agencyType).map((w) => w.d.agencyType!)));
    expect(totals.byKey).toEqual(tally(want.map((w) => w.d.key)));
    expect(totals.byKind).toEqual(tally(want.map((w) => (w.d.agencyType ? 'REFERRAL' : 'CASE'))));
    expect(Object.fromEntries(totals.byCommune.map((x: { communeCode: string | null; count: number }) => [x.communeCode ?? 'none', x.count]))).toEqual(
      tally(want.map((w) => w.c.communeCode ?? 'none')),
    );
    expect(totals.byProvince).toEqual([{ provinceCode: '22', provinceName: 'Quảng Ninh', count: want.length }]);
    expect(totals.byCommune.find((x: { communeCode: string | null }) => x.communeCode === '06652')).toMatchObject({ communeName: expect.any(String) });
  });

  it('caseload per worker: open cases, those with something overdue, critical ones; idle workers of the jurisdiction too', async () => {
    const res = await t.http().get('/api/v1/dashboard/overdue').set(as(users.supQn)).expect(200);
    const load = (who: string) => {
      const open = CASES.filter((c) => c.provinceCode === '22' && c.status !== 'CLOSED' && c.assignee === who);
      return {
        openCases: open.length,
        overdue: open.filter((c) => DEADLINES.some((d) => d.case === c.key && pastDue(d))).length,
        critical: open.filter((c) => c.risk === RiskLevel.CRITICAL).length,
      };
    };
    const got = Object.fromEntries(res.body.caseload.map((e: { worker: { username: string } }) => [e.worker.username, e]));
    expect(Object.keys(got).sort()).toEqual(['a.worker.qn1', 'b.worker.qn2', 'c.worker.idle']);
    expect(got['a.worker.qn1']).toMatchObject(load('wQn1'));
    expect(got['b.worker.qn2']).toMatchObject(load('wQn2'));
    expect(got['c.worker.idle']).toMatchObject({ openCases: 0, overdue: 0, critical: 0 });
    expect(res.body.unassigned).toEqual(load(null as unknown as string));
    expect(res.body.caseload[0].worker.username).toBe('a.worker.qn1');
  });

  it('the trend counts, per day of the last 30, what was overdue at the day’s end, from the deadline rows', async () => {
    const res = await t.http().get('/api/v1/dashboard/overdue').set(as(users.supQn)).expect(200);
    const days = trendDays(NOW, 30);
    const resolvedAgo = (d: DeadlineFx) => d.metAgo ?? d.cancelledAgo ?? null;
    const want = days.map((day) => {
      const at = day.at.getTime();
      const qn = DEADLINES.filter((d) => qnScope(caseOf(d.case)));
      return {
        date: day.date,
        overdue: qn.filter((d) => ago(d.dueAgo).getTime() <= at && (resolvedAgo(d) === null || ago(resolvedAgo(d)!).getTime() > at)).length,
        becameOverdue: qn.filter((d) => ago(d.dueAgo).getTime() > day.start.getTime() && ago(d.dueAgo).getTime() <= at && (resolvedAgo(d) === null || resolvedAgo(d)! < d.dueAgo))
          .length,
      };
    });
    expect(res.body.trend).toEqual(want);
    expect(res.body.trend[29].overdue).toBe(6);
    // qn1's cancelled plan step counted while overdue (due 12 days ago, cancelled 8 days ago).
    expect(Math.max(...res.body.trend.map((x: { overdue: number }) => x.overdue))).toBeGreaterThanOrEqual(6);
  });

  it('supervisor.hp sees nothing of Quảng Ninh; a commune supervisor only their commune; national sees all', async () => {
    const hp = await t.http().get('/api/v1/dashboard/overdue').set(as(users.supHp)).expect(200);
    expect(hp.body.items.map((i: { deadlineId: string }) => i.deadlineId)).toEqual(expectedItems((c) => c.provinceCode === '31').map((w) => w.d.id));
    expect(hp.body.items.every((i: { provinceCode: string }) => i.provinceCode === '31')).toBe(true);
    expect(hp.body.caseload.map((e: { worker: { username: string } }) => e.worker.username)).toEqual(['d.worker.hp']);
    expect(hp.body.trend[29].overdue).toBe(2);
    const denied = await t.http().get('/api/v1/dashboard/overdue?provinceCode=22').set(as(users.supHp)).expect(403);
    expect(denied.body.message).toMatch(/outside your jurisdiction/);
    await t.http().get('/api/v1/dashboard/overdue?communeCode=06652').set(as(users.supHp)).expect(403);

    const commune = await t.http().get('/api/v1/dashboard/overdue').set(as(users.supCommune)).expect(200);
    expect(commune.body.items.map((i: { deadlineId: string }) => i.deadlineId)).toEqual(expectedItems((c) => c.communeCode === '06652').map((w) => w.d.id));
    const national = await t.http().get('/api/v1/dashboard/overdue').set(as(users.supNational)).expect(200);
    expect(national.body.total).toBe(expectedItems(() => true).length);
    // The whole country by province, not by its thousands of communes; narrowed to a province, by commune again.
    expect(national.body.totals.byCommune).toBeNull();
    expect(national.body.totals.byProvince).toEqual([
      { provinceCode: '22', provinceName: 'Quảng Ninh', count: expectedItems((c) => c.provinceCode === '22').length },
      { provinceCode: '31', provinceName: 'Thành phố Hải Phòng', count: expectedItems((c) => c.provinceCode === '31').length },
    ]);
    const narrowed = await t.http().get('/api/v1/dashboard/overdue?provinceCode=31').set(as(users.supNational)).expect(200);
    expect(narrowed.body.totals.byCommune).toEqual([{ communeCode: '11311', communeName: expect.any(String), count: expectedItems((c) => c.provinceCode === '31').length }]);
  });

  it.each([
    ['communeCode=06658', (_: DeadlineFx, c: CaseFx) => c.communeCode === '06658'],
    ['agencyType=POLICE', (d: DeadlineFx) => d.agencyType === AgencyType.POLICE],
    ['risk=CRITICAL', (_: DeadlineFx, c: CaseFx) => c.risk === RiskLevel.CRITICAL],
    ['risk=CRITICAL&agencyType=POLICE', (d: DeadlineFx, c: CaseFx) => c.risk === RiskLevel.CRITICAL && d.agencyType === AgencyType.POLICE],
  ])('filters by %s', async (query, extra) => {
    const res = await t.http().get(`/api/v1/dashboard/overdue?${query}`).set(as(users.supQn)).expect(200);
    const want = expectedItems(qnScope, extra);
    expect(want.length).toBeGreaterThan(0);
    expect(res.body.items.map((i: { deadlineId: string }) => i.deadlineId)).toEqual(want.map((w) => w.d.id));
    expect(res.body.totals.items).toBe(want.length);
  });

  it('pages through the worst-first list', async () => {
    const all = expectedItems(qnScope).map((w) => w.d.id);
    const p2 = await t.http().get('/api/v1/dashboard/overdue?page=2&pageSize=4').set(as(users.supQn)).expect(200);
    expect(p2.body).toMatchObject({ page: 2, pageSize: 4, total: all.length });
    expect(p2.body.items.map((i: { deadlineId: string }) => i.deadlineId)).toEqual(all.slice(4));
  });

  it.each([
    ['risk=SEVERE', /risk must be one of/],
    ['agencyType=ARMY', /agencyType must be one of/],
    ['communeCode=abc', /communeCode must be an official commune code/],
    ['communeCode=99999', /communeCode 99999 is not a commune code/],
    ['pageSize=1000', /pageSize must not be greater than 200/],
  ])('400 for %s', async (query, message) => {
    const res = await t.http().get(`/api/v1/dashboard/overdue?${query}`).set(as(users.supQn)).expect(400);
    expect([res.body.message].flat().join('; ')).toMatch(message);
  });

  // ---------------------------------------------------------------------------------------------- actions

  it('reassigning from the dashboard uses the case assignment endpoint, and the dashboard follows', async () => {
    const qn3 = caseOf('qn3');
    await t.http().post(`/api/v1/cases/${qn3.id}/assignment`).set(as(users.supQn)).send({ assigneeUsername: 'a.worker.qn1' }).expect(200);
    const res = await t.http().get('/api/v1/dashboard/overdue?communeCode=06658').set(as(users.supQn)).expect(200);
    const item = res.body.items.find((i: { caseId: string; kind: string }) => i.caseId === qn3.id && i.kind === 'CASE');
    expect(item.assignee.username).toBe('a.worker.qn1');
    await t.http().post(`/api/v1/cases/${qn3.id}/assignment`).set(as(users.supQn)).send({ assigneeUsername: 'b.worker.qn2' }).expect(200);
  });

  it('nudges an agency: its officers are told, and the nudge is on the referral history, the case timeline and the audit log', async () => {
    const d = DEADLINES[2];
    const res = await t.http().post(`/api/v1/referrals/${d.referralId}/nudge`).set(as(users.supQn)).send({ message: 'Đề nghị tiếp nhận ngay' }).expect(200);
    expect(res.body).toMatchObject({
      referralId: d.referralId,
      caseId: caseOf('qn2').id,
      notified: 1,
      message: 'Đề nghị tiếp nhận ngay',
      pastDue: [{ key: 'REFERRAL_ACKNOWLEDGE' }],
    });
    const notes = await ds.query(`SELECT user_id, type, title, body, referral_id FROM notification WHERE referral_id = $1`, [d.referralId]);
    expect(notes).toEqual([expect.objectContaining({ user_id: qnPoliceOfficer.id, type: 'REFERRAL_NUDGED', referral_id: d.referralId })]);
    expect(notes[0].body).not.toContain('Đề nghị tiếp nhận ngay');
    const history = await ds.query(`SELECT type, from_status, to_status, actor_id, data FROM referral_event WHERE referral_id = $1`, [d.referralId]);
    expect(history).toEqual([
      expect.objectContaining({
        type: 'REFERRAL_NUDGED',
        from_status: 'ACKNOWLEDGED',
        to_status: 'ACKNOWLEDGED',
        actor_id: users.supQn.id,
        data: expect.objectContaining({ message: 'Đề nghị tiếp nhận ngay' }),
      }),
    ]);
    const timeline = await t
      .http()
      .get(`/api/v1/cases/${caseOf('qn2').id}/timeline`)
      .set(as(users.supQn))
      .expect(200);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toContain('REFERRAL_NUDGED');
    const audit = await ds.query(`SELECT actor_id FROM audit_log WHERE action = 'REFERRAL_NUDGED' AND subject_id = $1`, [d.referralId]);
    expect(audit).toEqual([{ actor_id: users.supQn.id }]);

    const again = await t.http().post(`/api/v1/referrals/${d.referralId}/nudge`).set(as(users.supQn)).send({}).expect(409);
    expect(again.body.message).toMatch(/nudge again after/);
    await t.http().post(`/api/v1/referrals/${d.referralId}/nudge`).set(as(users.supHp)).send({}).expect(404);
    await t.http().post(`/api/v1/referrals/${DEADLINES[12].referralId}/nudge`).set(as(users.supQn)).send({}).expect(404);
  });

  it('a final referral cannot be nudged', async () => {
    const d = DEADLINES[7];
    await ds.query(`UPDATE referral SET status = 'COMPLETED', outcome_code = 'DONE' WHERE id = $1`, [d.referralId]);
    const res = await t.http().post(`/api/v1/referrals/${d.referralId}/nudge`).set(as(users.supQn)).send({}).expect(409);
    expect(res.body.message).toMatch(/The referral is COMPLETED/);
  });

  it('grants temporary access to a case outside one’s jurisdiction, honoured by the case policy, then revokes it', async () => {
    const qn1 = caseOf('qn1');
    await t.http().get(`/api/v1/cases/${qn1.id}`).set(as(users.wHp)).expect(404);
    const until = new Date(NOW.getTime() + 2 * DAY).toISOString();
    const granted = await t
      .http()
      .post(`/api/v1/cases/${qn1.id}/access-grants`)
      .set(as(users.supQn))
      .send({ username: 'd.worker.hp', until, reason: 'Trẻ tạm trú tại Hải Phòng, cần phối hợp' })
      .expect(201);
    expect(granted.body).toMatchObject({ caseId: qn1.id, status: 'ACTIVE', grantee: { username: 'd.worker.hp' }, grantedBy: { username: users.supQn.username }, expiresAt: until });
    await t.http().get(`/api/v1/cases/${qn1.id}`).set(as(users.wHp)).expect(200);
    const list = await t.http().get(`/api/v1/cases/${qn1.id}/access-grants`).set(as(users.supQn)).expect(200);
    expect(list.body.items.map((g: { id: string; status: string }) => [g.id, g.status])).toEqual([[granted.body.id, 'ACTIVE']]);
    const note = await ds.query(`SELECT type FROM notification WHERE user_id = $1 AND case_id = $2`, [users.wHp.id, qn1.id]);
    expect(note).toEqual([{ type: 'CASE_ACCESS_GRANTED' }]);

    const dup = await t
      .http()
      .post(`/api/v1/cases/${qn1.id}/access-grants`)
      .set(as(users.supQn))
      .send({ username: 'd.worker.hp', until, reason: 'Một lần nữa cho chắc chắn' })
      .expect(409);
    expect(dup.body.message).toMatch(/already has access/);
    // The grantee reads the case but may not manage its access.
    await t.http().get(`/api/v1/cases/${qn1.id}/access-grants`).set(as(users.supHp)).expect(404);

    const revoked = await t.http().delete(`/api/v1/cases/${qn1.id}/access-grants/${granted.body.id}`).set(as(users.supQn)).expect(200);
    expect(revoked.body).toMatchObject({ id: granted.body.id, status: 'REVOKED' });
    await t.http().get(`/api/v1/cases/${qn1.id}`).set(as(users.wHp)).expect(404);
    const again = await t.http().delete(`/api/v1/cases/${qn1.id}/access-grants/${granted.body.id}`).set(as(users.supQn)).expect(409);
    expect(again.body.message).toMatch(/already revoked/);

    const timeline = await ds.query(`SELECT type FROM case_event WHERE case_id = $1 AND type LIKE 'ACCESS_%' ORDER BY id`, [qn1.id]);
    expect(timeline.map((e: { type: string }) => e.type)).toEqual(['ACCESS_GRANTED', 'ACCESS_REVOKED']);
    const audit = await ds.query(`SELECT action FROM audit_log WHERE subject_id = $1 AND action LIKE 'CASE_ACCESS_%' ORDER BY id`, [qn1.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['CASE_ACCESS_GRANTED', 'CASE_ACCESS_REVOKED']);
  });

  it('an expired grant gives no access and lists as EXPIRED', async () => {
    const qn3 = caseOf('qn3');
    const [g] = await ds.query(
      `INSERT INTO case_access_grant (case_id, grantee_id, granted_by, reason, expires_at, created_at) VALUES ($1, $2, $3, 'expired test grant', $4, $5) RETURNING id`,
      [qn3.id, users.wHp.id, users.supQn.id, ago(1000), ago(DAY)],
    );
    await t.http().get(`/api/v1/cases/${qn3.id}`).set(as(users.wHp)).expect(404);
    const list = await t.http().get(`/api/v1/cases/${qn3.id}/access-grants`).set(as(users.supQn)).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: g.id, status: 'EXPIRED' })]);
    await t.http().delete(`/api/v1/cases/${qn3.id}/access-grants/${g.id}`).set(as(users.supQn)).expect(409);
  });

  it.each([
    [{ username: 'nobody.here', until: 'P', reason: 'x' }, /until must be a date and time/],
    [{ username: 'nobody.here', until: '2099-01-01T00:00:00Z', reason: 'Lý do đủ dài để ghi lại' }, /There is no user nobody.here/],
    [{ username: 'd.worker.hp', until: '2020-01-01T00:00:00Z', reason: 'Lý do đủ dài để ghi lại' }, /has already passed/],
    [{ username: 'd.worker.hp', until: '2099-01-01T00:00:00Z', reason: 'Lý do đủ dài để ghi lại' }, /at most 30 days/],
    [{ username: 'd.worker.hp', until: 'NEAR', reason: 'ngắn' }, /at least 10 characters/],
    [{ username: 'a.worker.qn1', until: 'NEAR', reason: 'Lý do đủ dài để ghi lại' }, /already sees this case/],
    [{ username: 'POLICE', until: 'NEAR', reason: 'Lý do đủ dài để ghi lại' }, /agency officers see cases through referrals/],
  ])('400 for grant %o', async (body, message) => {
    const until = body.until === 'NEAR' ? new Date(NOW.getTime() + DAY).toISOString() : body.until;
    const username = body.username === 'POLICE' ? qnPoliceOfficer.username : body.username;
    const res = await t
      .http()
      .post(`/api/v1/cases/${caseOf('qn2').id}/access-grants`)
      .set(as(users.supQn))
      .send({ ...body, username, until })
      .expect(400);
    expect([res.body.message].flat().join('; ')).toMatch(message);
  });

  it('only a supervisor of the case’s jurisdiction grants: others get 404 for the case', async () => {
    const body = { username: 'd.worker.hp', until: new Date(NOW.getTime() + DAY).toISOString(), reason: 'Lý do đủ dài để ghi lại' };
    await t
      .http()
      .post(`/api/v1/cases/${caseOf('qn2').id}/access-grants`)
      .set(as(users.supHp))
      .send(body)
      .expect(404);
    await t
      .http()
      .post(`/api/v1/cases/${caseOf('qn3').id}/access-grants`)
      .set(as(users.supCommune))
      .send(body)
      .expect(404);
  });
});
