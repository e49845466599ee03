import { RiskLevel } from '../cases/enums';
import { VN_PUBLIC_HOLIDAYS } from './data/vn-holidays';
import {
  applyPolicyPatch,
  computeDueAt,
  DEFAULT_DEADLINE_POLICIES,
  DeadlinePolicy,
  DeadlinePolicyError,
  escalationTimes,
  resolveBasis,
  resolveDuration,
  validatePolicyPatch,
} from './deadline-policy.rules';
import { AgencyType } from '../referrals/enums';
import { DeadlineKey, DeadlineKind } from './enums';
import { WorkingCalendar } from './working-calendar.rules';

const calendar = new WorkingCalendar(VN_PUBLIC_HOLIDAYS);
const vn = (local: string): Date => new Date(`${local}+07:00`);
const policy = (key: DeadlineKey): DeadlinePolicy => {
  const found = DEFAULT_DEADLINE_POLICIES.find((p) => p.key === key);
  if (!found) throw new Error(`no default policy ${key}`);
  return found;
};
const custom = (over: Partial<DeadlinePolicy>): DeadlinePolicy => ({
  key: DeadlineKey.CASE_REVIEW,
  kind: DeadlineKind.POLICY,
  legalBasis: 'Mục tiêu của hệ thống',
  duration: 'P30D',
  workingDays: false,
  byRisk: {},
  byAgencyType: {},
  basisByAgencyType: {},
  escalateAfter: [],
  ...over,
});

describe('DEFAULT_DEADLINE_POLICIES', () => {
  it('has exactly one policy per deadline key', () => {
    expect(DEFAULT_DEADLINE_POLICIES.map((p) => p.key).sort()).toEqual(Object.values(DeadlineKey).sort());
  });

  it.each(DEFAULT_DEADLINE_POLICIES.map((p) => [p.key, p]))('%s is itself a valid policy body', (_key, p) => {
    const { key: _, ...body } = p;
    expect(validatePolicyPatch(body)).toEqual([]);
  });

  it('follows domain.md: urgent protection 12 hours, plan 5 + 2 working days, separation 15 days; assessment a target', () => {
    expect(policy(DeadlineKey.CASE_ASSESSMENT)).toMatchObject({ kind: 'POLICY', duration: 'PT12H', workingDays: false });
    expect(policy(DeadlineKey.URGENT_PROTECTION)).toMatchObject({ kind: 'LEGAL', duration: 'PT12H', workingDays: false, legalBasis: expect.stringContaining('Điều 26 khoản 3') });
    expect(policy(DeadlineKey.CASE_PLAN)).toMatchObject({ kind: 'LEGAL', duration: 'P5D', workingDays: true, legalBasis: expect.stringContaining('Điều 28 khoản 1') });
    expect(policy(DeadlineKey.PLAN_APPROVAL)).toMatchObject({ kind: 'LEGAL', duration: 'P2D', workingDays: true, legalBasis: expect.stringContaining('Điều 28 khoản 4') });
    expect(policy(DeadlineKey.SEPARATION_END)).toMatchObject({ kind: 'LEGAL', duration: 'P15D', legalBasis: expect.stringContaining('Điều 32') });
    expect(policy(DeadlineKey.REPORTER_NOTIFICATION)).toMatchObject({ kind: 'LEGAL', duration: 'P3D' });
  });

  it('gives a police referral its own clocks and basis: investigator in 3 days, decision in 20 days', () => {
    const ack = policy(DeadlineKey.REFERRAL_ACKNOWLEDGE);
    const complete = policy(DeadlineKey.REFERRAL_COMPLETE);
    const sent = vn('2026-03-02T10:00:00');
    // The agency type wins over the risk level: the Code sets the police's clock.
    expect(resolveDuration(ack, RiskLevel.CRITICAL, AgencyType.POLICE)).toBe('P3D');
    expect(computeDueAt(complete, sent, RiskLevel.HIGH, calendar, AgencyType.POLICE).toISOString()).toBe(vn('2026-03-22T10:00:00').toISOString());
    expect(resolveDuration(complete, RiskLevel.HIGH, AgencyType.HEALTH)).toBe('P15D');
    expect(resolveBasis(complete, AgencyType.POLICE)).toEqual({ kind: 'LEGAL', legalBasis: 'Bộ luật Tố tụng hình sự 2015, Điều 147 khoản 1' });
    expect(resolveBasis(complete, AgencyType.HEALTH)).toEqual({ kind: 'POLICY', legalBasis: 'Mục tiêu của hệ thống' });
    expect(resolveBasis(ack, AgencyType.POLICE).legalBasis).toBe('Thông tư 43/2021/TT-BCA, Điều 8');
  });

  it('refuses unknown agency types, kinds and an empty legal basis, with messages', () => {
    expect(validatePolicyPatch({ byAgencyType: { ARMY: 'P1D' }, kind: 'LAW', legalBasis: ' ' })).toEqual([
      expect.stringMatching(/^byAgencyType: unknown agency type "ARMY"/),
      expect.stringMatching(/^kind must be LEGAL or POLICY/),
      expect.stringMatching(/^legalBasis must name the act and article/),
    ]);
    expect(validatePolicyPatch({ byAgencyType: { POLICE: 'PT36H' } }, policy(DeadlineKey.CASE_PLAN))).toEqual([
      expect.stringMatching(/^byAgencyType.POLICE: working days are counted/),
    ]);
  });
});

