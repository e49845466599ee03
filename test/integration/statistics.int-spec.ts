import { DataSource } from 'typeorm';
import readXlsxFile from 'read-excel-file/node';
import { startTestApp, TestApp } from '../support/test-app';
import { linkPerson, makeAgency, makeCallRow, makeCaseAt, makeDeadlineRow, makePerson, makeReferral, makeReportRow, makeUser } from '../support/factories';
import { FixedClock } from '../../src/common/clock';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { AgencyType } from '../../src/referrals/enums';
import { Agency } from '../../src/referrals/agency.entity';

/**
 * Statistics reconcile with the raw data: a seeded dataset (deterministic pseudo-random fixture list) is
 * inserted row by row, and every expected figure is computed here from the fixture list itself, in
 * TypeScript, never by the SQL under test.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-07-15T03:00:00Z');
// 2026-01-01 .. 2026-06-30 in Vietnam (UTC+7).
const START = new Date('2025-12-31T17:00:00Z');
const END = new Date('2026-06-30T17:00:00Z');

function prng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(20261130);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const between = (from: Date, to: Date) => new Date(from.getTime() + Math.floor(rnd() * (to.getTime() - from.getTime())));

interface Place {
  provinceCode: string | null;
  communeCode: string | null;
}
interface ChildFx {
  id?: string;
  sex: string | null;
  ethnicity: string | null;
  birthYear: number | null;
  circumstances: string[];
}
interface CaseFx extends Place {
  id?: string;
  openedAt: Date;
  status: string;
  risk: string;
  closedAt: Date | null;
  closureReason: string | null;
  founded: boolean | null;
  planApprovedAt: Date | null;
  measureAt: Date | null;
}
interface ReportFx extends Place {
  id?: string;
  caseIx: number;
  receivedAt: Date;
  channel: string;
  abuseTypes: string[];
  danger: boolean;
  children: number[];
}
interface CallFx {
  callType: string;
  channel: string;
  startedAt: Date;
  hotlineProvinceCode: string | null;
  reportIx: number | null;
}
interface ReferralFx {
  id?: string;
  caseIx: number;
  agencyType: AgencyType;
  status: string;
  sentAt: Date;
}
interface DeadlineFx {
  key: string;
  caseIx: number;
  referralIx: number | null;
  startedAt: Date;
  dueAt: Date;
  status: 'PENDING' | 'OVERDUE' | 'MET' | 'CANCELLED';
  metAt?: Date;
  cancelledAt?: Date;
}

const PLACES: Place[] = [
  { provinceCode: '22', communeCode: '06652' },
  { provinceCode: '22', communeCode: '06658' },
  { provinceCode: '22', communeCode: null },
  { provinceCode: '31', communeCode: '11311' },
  { provinceCode: null, communeCode: null },
];
const ABUSE = ['PHYSICAL_VIOLENCE', 'SEXUAL_ABUSE', 'NEGLECT', 'SCHOOL_VIOLENCE', 'ONLINE_ABUSE'];
const CHANNELS = ['HOTLINE_111', 'PROVINCIAL_HOTLINE', 'ONLINE_FORM', 'WALK_IN'];
const CALL_TYPES = ['REPORT', 'COUNSELLING', 'INFORMATION', 'SILENT', 'PRANK'];
const REASONS = ['GOALS_MET', 'UNFOUNDED', 'CHILD_RELOCATED'];
const RISKS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

function buildFixture() {
  const children: ChildFx[] = Array.from({ length: 26 }, (_, i) => ({
    sex: pick(['MALE', 'FEMALE', 'FEMALE', null]),
    ethnicity: pick(['Kinh', 'Kinh', 'Tày', 'Dao', null]),
    birthYear: i % 9 === 0 ? null : pick([2008, 2009, 2010, 2012, 2015, 2016, 2019, 2021, 2024, 2026, 1990]),
    circumstances: i % 5 === 0 ? ['DISABILITY'] : [],
  }));
  const cases: CaseFx[] = Array.from({ length: 30 }, (_, i) => {
    const openedAt = between(new Date('2025-11-15T00:00:00Z'), new Date('2026-07-10T00:00:00Z'));
    const closed = rnd() < 0.4;
    const closedAt = closed ? new Date(openedAt.getTime() + Math.floor(rnd() * 60) * DAY + HOUR) : null;
    const realClosed = closedAt && closedAt < NOW ? closedAt : null;
    return {
      ...PLACES[i % PLACES.length],
      openedAt,
      status: realClosed ? 'CLOSED' : pick(['RECEIVED', 'ASSESSING', 'PLANNING', 'INTERVENING']),
      risk: pick(RISKS),
      closedAt: realClosed,
      closureReason: realClosed ? pick(REASONS) : null,
      founded: pick([true, false, null]),
      planApprovedAt: rnd() < 0.3 ? new Date(openedAt.getTime() + Math.floor(rnd() * 40) * DAY) : null,
      measureAt: rnd() < 0.2 ? new Date(openedAt.getTime() + Math.floor(rnd() * 10) * DAY) : null,
    };
  });
  const reports: ReportFx[] = [];
  cases.forEach((c, caseIx) => {
    const n = 1 + Math.floor(rnd() * 2);
    for (let k = 0; k < n; k++) {
      const kids = [Math.floor(rnd() * children.length)];
      if (rnd() < 0.3) kids.push(Math.floor(rnd() * children.length));
      reports.push({
        caseIx,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
        receivedAt: new Date(c.openedAt.getTime() + k * Math.floor(rnd() * 20) * DAY),
        channel: pick(CHANNELS),
        abuseTypes: rnd() < 0.3 ? [pick(ABUSE), pick(ABUSE)].filter((x, j, a) => a.indexOf(x) === j) : [pick(ABUSE)],
        danger: rnd() < 0.25,
        children: [...new Set(kids)],
      });
    }
  });
  // The period's edges in Vietnamese time: 00:30 on 1 January is in, 00:30 on 1 July is out.
  reports.push({ caseIx: 0, ...PLACES[0], receivedAt: new Date('2025-12-31T17:30:00Z'), channel: 'ONLINE_FORM', abuseTypes: ['NEGLECT'], danger: false, children: [1] });
  reports.push({ caseIx: 0, ...PLACES[0], receivedAt: new Date('2026-06-30T17:30:00Z'), channel: 'ONLINE_FORM', abuseTypes: ['NEGLECT'], danger: false, children: [2] });
  // The same child (one person row) named again in another case of the period: still one child.
  reports.push({ caseIx: 5, ...PLACES[0], receivedAt: new Date('2026-03-01T03:00:00Z'), channel: 'WALK_IN', abuseTypes: ['SEXUAL_ABUSE'], danger: true, children: [1] });
  const calls: CallFx[] = Array.from({ length: 40 }, () => {
    const callType = pick(CALL_TYPES);
    return {
      callType,
      channel: pick(['HOTLINE_111', 'PROVINCIAL_HOTLINE']),
      startedAt: between(new Date('2025-12-01T00:00:00Z'), new Date('2026-07-10T00:00:00Z')),
      hotlineProvinceCode: pick([null, '22', '31']),
      reportIx: callType === 'REPORT' ? Math.floor(rnd() * reports.length) : null,
    };
  });
  const referrals: ReferralFx[] = [];
  cases.forEach((c, caseIx) => {
    const types = [AgencyType.POLICE, AgencyType.HEALTH, AgencyType.SOCIAL_SERVICES].filter(() => rnd() < 0.45);
    for (const agencyType of types) {
      referrals.push({ caseIx, agencyType, status: pick(['SENT', 'ACKNOWLEDGED', 'COMPLETED', 'CANCELLED']), sentAt: new Date(c.openedAt.getTime() + DAY) });
    }
  });
  const outcome = (startedAt: Date, limit: number): Pick<DeadlineFx, 'dueAt' | 'status' | 'metAt' | 'cancelledAt'> => {
    const dueAt = new Date(startedAt.getTime() + limit);
    const kind = pick(['IN_TIME', 'LATE', 'OPEN', 'CANCELLED']);
    if (kind === 'IN_TIME') return { dueAt, status: 'MET', metAt: new Date(startedAt.getTime() + Math.floor(rnd() * limit)) };
    if (kind === 'LATE') return { dueAt, status: 'MET', metAt: new Date(dueAt.getTime() + Math.floor(rnd() * 5 * DAY) + 1) };
    if (kind === 'CANCELLED') return { dueAt, status: 'CANCELLED', cancelledAt: new Date(startedAt.getTime() + HOUR) };
    return { dueAt, status: dueAt <= NOW ? 'OVERDUE' : 'PENDING' };
  };
  const deadlines: DeadlineFx[] = [];
  cases.forEach((c, caseIx) => deadlines.push({ key: 'CASE_ASSESSMENT', caseIx, referralIx: null, startedAt: c.openedAt, ...outcome(c.openedAt, 12 * HOUR) }));
  referrals.forEach((r, referralIx) => deadlines.push({ key: 'REFERRAL_ACKNOWLEDGE', caseIx: r.caseIx, referralIx, startedAt: r.sentAt, ...outcome(r.sentAt, 24 * HOUR) }));
  return { children, cases, reports, calls, referrals, deadlines };
}

// ------------------------------------------------------------------------------------------------ expected

type Area = { provinceCode?: string; communeCode?: string };
const inArea = (p: Place, a: Area) => (a.communeCode ? p.communeCode === a.communeCode : a.provinceCode ? p.provinceCode === a.provinceCode : true);
const inPeriod = (t: Date) => t >= START && t < END;
const inc = (m: Record<string, number>, k: string, n = 1) => (m[k] = (m[k] ?? 0) + n);
const vnYear = (t: Date) => new Date(t.getTime() + 7 * HOUR).getUTCFullYear();
const ageGroup = (age: number | null) => (age === null || age < 0 ? 'UNKNOWN' : age <= 5 ? '0-5' : age <= 10 ? '6-10' : age <= 15 ? '11-15' : age <= 17 ? '16-17' : 'UNKNOWN');
const nonZero = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([, v]) => v > 0));
function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function expected(fx: ReturnType<typeof buildFixture>, area: Area) {
  const callPlace = (c: CallFx): Place => (c.reportIx !== null ? fx.reports[c.reportIx] : { provinceCode: c.hotlineProvinceCode, communeCode: null });
  const calls = fx.calls.filter((c) => inPeriod(c.startedAt) && inArea(callPlace(c), area));
  const callsByType: Record<string, number> = {};
  calls.forEach((c) => inc(callsByType, c.callType));
  const reports = fx.reports.filter((r) => inPeriod(r.receivedAt) && inArea(r, area));
  const reportsByChannel: Record<string, number> = {};
  reports.forEach((r) => inc(reportsByChannel, r.channel));
  // Broken down one level down: provinces for the country, communes for a province or commune.
  const placeOf = (p: Place) => (area.communeCode || area.provinceCode ? p.communeCode : p.provinceCode) ?? 'UNKNOWN';
  const reportsByPlace: Record<string, number> = {};
  reports.forEach((r) => inc(reportsByPlace, placeOf(r)));
  const childrenByPlace: Record<string, number> = {};
  const placesOfChild = new Map<number, Set<string>>();
  reports.forEach((r) => r.children.forEach((k) => placesOfChild.set(k, (placesOfChild.get(k) ?? new Set<string>()).add(placeOf(r)))));
  placesOfChild.forEach((places) => places.forEach((p) => inc(childrenByPlace, p)));

  const kids = new Map<number, { first: Date; forms: Set<string>; cases: Set<number> }>();
  for (const r of reports) {
    for (const k of r.children) {
      const e = kids.get(k) ?? { first: r.receivedAt, forms: new Set<string>(), cases: new Set<number>() };
      if (r.receivedAt < e.first) e.first = r.receivedAt;
      r.abuseTypes.forEach((t) => e.forms.add(t));
      e.cases.add(r.caseIx);
      kids.set(k, e);
    }
  }
  const bySex: Record<string, number> = {};
  const byAgeGroup: Record<string, number> = {};
  const byAbuseType: Record<string, number> = {};
  const cells: Record<string, number> = {};
  const byEthnicity: Record<string, number> = {};
  let confirmed = 0;
  let supported = 0;
  let special = 0;
  for (const [k, e] of kids) {
    const child = fx.children[k];
    const sex = child.sex ?? 'UNKNOWN';
    const group = ageGroup(child.birthYear === null ? null : vnYear(e.first) - child.birthYear);
    inc(bySex, sex);
    inc(byAgeGroup, group);
    inc(byEthnicity, child.ethnicity ?? 'UNKNOWN');
    e.forms.forEach((f) => {
      inc(byAbuseType, f);
      inc(cells, `${f}|${sex}|${group}`);
    });
    const cs = [...e.cases].map((i) => fx.cases[i]);
    if (cs.some((c) => c.founded === true)) confirmed++;
    const isSupported = cs.some((c) => (c.planApprovedAt && c.planApprovedAt < END) || (c.measureAt && c.measureAt < END));
    if (isSupported) supported++;
    if (isSupported && child.circumstances.length > 0) special++;
  }

  const opened = fx.cases.filter((c) => inPeriod(c.openedAt) && inArea(c, area)).length;
  const closedByReason: Record<string, number> = {};
  fx.cases.filter((c) => c.status === 'CLOSED' && c.closedAt && inPeriod(c.closedAt) && inArea(c, area)).forEach((c) => inc(closedByReason, c.closureReason!));

  const referrals = fx.referrals.filter((r) => inPeriod(r.sentAt) && inArea(fx.cases[r.caseIx], area));
  const byAgencyType: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  referrals.forEach((r) => {
    inc(byAgencyType, r.agencyType);
    inc(byStatus, r.status);
  });
  const police = referrals.filter((r) => r.agencyType === AgencyType.POLICE && r.status !== 'CANCELLED');

  const timeliness = (key: string) => {
    const ds = fx.deadlines.filter((d) => d.key === key && inPeriod(d.startedAt) && inArea(fx.cases[d.caseIx], area));
    const metInTime = ds.filter((d) => d.status === 'MET' && d.metAt! <= d.dueAt).length;
    const metLate = ds.filter((d) => d.status === 'MET' && d.metAt! > d.dueAt).length;
    const overdueOpen = ds.filter((d) => (d.status === 'OVERDUE' || d.status === 'PENDING') && d.dueAt <= NOW).length;
    const pending = ds.filter((d) => (d.status === 'OVERDUE' || d.status === 'PENDING') && d.dueAt > NOW).length;
    const cancelled = ds.filter((d) => d.status === 'CANCELLED').length;
    const whole = metInTime + metLate + overdueOpen;
    const med = median(ds.filter((d) => d.status === 'MET').map((d) => (d.metAt!.getTime() - d.startedAt.getTime()) / HOUR));
    return {
      metInTime,
      metLate,
      overdueOpen,
      pending,
      cancelled,
      inTimeShare: whole ? Math.round((metInTime / whole) * 1000) / 10 : null,
      medianHours: med === null ? null : Math.round(med * 10) / 10,
    };
  };

  return {
    calls: { total: calls.length, byType: callsByType },
    reports: { total: reports.length, byChannel: reportsByChannel, byPlace: reportsByPlace, immediateDanger: reports.filter((r) => r.danger).length },
    children: { total: kids.size, bySex, byAgeGroup, byAbuseType, byEthnicity, byPlace: childrenByPlace, cells, confirmed, supported, special },
    cases: { opened, closed: Object.values(closedByReason).reduce((a, b) => a + b, 0), closedByReason },
    referrals: { total: referrals.length, byAgencyType, byStatus, police: police.length, policeCompleted: police.filter((r) => r.status === 'COMPLETED').length },
    timeliness: { CASE_ASSESSMENT: timeliness('CASE_ASSESSMENT'), REFERRAL_ACKNOWLEDGE: timeliness('REFERRAL_ACKNOWLEDGE') },
  };
}

// ------------------------------------------------------------------------------------------------ seeding

async function seed(ds: DataSource, fx: ReturnType<typeof buildFixture>, users: { operator: User; worker: User }) {
  for (const ch of fx.children) ch.id = await makePerson(ds, { sex: ch.sex, birthYear: ch.birthYear, ethnicity: ch.ethnicity, circumstances: ch.circumstances });
  for (const c of fx.cases) {
    c.id = await makeCaseAt(ds, {
      provinceCode: c.provinceCode,
      communeCode: c.communeCode,
      status: c.status,
      riskLevel: c.risk,
      openedAt: c.openedAt,
      closedAt: c.closedAt,
      closureReason: c.closureReason,
      founded: c.founded,
    });
    if (c.planApprovedAt) {
      await ds.query(
        `INSERT INTO case_plan (case_id, version_number, status, goals, submitted_by, submitted_at, decided_by, decided_at) VALUES ($1, 1, 'APPROVED', '{safety}', $2, $3, $2, $3)`,
        [c.id, users.worker.id, c.planApprovedAt],
      );
    }
    if (c.measureAt) {
      await ds.query(`INSERT INTO case_emergency_measure (case_id, measure_type, description, taken_at, recorded_by) VALUES ($1, 'MEDICAL_CARE', 'test', $2, $3)`, [
        c.id,
        c.measureAt,
        users.worker.id,
      ]);
    }
  }
  for (const r of fx.reports) {
    const c = fx.cases[r.caseIx];
    r.id = await makeReportRow(ds, {
      caseId: c.id!,
      channel: r.channel,
      receivedAt: r.receivedAt,
      provinceCode: r.provinceCode,
      communeCode: r.communeCode,
      abuseTypes: r.abuseTypes,
      immediateDanger: r.danger,
    });
    for (const k of r.children) await linkPerson(ds, { caseId: c.id!, personId: fx.children[k].id!, reportId: r.id });
  }
  for (const c of fx.calls) {
    await makeCallRow(ds, {
      callType: c.callType,
      channel: c.channel,
      startedAt: c.startedAt,
      operatorId: users.operator.id,
      hotlineProvinceCode: c.hotlineProvinceCode,
      reportId: c.reportIx === null ? null : fx.reports[c.reportIx].id,
    });
  }
  const agencies = new Map<string, Agency>();
  const agencyFor = async (type: AgencyType, provinceCode: string | null) => {
    const key = `${type}:${provinceCode}`;
    if (!agencies.has(key)) agencies.set(key, await makeAgency(ds, { type, provinceCode }));
    return agencies.get(key)!;
  };
  for (const r of fx.referrals) {
    const c = fx.cases[r.caseIx];
    const agency = await agencyFor(r.agencyType, c.provinceCode);
    const open = r.status === 'SENT' || r.status === 'ACKNOWLEDGED';
    r.id = await makeReferral(ds, { caseId: c.id!, agencyId: agency.id, agencyType: r.agencyType, status: open ? r.status : 'SENT', sentAt: r.sentAt });
    if (r.status === 'COMPLETED') await ds.query(`UPDATE referral SET status = 'COMPLETED', outcome_code = 'DONE', completed_at = $2 WHERE id = $1`, [r.id, r.sentAt]);
    if (r.status === 'CANCELLED') await ds.query(`UPDATE referral SET status = 'CANCELLED', cancel_reason = 'test', cancelled_at = $2 WHERE id = $1`, [r.id, r.sentAt]);
    (r as ReferralFx & { agencyId: string }).agencyId = agency.id;
  }
  for (const d of fx.deadlines) {
    const c = fx.cases[d.caseIx];
    const r = d.referralIx === null ? null : (fx.referrals[d.referralIx] as ReferralFx & { agencyId: string });
    await makeDeadlineRow(ds, {
      key: d.key,
      caseId: c.id!,
      referralId: r?.id,
      agencyId: r?.agencyId,
      startedAt: d.startedAt,
      dueAt: d.dueAt,
      status: d.status,
      metAt: d.metAt,
      cancelledAt: d.cancelledAt,
      provinceCode: c.provinceCode,
      communeCode: c.communeCode,
    });
  }
}

// ------------------------------------------------------------------------------------------------ tests

describe('statistics', () => {
  let t: TestApp;
  let ds: DataSource;
  const fx = buildFixture();
  let admin: User;
  let supQn: User;
  let supHp: User;
  let supNational: User;
  let supCommune: User;
  let worker: User;
  const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  const download = (path: string, u: User) => t.download(path, u).expect(200);
  const PERIOD = 'from=2026-01-01&to=2026-06-30';

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(NOW) });
    ds = t.dataSource;
    const communes: { code: string; province_code: string }[] = await ds.query(`SELECT code, province_code FROM commune WHERE code IN ('06652','06658','11311')`);
    expect(communes.map((c) => `${c.code}:${c.province_code}`).sort()).toEqual(['06652:22', '06658:22', '11311:31']);
    admin = await makeUser(ds, { role: Role.ADMIN });
    supQn = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    supHp = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '31' });
    supNational = await makeUser(ds, { role: Role.SUPERVISOR });
    supCommune = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22', communeCode: '06652' });
    worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    const operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR });
    await seed(ds, fx, { operator, worker });
  });
  afterAll(() => t.close());

  function check(body: Record<string, any>, area: Area) {
    const e = expected(fx, area);
    expect(body.period).toMatchObject({ from: '2026-01-01', to: '2026-06-30', start: START.toISOString(), end: END.toISOString() });
    expect(body.calls.total).toBe(e.calls.total);
    expect(nonZero(body.calls.byType)).toEqual(e.calls.byType);
    expect(body.reports.total).toBe(e.reports.total);
    expect(nonZero(body.reports.byChannel)).toEqual(e.reports.byChannel);
    expect(body.reports.immediateDanger).toBe(e.reports.immediateDanger);
    expect(body.children.total).toBe(e.children.total);
    expect(nonZero(body.children.bySex)).toEqual(e.children.bySex);
    expect(nonZero(body.children.byAgeGroup)).toEqual(e.children.byAgeGroup);
    expect(nonZero(body.children.byAbuseType)).toEqual(e.children.byAbuseType);
    expect(body.children.byEthnicity).toEqual(e.children.byEthnicity);
    expect(body.children.byPlace).toEqual(e.children.byPlace);
    expect(body.reports.byPlace).toEqual(e.reports.byPlace);
    expect(Object.fromEntries(body.children.rows.map((r: any) => [`${r.abuseType}|${r.sex}|${r.ageGroup}`, r.count]))).toEqual(e.children.cells);
    expect([body.children.confirmed, body.children.supported, body.children.specialCircumstancesSupported]).toEqual([
      e.children.confirmed,
      e.children.supported,
      e.children.special,
    ]);
    expect(body.cases.opened).toBe(e.cases.opened);
    expect(body.cases.closed).toBe(e.cases.closed);
    expect(nonZero(body.cases.closedByReason)).toEqual(e.cases.closedByReason);
    expect(body.referrals.total).toBe(e.referrals.total);
    expect(nonZero(body.referrals.byAgencyType)).toEqual(e.referrals.byAgencyType);
    expect(nonZero(body.referrals.byStatus)).toEqual(e.referrals.byStatus);
    expect(body.timeliness.CASE_ASSESSMENT).toEqual(e.timeliness.CASE_ASSESSMENT);
    expect(body.timeliness.REFERRAL_ACKNOWLEDGE).toEqual(e.timeliness.REFERRAL_ACKNOWLEDGE);
    const indicator = (code: string) => body.indicators.find((i: any) => i.code === code);
    expect(indicator('TT13_CHILDREN_REPORTED')).toMatchObject({ value: e.children.total, unit: 'CHILDREN', nameVi: expect.stringMatching(/trẻ em/), nameEn: expect.any(String) });
    expect(indicator('TT13_CHILDREN_ABUSED').value).toBe(e.children.confirmed);
    expect(indicator('TT13_CASES_DETECTED').value).toBe(e.cases.opened);
    expect(indicator('TT13_ASSESSED_IN_TIME_SHARE').value).toBe(e.timeliness.CASE_ASSESSMENT.inTimeShare);
    expect(indicator('TT13_POLICE_RESOLVED_SHARE').value).toBe(e.referrals.police ? Math.round((e.referrals.policeCompleted / e.referrals.police) * 1000) / 10 : null);
    return e;
  }

  it('the fixture exercises every part: repeated children, edges of the period, several places', () => {
    const qn = expected(fx, { provinceCode: '22' });
    expect(qn.children.total).toBeGreaterThan(5);
    expect(qn.reports.total).toBeGreaterThan(5);
    expect(qn.timeliness.CASE_ASSESSMENT.metInTime + qn.timeliness.CASE_ASSESSMENT.metLate).toBeGreaterThan(0);
    const reportsPerChild = new Map<number, number>();
    fx.reports.forEach((r) => r.children.forEach((k) => reportsPerChild.set(k, (reportsPerChild.get(k) ?? 0) + 1)));
    expect([...reportsPerChild.values()].some((n) => n > 1)).toBe(true);
    const casesOfChild1 = new Set(fx.reports.filter((r) => r.children.includes(1) && inPeriod(r.receivedAt) && inArea(r, { provinceCode: '22' })).map((r) => r.caseIx));
    expect(casesOfChild1.size).toBeGreaterThanOrEqual(2);
  });

  it('a province supervisor gets their province, reconciled with the raw rows', async () => {
    const res = await t.http().get(`/api/v1/statistics?${PERIOD}`).set(as(supQn)).expect(200);
    expect(res.body.area).toMatchObject({ level: 'PROVINCE', provinceCode: '22', provinceName: expect.stringMatching(/Quảng Ninh/) });
    check(res.body, { provinceCode: '22' });
  });

  it('a commune supervisor gets their commune; a national one any province; an admin the whole country', async () => {
    check((await t.http().get(`/api/v1/statistics?${PERIOD}`).set(as(supCommune)).expect(200)).body, { communeCode: '06652' });
    check((await t.http().get(`/api/v1/statistics?${PERIOD}&provinceCode=31`).set(as(supNational)).expect(200)).body, { provinceCode: '31' });
    check((await t.http().get(`/api/v1/statistics?${PERIOD}&provinceCode=22&communeCode=06658`).set(as(supQn)).expect(200)).body, { communeCode: '06658' });
    const all = (await t.http().get(`/api/v1/statistics?${PERIOD}`).set(as(admin)).expect(200)).body;
    expect(all.area.level).toBe('NATIONAL');
    check(all, {});
  });

  it('supervisor.hp sees nothing of Quảng Ninh', async () => {
    const own = await t.http().get(`/api/v1/statistics?${PERIOD}`).set(as(supHp)).expect(200);
    check(own.body, { provinceCode: '31' });
    const qn = await t.http().get(`/api/v1/statistics?${PERIOD}&provinceCode=22`).set(as(supHp)).expect(403);
    expect(qn.body.message).toMatch(/province 22 is outside your jurisdiction \(province 31\)/);
    await t.http().get(`/api/v1/statistics?${PERIOD}&communeCode=06652`).set(as(supHp)).expect(403);
    await t.http().get(`/api/v1/statistics?${PERIOD}&provinceCode=31`).set(as(supCommune)).expect(403);
  });

  it.each([
    ['from=2026-13-01&to=2026-06-30', /from must be a date as YYYY-MM-DD/],
    ['from=2026-02-30&to=2026-06-30', /from must be a date/],
    ['from=yesterday&to=2026-06-30', /from must be a date/],
    ['from=2026-07-01&to=2026-06-30', /is after to \(2026-06-30\); swap them/],
    ['from=2020-01-01&to=2026-06-30', /longer than 5 years/],
    ['from=2026-01-01&to=2026-06-30&provinceCode=99', /provinceCode 99 is not a province code/],
    ['from=2026-01-01&to=2026-06-30&provinceCode=Q', /provinceCode must be a two-digit/],
    ['from=2026-01-01&to=2026-06-30&communeCode=99999', /communeCode 99999 is not a commune code/],
    ['from=2026-01-01&to=2026-06-30&provinceCode=31&communeCode=06652', /Commune 06652 is in province 22, not 31/],
    ['from=2026-01-01&to=2026-06-30&format=pdf', /format must be one of json, csv, xlsx/],
    ['from=2026-01-01&to=2026-06-30&extra=1', /property extra should not exist/],
  ])('400 for %s', async (query, message) => {
    const res = await t.http().get(`/api/v1/statistics?${query}`).set(as(supNational)).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect([res.body.message].flat().join('; ')).toMatch(message);
  });

  it('exactly five years is allowed; the default period is this year to date', async () => {
    await t.http().get('/api/v1/statistics?from=2021-07-01&to=2026-06-30').set(as(supQn)).expect(200);
    const res = await t.http().get('/api/v1/statistics').set(as(supQn)).expect(200);
    expect(res.body.period).toMatchObject({ from: '2026-01-01', to: '2026-07-15' });
  });

  it('exports CSV: UTF-8 with BOM, attachment, header row, Vietnamese intact, figures as in JSON; audited', async () => {
    const res = await download(`/api/v1/statistics?${PERIOD}&format=csv`, supQn);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="thong-ke-22-2026-01-01_2026-06-30.csv"');
    const buf = res.body as Buffer;
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Mục / Section,Chỉ tiêu / Item,Phân loại / Breakdown,Giá trị / Value');
    expect(text).toContain('Quảng Ninh (22)');
    expect(text.endsWith('\r\n')).toBe(true);
    const e = expected(fx, { provinceCode: '22' });
    expect(lines).toContain(`Trẻ em / Children,TOTAL,,${e.children.total}`);
    expect(lines).toContain(`"Thông tin, thông báo, tố giác / Reports",TOTAL,,${e.reports.total}`);
    expect(lines.some((l) => l.startsWith('Chỉ tiêu Thông tư 13/2021 / Circular 13/2021 indicator,"TT13_CHILDREN_REPORTED: Số trẻ em được thông báo, tố giác'))).toBe(true);
    const audit = await ds.query(`SELECT action, province_code, after FROM audit_log WHERE actor_id = $1 AND action = 'STATISTICS_EXPORTED'`, [supQn.id]);
    expect(audit).toEqual([{ action: 'STATISTICS_EXPORTED', province_code: '22', after: { from: '2026-01-01', to: '2026-06-30', level: 'PROVINCE', format: 'csv' } }]);
  });

  it('exports XLSX a spreadsheet can open', async () => {
    const res = await download(`/api/v1/statistics?${PERIOD}&format=xlsx`, supQn);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="thong-ke-22-2026-01-01_2026-06-30.xlsx"/);
    const buf = res.body as Buffer;
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    // Read back as a spreadsheet program does: one sheet, the CSV's header row, counts as numbers.
    const sheets = await readXlsxFile(buf);
    expect(sheets.map((s) => s.sheet)).toEqual(['Thống kê 2026-01-01']);
    const rows = sheets[0].data;
    expect(rows[0]).toEqual(['Mục / Section', 'Chỉ tiêu / Item', 'Phân loại / Breakdown', 'Giá trị / Value']);
    expect(rows.flat().some((c) => typeof c === 'string' && c.includes('Quảng Ninh (22)'))).toBe(true);
    const e = expected(fx, { provinceCode: '22' });
    expect(rows).toContainEqual(['Trẻ em / Children', 'TOTAL', null, e.children.total]);
  });
});
