import { CaseStatus, RiskLevel } from '../cases/enums';
import { AbuseType } from '../intake/enums';
import { AgencyType, ReferralStatus } from './enums';
import { ExistingReferral } from './referral-planning.rules';
import { planRoutingBatch, RoutingCase, routingModeOfCase, routingRequest, RoutingRequest, routingSteps } from './routing-batch.rules';
import { AgencyCandidate, DEFAULT_ROUTING_RULES, RoutingRule } from './routing.rules';

const rules: RoutingRule[] = DEFAULT_ROUTING_RULES.map((r) => ({ ...r, id: `default-${r.number}` }));

function kase(id: string, extra: Partial<RoutingCase> = {}): RoutingCase {
  return {
    id,
    status: CaseStatus.RECEIVED,
    abuseTypes: [AbuseType.SEXUAL_ABUSE],
    riskLevel: RiskLevel.CRITICAL,
    immediateDanger: true,
    lastAssessmentFounded: null,
    provinceCode: '22',
    communeCode: '06652',
    ...extra,
  };
}

function agency(id: string, type: AgencyType, provinceCode: string | null, communeCode: string | null = null): AgencyCandidate {
  return { id, type, provinceCode, communeCode, active: true };
}

const agencies = [
  agency('police-22', AgencyType.POLICE, '22'),
  agency('police-31', AgencyType.POLICE, '31'),
  agency('health-22', AgencyType.HEALTH, '22'),
  agency('social-06652', AgencyType.SOCIAL_SERVICES, '22', '06652'),
  agency('justice-nat', AgencyType.JUSTICE, null),
];

describe('routingRequest', () => {
  const ev = (type: string, payload: Record<string, unknown>) => routingRequest({ id: '7', type, payload: { caseId: 'c1', ...payload } });

  it.each([
    ['CASE_OPENED', { immediateDanger: true }, 'URGENT'],
    ['CASE_OPENED', { immediateDanger: false }, null],
    ['CASE_ASSESSMENT_RECORDED', { founded: true }, 'FULL'],
    ['CASE_ASSESSMENT_RECORDED', { founded: false }, null],
    ['CASE_EMERGENCY_MEASURE', {}, 'URGENT'],
    ['REPORT_LINKED', {}, 'BY_CASE'],
    ['CASE_LOCATION_SET', {}, 'BY_CASE'],
    ['REFERRAL_SENT', {}, null],
  ])('%s %j asks %s', (type, payload, mode) => {
    const r = ev(type, payload);
    expect(r === null ? null : r.mode).toBe(mode);
    if (r) expect(r).toEqual({ eventId: '7', caseId: 'c1', mode });
  });

  it('asks nothing without a case', () => {
    expect(routingRequest({ id: '1', type: 'CASE_EMERGENCY_MEASURE', payload: {} })).toBeNull();
  });
});

describe('routingModeOfCase', () => {
  it.each([
    [{ status: CaseStatus.PLANNING, lastAssessmentFounded: true }, 'FULL'],
    [{ status: CaseStatus.ASSESSING, lastAssessmentFounded: true }, 'URGENT'],
    [{ status: CaseStatus.RECEIVED, immediateDanger: false }, null],
    [{ status: CaseStatus.PLANNING, lastAssessmentFounded: false, immediateDanger: false }, null],
    [{ status: CaseStatus.CLOSED, lastAssessmentFounded: true }, null],
  ] as [Partial<RoutingCase>, string | null][])('%j → %s', (c, mode) => {
    expect(routingModeOfCase(kase('c', c))).toBe(mode);
  });
});

