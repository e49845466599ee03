import { RiskLevel } from '../cases/enums';
import { JurisdictionLevel, Role } from '../identity/enums';
import { AbuseType } from '../intake/enums';
import { AgencyType, ReferralStatus } from './enums';
import {
  expectedReferralVersion,
  ExistingReferral,
  manualExplanation,
  planReferrals,
  readRuleBody,
  reasonProblem,
  referralChanges,
  referralVersionConflict,
  refuseCaseSideWork,
  routingChildren,
  urgentRoutingRules,
} from './referral-planning.rules';
import { vietnamYear } from '../common/vietnam-time';
import { AgencyCandidate, DEFAULT_ROUTING_RULES, routeCase, RoutedAgency, RoutingRule } from './routing.rules';

const { POLICE, HEALTH, SOCIAL_SERVICES, JUSTICE, EDUCATION } = AgencyType;
const rules: RoutingRule[] = DEFAULT_ROUTING_RULES.map((r, i) => ({ ...r, id: `rule-${i + 1}` }));
const qn = { provinceCode: '22', communeCode: '06652' };
const agency = (id: string, type: AgencyType, provinceCode: string | null, communeCode: string | null = null): AgencyCandidate => ({
  id,
  type,
  provinceCode,
  communeCode,
  active: true,
});
const routed = (...types: AgencyType[]): RoutedAgency[] => types.map((agencyType) => ({ agencyType, reasons: [], explanation: `${agencyType} because test` }));

describe('vietnamYear', () => {
  it.each([
    ['2026-12-31T16:59:59Z', 2026],
    ['2026-12-31T17:00:00Z', 2027],
    ['2026-01-01T00:00:00Z', 2026],
  ])('%s is in %i in Việt Nam', (at, year) => {
    expect(vietnamYear(new Date(at))).toBe(year);
  });
});

describe('routingChildren', () => {
  it('derives the age from the birth year and keeps unknowns unknown', () => {
    const now = new Date('2026-11-22T01:00:00Z');
    expect(
      routingChildren(
        [
          { birthYear: 2017, hasDisability: true, inSchool: null },
          { birthYear: null, hasDisability: null, inSchool: true },
          { birthYear: 2030, hasDisability: false, inSchool: false },
        ],
        now,
      ),
    ).toEqual([
      { age: 9, hasDisability: true, inSchool: null },
      { age: null, hasDisability: null, inSchool: true },
      { age: null, hasDisability: false, inSchool: false },
    ]);
  });
});

describe('urgentRoutingRules', () => {
  it('keeps only the rules about immediate danger: the police by default', () => {
    const urgent = urgentRoutingRules(rules);
    expect(urgent.map((r) => r.number)).toEqual([7]);
    const input = { abuseTypes: [AbuseType.SEXUAL_ABUSE], riskLevel: RiskLevel.CRITICAL, immediateDanger: true, children: [] };
    expect(routeCase(input, urgent).map((r) => r.agencyType)).toEqual([POLICE]);
    expect(routeCase(input, rules).map((r) => r.agencyType)).toEqual([POLICE, HEALTH, SOCIAL_SERVICES, JUSTICE]);
  });
});