describe('resolveDuration and computeDueAt (default policies, seed calendar)', () => {
  it.each<[DeadlineKey, string, RiskLevel | null, string, string]>([
    // Hours run on weekends and holidays: a child in danger does not wait for Monday.
    [DeadlineKey.CASE_ASSESSMENT, '2026-11-22T08:00:00', null, 'PT12H', '2026-11-22T20:00:00'],
    [DeadlineKey.CASE_ASSESSMENT, '2026-11-22T08:00:00', RiskLevel.LOW, 'PT12H', '2026-11-22T20:00:00'],
    [DeadlineKey.CASE_ASSESSMENT, '2026-11-22T08:00:00', RiskLevel.MEDIUM, 'PT12H', '2026-11-22T20:00:00'],
    [DeadlineKey.CASE_ASSESSMENT, '2026-11-22T08:00:00', RiskLevel.HIGH, 'PT6H', '2026-11-22T14:00:00'],
    [DeadlineKey.CASE_ASSESSMENT, '2026-11-22T08:00:00', RiskLevel.CRITICAL, 'PT2H', '2026-11-22T10:00:00'],
    [DeadlineKey.CASE_ASSESSMENT, '2026-02-16T21:00:00', null, 'PT12H', '2026-02-17T09:00:00'],
    // Working days skip weekends, Tết and compensatory days.
    [DeadlineKey.CASE_PLAN, '2026-02-13T10:00:00', null, 'P5D', '2026-02-27T10:00:00'],
    [DeadlineKey.CASE_PLAN, '2026-02-13T10:00:00', RiskLevel.CRITICAL, 'P5D', '2026-02-27T10:00:00'],
    [DeadlineKey.CASE_PLAN, '2026-03-07T22:30:00', RiskLevel.HIGH, 'P5D', '2026-03-14T00:00:00'],
    [DeadlineKey.CASE_PLAN, '2026-04-24T09:00:00', null, 'P5D', '2026-05-06T09:00:00'],
    // The chair's 2 working days from a Friday submission: Monday and Tuesday.
    [DeadlineKey.PLAN_APPROVAL, '2026-03-06T16:00:00', null, 'P2D', '2026-03-10T16:00:00'],
    [DeadlineKey.URGENT_PROTECTION, '2026-03-07T22:30:00', RiskLevel.CRITICAL, 'PT12H', '2026-03-08T10:30:00'],
    [DeadlineKey.CASE_REVIEW, '2026-01-31T10:00:00', RiskLevel.HIGH, 'P30D', '2026-03-02T10:00:00'],
    [DeadlineKey.REFERRAL_ACKNOWLEDGE, '2026-11-22T08:00:00', null, 'PT24H', '2026-11-23T08:00:00'],
    [DeadlineKey.REFERRAL_ACKNOWLEDGE, '2026-11-22T08:00:00', RiskLevel.LOW, 'PT24H', '2026-11-23T08:00:00'],
    [DeadlineKey.REFERRAL_ACKNOWLEDGE, '2026-11-22T08:00:00', RiskLevel.HIGH, 'PT4H', '2026-11-22T12:00:00'],
    [DeadlineKey.REFERRAL_ACKNOWLEDGE, '2026-11-22T08:00:00', RiskLevel.CRITICAL, 'PT1H', '2026-11-22T09:00:00'],
    [DeadlineKey.REFERRAL_COMPLETE, '2026-11-22T08:00:00', RiskLevel.MEDIUM, 'P30D', '2026-12-22T08:00:00'],
    [DeadlineKey.REFERRAL_COMPLETE, '2026-11-22T08:00:00', RiskLevel.HIGH, 'P15D', '2026-12-07T08:00:00'],
    [DeadlineKey.REFERRAL_COMPLETE, '2026-11-22T08:00:00', RiskLevel.CRITICAL, 'P15D', '2026-12-07T08:00:00'],
  ])('%s from %s, risk %s: %s → %s', (key, start, risk, duration, due) => {
    expect(resolveDuration(policy(key), risk)).toBe(duration);
    expect(computeDueAt(policy(key), vn(start), risk, calendar).toISOString()).toBe(vn(due).toISOString());
  });

  it.each<[Partial<DeadlinePolicy>, RiskLevel | null, string, string]>([
    [{ duration: 'PT5S' }, null, '2026-11-22T08:00:00', '2026-11-22T08:00:05'],
    [{ duration: 'PT0.5S' }, null, '2026-11-22T08:00:00', '2026-11-22T08:00:00.500'],
    [{ duration: 'P1DT2H' }, null, '2026-11-22T08:00:00', '2026-11-23T10:00:00'],
    [{ duration: 'P2W' }, null, '2026-11-22T08:00:00', '2026-12-06T08:00:00'],
    [{ duration: 'P1M' }, null, '2026-01-31T08:00:00', '2026-02-28T08:00:00'],
    [{ duration: 'P10D', workingDays: true, byRisk: { HIGH: 'P2D' } }, RiskLevel.HIGH, '2026-02-12T15:00:00', '2026-02-23T15:00:00'],
  ])('custom policy %j, risk %s, from %s → %s', (over, risk, start, due) => {
    expect(computeDueAt(custom(over), vn(start), risk, calendar).toISOString()).toBe(vn(due).toISOString());
  });

  it.each<[Partial<DeadlinePolicy>, RiskLevel | null, RegExp]>([
    [{ key: DeadlineKey.CASE_PLAN, duration: 'PT12H', workingDays: true }, null, /CASE_PLAN counts working days, so duration must be whole days like "P7D"; got "PT12H"/],
    [{ duration: 'P7D', workingDays: true, byRisk: { HIGH: 'PT48H' } }, RiskLevel.HIGH, /so byRisk\.HIGH must be whole days/],
    [{ duration: 'P1W', workingDays: true }, null, /must be whole days like "P7D"; got "P1W"/],
    [{ duration: 'soon' }, null, /Deadline policy CASE_REVIEW, duration: Invalid duration "soon"/],
    [{ duration: 'PT0S' }, null, /"PT0S" must be longer than zero/],
  ])('refuses %j (risk %s)', (over, risk, message) => {
    const run = () => computeDueAt(custom(over), vn('2026-03-02T10:00:00'), risk, calendar);
    expect(run).toThrow(DeadlinePolicyError);
    expect(run).toThrow(message);
  });
});