describe('routingSteps', () => {
  it('drops missing and closed cases and urgent routing of a case no longer in danger; re-routes after assessment to new types only', () => {
    const cases = new Map([
      ['open', kase('open')],
      ['closed', kase('closed', { status: CaseStatus.CLOSED })],
      ['safe', kase('safe', { immediateDanger: false })],
      ['assessed', kase('assessed', { status: CaseStatus.PLANNING, lastAssessmentFounded: true })],
    ]);
    const requests: RoutingRequest[] = [
      { eventId: '1', caseId: 'open', mode: 'URGENT' },
      { eventId: '2', caseId: 'closed', mode: 'URGENT' },
      { eventId: '3', caseId: 'gone', mode: 'FULL' },
      { eventId: '4', caseId: 'safe', mode: 'URGENT' },
      { eventId: '5', caseId: 'assessed', mode: 'BY_CASE' },
      { eventId: '6', caseId: 'open', mode: 'BY_CASE' },
    ];
    expect(routingSteps(requests, cases)).toEqual([
      { eventId: '1', caseId: 'open', mode: 'URGENT', onlyNewTypes: false },
      { eventId: '5', caseId: 'assessed', mode: 'FULL', onlyNewTypes: true },
      { eventId: '6', caseId: 'open', mode: 'URGENT', onlyNewTypes: false },
    ]);
  });
});

describe('planRoutingBatch', () => {
  const plan = (steps: Parameters<typeof planRoutingBatch>[0]['steps'], cases: RoutingCase[], existing: [string, ExistingReferral[]][] = []) =>
    planRoutingBatch({ steps, cases: new Map(cases.map((c) => [c.id, c])), rules, children: new Map(), existing: new Map(existing), agencies });

  it('plans each case with its own place among the agencies of the whole batch', () => {
    const out = plan(
      [
        { eventId: '1', caseId: 'a', mode: 'URGENT', onlyNewTypes: false },
        { eventId: '2', caseId: 'b', mode: 'URGENT', onlyNewTypes: false },
        { eventId: '3', caseId: 'c', mode: 'URGENT', onlyNewTypes: false },
      ],
      [kase('a'), kase('b', { provinceCode: '31', communeCode: null }), kase('c', { provinceCode: '01', communeCode: null })],
    );
    expect(out.map((o) => [o.step.caseId, o.plan.create.map((p) => p.agencyId), o.plan.noAgency.map((r) => r.agencyType)])).toEqual([
      ['a', ['police-22'], []],
      ['b', ['police-31'], []],
      ['c', [], [AgencyType.POLICE]],
    ]);
  });

  it('lets a later event of the same case see the referrals an earlier one planned (as one at a time would)', () => {
    const out = plan(
      [
        { eventId: '1', caseId: 'a', mode: 'URGENT', onlyNewTypes: false },
        { eventId: '2', caseId: 'a', mode: 'URGENT', onlyNewTypes: false },
        { eventId: '3', caseId: 'a', mode: 'FULL', onlyNewTypes: false },
      ],
      [kase('a', { status: CaseStatus.PLANNING, lastAssessmentFounded: true })],
    );
    expect(out.map((o) => o.plan.create.map((p) => p.agencyType))).toEqual([
      [AgencyType.POLICE],
      [],
      // Sexual abuse: police (already open), health, social services, justice.
      [AgencyType.HEALTH, AgencyType.SOCIAL_SERVICES, AgencyType.JUSTICE],
    ]);
    expect(out[1].plan.skipped).toEqual([{ agencyType: AgencyType.POLICE, because: 'OPEN_REFERRAL' }]);
  });

  it('refers nothing twice for a redelivered event, and only new types on a re-route after assessment', () => {
    const closedPolice: ExistingReferral = { agencyType: AgencyType.POLICE, status: ReferralStatus.DECLINED, sourceEventId: '9' };
    const redelivered = plan([{ eventId: '9', caseId: 'a', mode: 'URGENT', onlyNewTypes: false }], [kase('a')], [['a', [closedPolice]]]);
    expect(redelivered[0].plan.create).toEqual([]);
    expect(redelivered[0].plan.skipped).toEqual([{ agencyType: AgencyType.POLICE, because: 'SAME_EVENT' }]);

    const reroute = plan(
      [{ eventId: '10', caseId: 'a', mode: 'FULL', onlyNewTypes: true }],
      [kase('a', { status: CaseStatus.PLANNING, lastAssessmentFounded: true })],
      [['a', [closedPolice]]],
    );
    expect(reroute[0].plan.create.map((p) => p.agencyType)).toEqual([AgencyType.HEALTH, AgencyType.SOCIAL_SERVICES, AgencyType.JUSTICE]);
  });
});