describe('planReferrals', () => {
  const agencies = [
    agency('p-22', POLICE, '22'),
    agency('h-22', HEALTH, '22'),
    agency('s-commune', SOCIAL_SERVICES, '22', '06652'),
    agency('s-22', SOCIAL_SERVICES, '22'),
    agency('e-31', EDUCATION, '31'),
  ];

  it('picks the agency by geography, the commune before the province', () => {
    const plan = planReferrals(routed(POLICE, HEALTH, SOCIAL_SERVICES), [], qn, agencies, '10');
    expect(plan.create.map((p) => [p.agencyType, p.agencyId, p.level])).toEqual([
      [POLICE, 'p-22', 'PROVINCE'],
      [HEALTH, 'h-22', 'PROVINCE'],
      [SOCIAL_SERVICES, 's-commune', 'COMMUNE'],
    ]);
    expect(plan.noAgency).toEqual([]);
    expect(plan.skipped).toEqual([]);
  });

  it('reports types that no agency serves at the place', () => {
    const plan = planReferrals(routed(POLICE, EDUCATION, JUSTICE), [], qn, agencies, '10');
    expect(plan.create.map((p) => p.agencyType)).toEqual([POLICE]);
    expect(plan.noAgency.map((r) => r.agencyType)).toEqual([EDUCATION, JUSTICE]);
  });

  it.each<[string, ExistingReferral[], string | null, AgencyType[], string[]]>([
    ['an open referral of the type is kept', [{ agencyType: POLICE, status: ReferralStatus.ACCEPTED, sourceEventId: null }], '11', [HEALTH], ['POLICE:OPEN_REFERRAL']],
    [
      'every open state counts',
      [
        { agencyType: POLICE, status: ReferralStatus.SENT, sourceEventId: '3' },
        { agencyType: HEALTH, status: ReferralStatus.IN_PROGRESS, sourceEventId: '3' },
      ],
      '11',
      [],
      ['POLICE:OPEN_REFERRAL', 'HEALTH:OPEN_REFERRAL'],
    ],
    ['a closed referral from another event does not block a new one', [{ agencyType: POLICE, status: ReferralStatus.DECLINED, sourceEventId: '3' }], '11', [POLICE, HEALTH], []],
    [
      'a redelivered event refers nothing twice, even after the referral closed',
      [{ agencyType: POLICE, status: ReferralStatus.COMPLETED, sourceEventId: '11' }],
      '11',
      [HEALTH],
      ['POLICE:SAME_EVENT'],
    ],
    ['a referral by hand does not count as the same event', [{ agencyType: POLICE, status: ReferralStatus.CANCELLED, sourceEventId: null }], null, [POLICE, HEALTH], []],
  ])('%s', (_, existing, eventId, created, skipped) => {
    const plan = planReferrals(routed(POLICE, HEALTH), existing, qn, agencies, eventId);
    expect(plan.create.map((p) => p.agencyType)).toEqual(created);
    expect(plan.skipped.map((s) => `${s.agencyType}:${s.because}`)).toEqual(skipped);
  });
});