describe('escalationTimes (cumulative)', () => {
  it.each<[DeadlinePolicy, string, string[]]>([
    [policy(DeadlineKey.CASE_ASSESSMENT), '2026-11-22T20:00:00', ['2026-11-22T22:00:00', '2026-11-23T10:00:00']],
    [policy(DeadlineKey.REFERRAL_ACKNOWLEDGE), '2026-11-22T08:00:00', ['2026-11-22T12:00:00', '2026-11-23T12:00:00']],
    [policy(DeadlineKey.CASE_PLAN), '2026-03-03T10:00:00', ['2026-03-04T10:00:00', '2026-03-07T10:00:00']],
    [custom({ escalateAfter: ['PT5S', 'PT10S'] }), '2026-11-22T08:00:00', ['2026-11-22T08:00:05', '2026-11-22T08:00:15']],
    [custom({ escalateAfter: ['PT0.5S'] }), '2026-11-22T08:00:00', ['2026-11-22T08:00:00.500']],
    [custom({ escalateAfter: [] }), '2026-11-22T08:00:00', []],
  ])('%j due %s → %j', (p, due, expected) => {
    expect(escalationTimes(p, vn(due)).map((d) => d.toISOString())).toEqual(expected.map((x) => vn(x).toISOString()));
  });

  it('names the bad grace period', () => {
    expect(() => escalationTimes(custom({ escalateAfter: ['PT4H', '1 day'] }), vn('2026-11-22T08:00:00'))).toThrow(/CASE_REVIEW, escalateAfter\[1\]: Invalid duration "1 day"/);
  });
});