describe('refuseCaseSideWork', () => {
  const place = { provinceCode: '22', communeCode: '06652' };
  const actor = (role: Role, id = 'u1', provinceCode: string | null = '22') => ({
    id,
    role,
    jurisdictionLevel: provinceCode ? JurisdictionLevel.PROVINCE : JurisdictionLevel.NATIONAL,
    provinceCode,
    communeCode: null,
  });
  it.each([
    ['the assigned worker', actor(Role.CASE_WORKER, 'u1'), 'u1', true],
    ['another worker of the province', actor(Role.CASE_WORKER, 'u2'), 'u1', false],
    ['a worker when nobody is assigned', actor(Role.CASE_WORKER, 'u2'), null, false],
    ['a supervisor of the province', actor(Role.SUPERVISOR, 's1'), 'u1', true],
    ['a national supervisor', actor(Role.SUPERVISOR, 's1', null), null, true],
    ['a supervisor of another province', actor(Role.SUPERVISOR, 's1', '31'), 'u1', false],
    ['an agency officer', actor(Role.AGENCY_OFFICER, 'a1'), 'u1', false],
  ])('%s', (_, who, assigneeId, allowed) => {
    const refusal = refuseCaseSideWork(who, { ...place, assigneeId }, 'refer the case');
    expect(refusal === null).toBe(allowed);
    if (!allowed) expect(refusal).toMatch(/^Only the case's assigned worker or a supervisor of its jurisdiction may refer the case/);
  });
});

describe('reasonProblem and manualExplanation', () => {
  it.each([
    ['missing', undefined, 'reason is required'],
    ['blank', '   ', 'reason is required'],
    ['not text', 42, 'reason is required'],
    ['too short', 'abc', 'reason must be at least 5 characters'],
    ['too long', 'x'.repeat(2001), 'reason must be at most 2000 characters'],
    ['padded but long enough', '  enough  ', null],
  ])('%s', (_, reason, problem) => {
    expect(reasonProblem(reason)).toBe(problem);
  });

  it('names the type, the worker and the reason', () => {
    expect(manualExplanation(HEALTH, '  forensic exam needed ', 'worker.qn')).toBe('HEALTH referred by hand by worker.qn: forensic exam needed');
  });
});

describe('referralChanges', () => {
  const now = new Date('2026-11-22T02:00:00Z');
  const seen = new Date('2026-11-22T01:00:00Z');
  it.each([
    ['acknowledge', ReferralStatus.ACKNOWLEDGED, null, {}, { status: 'ACKNOWLEDGED', acknowledgedAt: now }, false],
    ['accept after acknowledging', ReferralStatus.ACCEPTED, seen, {}, { status: 'ACCEPTED', acceptedAt: now }, false],
    ['accept straight from SENT', ReferralStatus.ACCEPTED, null, {}, { status: 'ACCEPTED', acceptedAt: now, acknowledgedAt: now }, true],
    [
      'decline straight from SENT',
      ReferralStatus.DECLINED,
      null,
      { reason: ' not ours ' },
      { status: 'DECLINED', declinedAt: now, declineReason: 'not ours', acknowledgedAt: now },
      true,
    ],
    ['start', ReferralStatus.IN_PROGRESS, seen, {}, { status: 'IN_PROGRESS', startedAt: now }, false],
    [
      'complete',
      ReferralStatus.COMPLETED,
      seen,
      { outcome: { code: 'EXAMINED', note: ' ok ' } },
      { status: 'COMPLETED', completedAt: now, outcomeCode: 'EXAMINED', outcomeNote: 'ok' },
      false,
    ],
    [
      'complete without a note',
      ReferralStatus.COMPLETED,
      seen,
      { outcome: { code: 'EXAMINED' } },
      { status: 'COMPLETED', completedAt: now, outcomeCode: 'EXAMINED', outcomeNote: null },
      false,
    ],
    ['cancel', ReferralStatus.CANCELLED, seen, { reason: 'wrong agency' }, { status: 'CANCELLED', cancelledAt: now, cancelReason: 'wrong agency' }, false],
  ] as const)('%s', (label, to, acknowledgedAt, input, changes, implicit) => {
    const action = label.split(' ')[0] as 'acknowledge';
    const result = referralChanges(action, to, { acknowledgedAt }, input, now);
    expect(result.changes).toEqual(changes);
    expect(result.acknowledgedImplicitly).toBe(implicit);
  });
});

describe('expectedReferralVersion', () => {
  it.each([
    [undefined, undefined, { version: undefined }],
    [3, undefined, { version: 3 }],
    [undefined, '"4"', { version: 4 }],
    [undefined, 'W/"5"', { version: 5 }],
    [undefined, '*', { version: undefined }],
    [2, '2', { version: 2 }],
  ])('body %p, If-Match %p', (body, header, expected) => {
    expect(expectedReferralVersion(body, header)).toEqual(expected);
  });

  it('refuses a malformed or contradictory version', () => {
    expect(expectedReferralVersion(undefined, 'abc').problem).toMatch(/^If-Match must carry the referral version/);
    expect(expectedReferralVersion(2, '3').problem).toBe('expectedVersion (2) and If-Match (3) disagree; send the version once');
  });

  it('reports a conflict only when the versions differ', () => {
    expect(referralVersionConflict(3, undefined)).toBeNull();
    expect(referralVersionConflict(3, 3)).toBeNull();
    expect(referralVersionConflict(4, 3)).toMatch(/changed by someone else \(now version 4\)/);
  });
});

describe('readRuleBody', () => {
  const valid = { name: 'Disability: health', condition: { childHasDisability: true }, agencyTypes: ['HEALTH'] };

  it('reads a valid body, active by default, with the server-assigned number and version', () => {
    expect(readRuleBody(valid, { number: 14, version: 1 })).toEqual({
      rule: { name: 'Disability: health', nameVi: null, condition: { childHasDisability: true }, agencyTypes: ['HEALTH'], active: true },
      problems: [],
    });
  });

  it('refuses fields the server assigns, unknown fields, and what validateRoutingRule refuses', () => {
    const { rule, problems } = readRuleBody(
      { ...valid, number: 3, version: 9, colour: 'red', condition: { minrisk: 'HIGH' }, agencyTypes: ['POLICE', 'ARMY'] },
      { number: 14, version: 1 },
    );
    expect(rule).toBeNull();
    expect(problems).toEqual([
      'number is assigned by the server; leave it out',
      'version is assigned by the server; leave it out',
      expect.stringMatching(/^property colour should not exist/),
      expect.stringMatching(/^condition\.minrisk is not a known criterion/),
      'condition must have at least one criterion, otherwise the rule would refer every case',
      expect.stringMatching(/^agencyTypes contains unknown values \("ARMY"\)/),
    ]);
  });

  it('accepts the extra keys a route allows, and refuses a body that is not an object', () => {
    expect(readRuleBody({ ...valid, expectedVersion: 2 }, { number: 1, version: 3 }, ['expectedVersion']).problems).toEqual([]);
    expect(readRuleBody([valid], { number: 1, version: 1 }).problems).toEqual(['the request body must be a JSON object']);
    expect(readRuleBody({ ...valid, name: '  ' }, { number: 1, version: 1 }).problems).toEqual(['name must be a non-empty text']);
  });
});