describe('validatePolicyPatch', () => {
  it.each<[unknown, RegExp[]]>([
    // Valid bodies.
    [{}, []],
    [{ duration: 'PT5S' }, []],
    [{ duration: 'PT0.5S', escalateAfter: ['PT5S', 'PT10S'] }, []],
    [{ duration: 'PT12H', workingDays: false, byRisk: { HIGH: 'PT2H' }, escalateAfter: ['PT4H', 'PT24H'] }, []],
    [{ duration: 'P7D', workingDays: true, byRisk: { CRITICAL: 'P3D' } }, []],
    [{ duration: 'P1M' }, []],
    [{ byRisk: {} }, []],
    [{ escalateAfter: [] }, []],
    // Durations.
    [{ duration: '12h' }, [/^duration: Invalid duration "12h": not in the form PnYnMnWnDTnHnMnS\. Use ISO-8601, e\.g\. "PT12H"/]],
    [{ duration: '' }, [/^duration: Invalid duration "": it is empty/]],
    [{ duration: 'P' }, [/^duration: Invalid duration "P": it has no amount/]],
    [{ duration: 'PT' }, [/^duration: Invalid duration "PT": "T" must be followed/]],
    [{ duration: '-PT1H' }, [/negative durations are not allowed/]],
    [{ duration: 'PT0S' }, [/^duration: "PT0S" must be longer than zero$/]],
    [{ duration: 'P0D' }, [/must be longer than zero/]],
    [{ duration: 12 }, [/^duration must be a string with an ISO-8601 duration such as "PT12H", got number$/]],
    [{ duration: null }, [/got null/]],
    [{ duration: 'P30Y' }, [/^duration: "P30Y" is longer than 10 years; check for a typo$/]],
    // Risk overrides.
    [{ byRisk: { EXTREME: 'PT1H' } }, [/^byRisk: unknown risk level "EXTREME"; use LOW, MEDIUM, HIGH, CRITICAL$/]],
    [{ byRisk: { high: 'PT1H' } }, [/unknown risk level "high"/]],
    [{ byRisk: { HIGH: 'PT0S' } }, [/^byRisk\.HIGH: "PT0S" must be longer than zero$/]],
    [{ byRisk: { HIGH: 'PT2' } }, [/^byRisk\.HIGH: Invalid duration "PT2"/]],
    [{ byRisk: ['PT1H'] }, [/^byRisk must be an object mapping risk levels to durations/]],
    [{ byRisk: null }, [/^byRisk must be an object/]],
    // Working days need whole days.
    [{ workingDays: true, duration: 'PT12H' }, [/^duration: working days are counted, so the duration must be whole days such as "P7D", got "PT12H"$/]],
    [{ workingDays: true, duration: 'P1W' }, [/whole days such as "P7D", got "P1W"/]],
    [{ workingDays: true, duration: 'P7D', byRisk: { HIGH: 'PT48H' } }, [/^byRisk\.HIGH: working days are counted/]],
    [{ workingDays: 'yes' }, [/^workingDays must be true or false$/]],
    // Escalation.
    [{ escalateAfter: ['PT4H', 'PT24H', 'P3D'] }, [/^escalateAfter has 3 entries; at most 2 escalation levels exist/]],
    [{ escalateAfter: 'PT4H' }, [/^escalateAfter must be a list of up to 2 durations/]],
    [{ escalateAfter: ['PT4H', 'bad'] }, [/^escalateAfter\[1\]: Invalid duration "bad"/]],
    [{ escalateAfter: ['PT0S'] }, [/^escalateAfter\[0\]: "PT0S" must be longer than zero$/]],
    [{ workingDays: true, duration: 'P7D', escalateAfter: ['PT4H'] }, []],
    // Shape.
    [{ durationn: 'PT1H' }, [/^Unknown field "durationn"; a deadline policy has duration, workingDays, byRisk, byAgencyType, basisByAgencyType, escalateAfter, kind, legalBasis$/]],
    [{ key: 'CASE_PLAN' }, [/Unknown field "key"/]],
    [null, [/^The body must be a JSON object/]],
    [['PT12H'], [/^The body must be a JSON object/]],
    ['PT12H', [/^The body must be a JSON object/]],
    // Everything wrong at once: each problem is reported.
    [
      { duration: 'P', byRisk: { NONE: 'PT1H' }, escalateAfter: ['PT0S', 'x', 'y'] },
      [/^duration:/, /^byRisk: unknown risk level "NONE"/, /^escalateAfter has 3 entries/, /^escalateAfter\[0\]/, /^escalateAfter\[1\]/, /^escalateAfter\[2\]/],
    ],
  ])('%j', (patch, expected) => {
    const problems = validatePolicyPatch(patch);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((m, i) => expect(problems[i]).toMatch(m));
  });

  it.each<[DeadlineKey, unknown, RegExp[]]>([
    // Switching on working days checks the durations the patch keeps.
    [DeadlineKey.CASE_ASSESSMENT, { workingDays: true }, [/^duration: .*got "PT12H"/, /^byRisk\.CRITICAL: .*got "PT2H"/, /^byRisk\.HIGH: .*got "PT6H"/]],
    [DeadlineKey.CASE_PLAN, { duration: 'PT36H' }, [/^duration: working days are counted/]],
    [DeadlineKey.CASE_PLAN, { byRisk: { CRITICAL: 'PT24H' } }, [/^byRisk\.CRITICAL: working days are counted/]],
    [DeadlineKey.CASE_PLAN, { workingDays: false, duration: 'PT36H' }, []],
    [DeadlineKey.CASE_PLAN, { byRisk: { CRITICAL: 'P3D' } }, []],
    [DeadlineKey.CASE_ASSESSMENT, { duration: 'PT8H' }, []],
  ])('against the current %s policy: %j', (key, patch, expected) => {
    const problems = validatePolicyPatch(patch, policy(key));
    expect(problems).toHaveLength(expected.length);
    expected.forEach((m, i) => expect(problems[i]).toMatch(m));
  });
});

describe('applyPolicyPatch', () => {
  it('keeps the key and untouched fields, replaces byRisk and escalateAfter as a whole, leaves the input alone', () => {
    const current = policy(DeadlineKey.REFERRAL_ACKNOWLEDGE);
    const before = JSON.stringify(current);
    const next = applyPolicyPatch(current, { byRisk: { HIGH: 'PT2H' }, escalateAfter: ['PT5S'] });
    expect(next).toEqual({
      key: DeadlineKey.REFERRAL_ACKNOWLEDGE,
      kind: 'POLICY',
      legalBasis: 'Mục tiêu của hệ thống',
      duration: 'PT24H',
      workingDays: false,
      byRisk: { HIGH: 'PT2H' },
      byAgencyType: { POLICE: 'P3D' },
      basisByAgencyType: { POLICE: { kind: 'LEGAL', legalBasis: 'Thông tư 43/2021/TT-BCA, Điều 8' } },
      escalateAfter: ['PT5S'],
    });
    expect(JSON.stringify(current)).toBe(before);
    expect(applyPolicyPatch(current, {})).toEqual(current);
  });
});
