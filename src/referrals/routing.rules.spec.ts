import { RiskLevel } from '../cases/enums';
import { AbuseType } from '../intake/enums';
import { AgencyType } from './enums';
import {
  AGENCY_ROUTING_ORDER,
  AgencyCandidate,
  DEFAULT_ROUTING_RULES,
  RoutingCondition,
  RoutingInput,
  RoutingRule,
  resolveAgencyByGeography,
  routeCase,
  validateRoutingRule,
} from './routing.rules';

const { POLICE, HEALTH, SOCIAL_SERVICES, EDUCATION, JUSTICE, LOCAL_AUTHORITY } = AgencyType;
const { LOW, MEDIUM, HIGH, CRITICAL } = RiskLevel;
const A = AbuseType;

const defaults: RoutingRule[] = DEFAULT_ROUTING_RULES.map((r) => ({ ...r, id: `default-${r.number}` }));

function input(abuseTypes: AbuseType[], riskLevel: RiskLevel = LOW, immediateDanger = false, children: RoutingInput['children'] = []): RoutingInput {
  return { abuseTypes, riskLevel, immediateDanger, children };
}

function rule(number: number, condition: RoutingCondition, agencyTypes: AgencyType[], extra: Partial<RoutingRule> = {}): RoutingRule {
  return { id: `r${number}-v${extra.version ?? 1}`, number, version: 1, name: `rule ${number}`, condition, agencyTypes, active: true, ...extra };
}

const types = (routed: ReturnType<typeof routeCase>) => routed.map((r) => r.agencyType);

describe('DEFAULT_ROUTING_RULES', () => {
  it('are numbered 1..n without gaps, version 1, active, named in English and Vietnamese', () => {
    expect(DEFAULT_ROUTING_RULES.map((r) => r.number)).toEqual(DEFAULT_ROUTING_RULES.map((_, i) => i + 1));
    for (const r of DEFAULT_ROUTING_RULES) {
      expect(r.version).toBe(1);
      expect(r.active).toBe(true);
      expect(r.name.trim()).not.toBe('');
      expect(r.nameVi?.trim()).toBeTruthy();
      expect(r.nameVi).not.toBe(r.name);
    }
  });

  it('all pass validation', () => {
    for (const r of defaults) expect({ number: r.number, problems: validateRoutingRule(r) }).toEqual({ number: r.number, problems: [] });
  });

  it('give every abuse type at least one agency, even at LOW risk', () => {
    for (const t of Object.values(AbuseType)) expect({ t, n: routeCase(input([t]), defaults).length > 0 }).toEqual({ t, n: true });
  });

  // [abuse types, risk, immediate danger, expected agency types in routing order]
  const table: [string, AbuseType[], RiskLevel, boolean, AgencyType[]][] = [
    ['sexual abuse', [A.SEXUAL_ABUSE], LOW, false, [POLICE, HEALTH, SOCIAL_SERVICES, JUSTICE]],
    ['school violence', [A.SCHOOL_VIOLENCE], LOW, false, [SOCIAL_SERVICES, EDUCATION]],
    ['trafficking', [A.TRAFFICKING], LOW, false, [POLICE, SOCIAL_SERVICES, JUSTICE]],
    ['abduction', [A.ABDUCTION], LOW, false, [POLICE, SOCIAL_SERVICES]],
    ['online abuse', [A.ONLINE_ABUSE], LOW, false, [POLICE, SOCIAL_SERVICES]],
    ['neglect', [A.NEGLECT], LOW, false, [SOCIAL_SERVICES, LOCAL_AUTHORITY]],
    ['abandonment', [A.ABANDONMENT], MEDIUM, false, [SOCIAL_SERVICES, LOCAL_AUTHORITY]],
    ['physical violence, LOW', [A.PHYSICAL_VIOLENCE], LOW, false, [SOCIAL_SERVICES]],
    ['physical violence, MEDIUM', [A.PHYSICAL_VIOLENCE], MEDIUM, false, [SOCIAL_SERVICES]],
    ['physical violence, HIGH', [A.PHYSICAL_VIOLENCE], HIGH, false, [POLICE, HEALTH, SOCIAL_SERVICES]],
    ['physical violence, CRITICAL', [A.PHYSICAL_VIOLENCE], CRITICAL, false, [POLICE, HEALTH, SOCIAL_SERVICES]],
    ['emotional violence, HIGH (no police)', [A.EMOTIONAL_VIOLENCE], HIGH, false, [SOCIAL_SERVICES]],
    ['exploitation / child labour', [A.EXPLOITATION], LOW, false, [POLICE, SOCIAL_SERVICES, LOCAL_AUTHORITY]],
    ['child marriage', [A.CHILD_MARRIAGE], LOW, false, [SOCIAL_SERVICES, JUSTICE, LOCAL_AUTHORITY]],
    ['other', [A.OTHER], LOW, false, [SOCIAL_SERVICES]],
    ['other, CRITICAL risk', [A.OTHER], CRITICAL, false, [POLICE, SOCIAL_SERVICES]],
    ['other, immediate danger', [A.OTHER], LOW, true, [POLICE, SOCIAL_SERVICES]],
    ['no abuse type, CRITICAL risk', [], CRITICAL, false, [POLICE]],
    ['no abuse type, immediate danger', [], MEDIUM, true, [POLICE]],
    ['no abuse type, HIGH risk', [], HIGH, false, []],
    ['school violence + sexual abuse', [A.SCHOOL_VIOLENCE, A.SEXUAL_ABUSE], HIGH, false, [POLICE, HEALTH, SOCIAL_SERVICES, EDUCATION, JUSTICE]],
    ['every abuse type, CRITICAL, danger', Object.values(AbuseType), CRITICAL, true, [...AGENCY_ROUTING_ORDER]],
  ];

  it.each(table)('%s', (_label, abuseTypes, risk, danger, expected) => {
    expect(types(routeCase(input(abuseTypes, risk, danger), defaults))).toEqual(expected);
  });

  // Each default rule, triggered on its own: [rule number, an input that triggers it]. The rule's agency
  // types must all carry a reason from that rule.
  const triggers: [number, RoutingInput][] = [
    [1, input([A.SEXUAL_ABUSE])],
    [2, input([A.SCHOOL_VIOLENCE])],
    [3, input([A.ABDUCTION])],
    [4, input([A.ONLINE_ABUSE])],
    [5, input([A.NEGLECT])],
    [6, input([], CRITICAL)],
    [7, input([], LOW, true)],
    [8, input([A.PHYSICAL_VIOLENCE], HIGH)],
    [9, input([A.EMOTIONAL_VIOLENCE])],
    [10, input([A.EXPLOITATION])],
    [11, input([A.CHILD_MARRIAGE])],
    [12, input([A.TRAFFICKING])],
    [13, input([A.OTHER])],
  ];

  it('the trigger table covers every default rule', () => {
    expect(triggers.map(([n]) => n)).toEqual(DEFAULT_ROUTING_RULES.map((r) => r.number));
  });

  it.each(triggers)('rule %i fires and routes to all its agency types', (number, caseInput) => {
    const routed = routeCase(caseInput, defaults);
    const seed = DEFAULT_ROUTING_RULES.find((r) => r.number === number)!;
    for (const t of seed.agencyTypes) {
      const agency = routed.find((r) => r.agencyType === t);
      expect(agency?.reasons.some((reason) => reason.ruleNumber === number && reason.ruleId === `default-${number}`)).toBe(true);
    }
  });

  it.each([
    [A.SEXUAL_ABUSE, JUSTICE],
    [A.TRAFFICKING, JUSTICE],
  ])('%s victims get legal aid (%s)', (abuse, agency) => {
    const justice = routeCase(input([abuse]), defaults).find((r) => r.agencyType === agency)!;
    expect(justice.reasons.map((r) => r.ruleNumber)).toEqual([12]);
  });
});

describe('routeCase: combinations and explanations', () => {
  it('sexual abuse + CRITICAL: POLICE once, with two reasons, versions shown', () => {
    const routed = routeCase(input([A.SEXUAL_ABUSE], CRITICAL), defaults);
    const police = routed.filter((r) => r.agencyType === POLICE);
    expect(police).toHaveLength(1);
    expect(police[0].reasons).toEqual([
      { ruleId: 'default-1', ruleNumber: 1, ruleVersion: 1, because: 'SEXUAL_ABUSE' },
      { ruleId: 'default-6', ruleNumber: 6, ruleVersion: 1, because: 'CRITICAL risk' },
    ]);
    expect(police[0].explanation).toBe('POLICE because SEXUAL_ABUSE (rule 1, v1); CRITICAL risk (rule 6, v1)');
  });

  // [label, input, agency type, expected explanation]
  const explanations: [string, RoutingInput, AgencyType, string][] = [
    ['two abuse types of one rule', input([A.ABDUCTION, A.TRAFFICKING]), SOCIAL_SERVICES, 'SOCIAL_SERVICES because TRAFFICKING, ABDUCTION (rule 3, v1)'],
    ['risk above the minimum', input([A.PHYSICAL_VIOLENCE], CRITICAL), HEALTH, 'HEALTH because PHYSICAL_VIOLENCE and CRITICAL risk (≥ HIGH) (rule 8, v1)'],
    [
      'police from risk, danger and abuse type',
      input([A.PHYSICAL_VIOLENCE], CRITICAL, true),
      POLICE,
      'POLICE because CRITICAL risk (rule 6, v1); immediate danger (rule 7, v1); PHYSICAL_VIOLENCE and CRITICAL risk (≥ HIGH) (rule 8, v1)',
    ],
    ['risk exactly at the minimum', input([A.PHYSICAL_VIOLENCE], HIGH), POLICE, 'POLICE because PHYSICAL_VIOLENCE and HIGH risk (rule 8, v1)'],
    [
      'social services from three rules',
      input([A.SEXUAL_ABUSE, A.NEGLECT, A.EMOTIONAL_VIOLENCE]),
      SOCIAL_SERVICES,
      'SOCIAL_SERVICES because SEXUAL_ABUSE (rule 1, v1); NEGLECT (rule 5, v1); EMOTIONAL_VIOLENCE (rule 9, v1)',
    ],
  ];

  it.each(explanations)('%s', (_label, caseInput, agencyType, expected) => {
    expect(routeCase(caseInput, defaults).find((r) => r.agencyType === agencyType)?.explanation).toBe(expected);
  });

  it('shows the version of the rule that applied', () => {
    const rules = [rule(3, { abuseTypesAny: [A.SEXUAL_ABUSE] }, [POLICE], { id: 'x', version: 2 }), rule(7, { minRisk: CRITICAL }, [POLICE])];
    expect(routeCase(input([A.SEXUAL_ABUSE], CRITICAL), rules)[0].explanation).toBe('POLICE because SEXUAL_ABUSE (rule 3, v2); CRITICAL risk (rule 7, v1)');
  });

  it('returns agency types in the fixed order whatever the rules say', () => {
    const rules = [rule(1, { minRisk: LOW }, [LOCAL_AUTHORITY, JUSTICE, EDUCATION, SOCIAL_SERVICES, HEALTH, POLICE])];
    expect(types(routeCase(input([]), rules))).toEqual([POLICE, HEALTH, SOCIAL_SERVICES, EDUCATION, JUSTICE, LOCAL_AUTHORITY]);
  });

  it('is deterministic whatever the order of the rules', () => {
    const caseInput = input([A.SEXUAL_ABUSE, A.SCHOOL_VIOLENCE, A.PHYSICAL_VIOLENCE], CRITICAL, true);
    const expected = routeCase(caseInput, defaults);
    expect(routeCase(caseInput, [...defaults].reverse())).toEqual(expected);
    expect(routeCase(caseInput, [...defaults.slice(5), ...defaults.slice(0, 5)])).toEqual(expected);
  });

  it('lists an agency type once even if a rule repeats it', () => {
    const routed = routeCase(input([A.OTHER]), [rule(1, { abuseTypesAny: [A.OTHER] }, [HEALTH, HEALTH])]);
    expect(routed).toEqual([
      { agencyType: HEALTH, reasons: [{ ruleId: 'r1-v1', ruleNumber: 1, ruleVersion: 1, because: 'OTHER' }], explanation: 'HEALTH because OTHER (rule 1, v1)' },
    ]);
  });

  it('drops agency types it does not know (corrupt data)', () => {
    expect(types(routeCase(input([A.OTHER]), [rule(1, { abuseTypesAny: [A.OTHER] }, ['ARMY' as AgencyType, HEALTH])]))).toEqual([HEALTH]);
  });

  it('is empty when nothing matches or there are no rules', () => {
    expect(routeCase(input([A.OTHER]), [])).toEqual([]);
    expect(routeCase(input([A.SEXUAL_ABUSE]), [rule(1, { abuseTypesAny: [A.NEGLECT] }, [POLICE])])).toEqual([]);
  });

  it('does not modify its arguments', () => {
    const caseInput = input([A.SEXUAL_ABUSE], CRITICAL);
    const rules = defaults.map((r) => ({ ...r }));
    const before = JSON.stringify([caseInput, rules]);
    routeCase(caseInput, rules);
    expect(JSON.stringify([caseInput, rules])).toBe(before);
  });
});

describe('routeCase: active flags and versions', () => {
  it('ignores inactive rules', () => {
    const rules = defaults.map((r) => (r.number === 6 ? { ...r, active: false } : r));
    expect(types(routeCase(input([], CRITICAL), rules))).toEqual([]);
    expect(routeCase(input([A.SEXUAL_ABUSE], CRITICAL), rules)[0].reasons.map((r) => r.ruleNumber)).toEqual([1]);
  });

  it('ignores every rule when all are inactive', () => {
    expect(
      routeCase(
        input(Object.values(AbuseType), CRITICAL, true),
        defaults.map((r) => ({ ...r, active: false })),
      ),
    ).toEqual([]);
  });

  it('applies only the highest active version of a rule number', () => {
    const rules = [rule(1, { abuseTypesAny: [A.OTHER] }, [HEALTH]), rule(1, { abuseTypesAny: [A.OTHER] }, [EDUCATION], { version: 2 })];
    const routed = routeCase(input([A.OTHER]), rules);
    expect(routed.map((r) => r.explanation)).toEqual(['EDUCATION because OTHER (rule 1, v2)']);
  });

  it('falls back to the older version when the newer one is inactive', () => {
    const rules = [rule(1, { abuseTypesAny: [A.OTHER] }, [HEALTH]), rule(1, { abuseTypesAny: [A.OTHER] }, [EDUCATION], { version: 2, active: false })];
    expect(routeCase(input([A.OTHER]), rules).map((r) => r.explanation)).toEqual(['HEALTH because OTHER (rule 1, v1)']);
  });

  it('a newer version that no longer matches hides the older one', () => {
    const rules = [rule(1, { abuseTypesAny: [A.OTHER] }, [HEALTH]), rule(1, { abuseTypesAny: [A.NEGLECT] }, [HEALTH], { version: 2 })];
    expect(routeCase(input([A.OTHER]), rules)).toEqual([]);
  });
});

describe('routeCase: conditions', () => {
  const child = (age: number | null, hasDisability: boolean | null = null, inSchool: boolean | null = null) => ({ age, hasDisability, inSchool });

  // [label, condition, input, expected `because` or null for no match]
  const table: [string, RoutingCondition, RoutingInput, string | null][] = [
    ['minRisk LOW matches LOW', { minRisk: LOW }, input([], LOW), 'LOW risk'],
    ['minRisk MEDIUM refuses LOW', { minRisk: MEDIUM }, input([], LOW), null],
    ['minRisk MEDIUM matches HIGH', { minRisk: MEDIUM }, input([], HIGH), 'HIGH risk (≥ MEDIUM)'],
    ['minRisk HIGH refuses MEDIUM', { minRisk: HIGH }, input([], MEDIUM), null],
    ['minRisk CRITICAL refuses HIGH', { minRisk: CRITICAL }, input([], HIGH), null],
    ['unknown risk never meets a minimum', { minRisk: LOW }, input([], null as unknown as RiskLevel), null],
    ['immediateDanger true', { immediateDanger: true }, input([], LOW, true), 'immediate danger'],
    ['immediateDanger true refuses false', { immediateDanger: true }, input([], LOW, false), null],
    ['immediateDanger false', { immediateDanger: false }, input([], LOW, false), 'no immediate danger'],
    ['abuse types: any listed', { abuseTypesAny: [A.NEGLECT, A.OTHER] }, input([A.SEXUAL_ABUSE, A.OTHER]), 'OTHER'],
    ['abuse types: none listed', { abuseTypesAny: [A.NEGLECT] }, input([A.SEXUAL_ABUSE]), null],
    ['abuse types: empty list matches nothing', { abuseTypesAny: [] }, input([A.SEXUAL_ABUSE]), null],
    ['AND: abuse type holds, risk does not', { abuseTypesAny: [A.NEGLECT], minRisk: HIGH }, input([A.NEGLECT], MEDIUM), null],
    ['AND: risk holds, abuse type does not', { abuseTypesAny: [A.NEGLECT], minRisk: HIGH }, input([A.OTHER], HIGH), null],
    ['AND: all hold', { abuseTypesAny: [A.NEGLECT], minRisk: HIGH, immediateDanger: true }, input([A.NEGLECT], HIGH, true), 'NEGLECT and HIGH risk and immediate danger'],
    ['childMaxAge: one young child among several', { childMaxAge: 5 }, input([], LOW, false, [child(9), child(4)]), 'child aged ≤ 5'],
    ['childMaxAge: boundary included', { childMaxAge: 5 }, input([], LOW, false, [child(5)]), 'child aged ≤ 5'],
    ['childMaxAge: too old', { childMaxAge: 5 }, input([], LOW, false, [child(6)]), null],
    ['childMaxAge: unknown age', { childMaxAge: 5 }, input([], LOW, false, [child(null)]), null],
    ['childMaxAge: no children', { childMaxAge: 5 }, input([], LOW, false, []), null],
    ['childMinAge', { childMinAge: 12 }, input([], LOW, false, [child(12)]), 'child aged ≥ 12'],
    ['childMinAge: too young', { childMinAge: 12 }, input([], LOW, false, [child(11)]), null],
    ['age range', { childMinAge: 12, childMaxAge: 15 }, input([], LOW, false, [child(14)]), 'child aged 12–15'],
    ['age range: outside', { childMinAge: 12, childMaxAge: 15 }, input([], LOW, false, [child(16), child(10)]), null],
    ['disability', { childHasDisability: true }, input([], LOW, false, [child(7, true)]), 'child with a disability'],
    ['disability unknown', { childHasDisability: true }, input([], LOW, false, [child(7, null)]), null],
    ['no disability', { childHasDisability: false }, input([], LOW, false, [child(7, false)]), 'child without a disability'],
    ['not in school', { childInSchool: false }, input([], LOW, false, [child(13, null, false)]), 'child not in school'],
    ['in school', { childInSchool: true }, input([], LOW, false, [child(13, null, true)]), 'child in school'],
    ['in school unknown', { childInSchool: false }, input([], LOW, false, [child(13, null, null)]), null],
    ['child criteria must hold for the same child', { childMaxAge: 6, childHasDisability: true }, input([], LOW, false, [child(4, false), child(10, true)]), null],
    [
      'child criteria held by one child',
      { childMaxAge: 6, childHasDisability: true },
      input([], LOW, false, [child(10, true), child(4, true)]),
      'child aged ≤ 6, with a disability',
    ],
    [
      'abuse type and child criteria',
      { abuseTypesAny: [A.EXPLOITATION], childInSchool: false, childMinAge: 13 },
      input([A.EXPLOITATION], LOW, false, [child(14, false, false)]),
      'EXPLOITATION and child aged ≥ 13, not in school',
    ],
    ['no criteria at all applies to every case', {}, input([]), 'every case'],
  ];

  it.each(table)('%s', (_label, condition, caseInput, because) => {
    const routed = routeCase(caseInput, [rule(1, condition, [HEALTH])]);
    if (because === null) expect(routed).toEqual([]);
    else expect(routed[0].reasons[0].because).toBe(because);
  });
});

describe('validateRoutingRule', () => {
  const valid = {
    number: 20,
    version: 1,
    name: 'Disabled children under 6: health',
    nameVi: 'Trẻ khuyết tật dưới 6 tuổi: y tế',
    condition: { childMaxAge: 5, childHasDisability: true },
    agencyTypes: [HEALTH],
    active: true,
  };

  it('accepts a valid rule, with or without an id', () => {
    expect(validateRoutingRule(valid)).toEqual([]);
    expect(validateRoutingRule({ ...valid, id: 'abc' })).toEqual([]);
    const { nameVi: _omit, ...withoutVi } = valid;
    expect(validateRoutingRule(withoutVi)).toEqual([]);
  });

  // [label, rule, a problem that must be reported]
  const table: [string, unknown, string][] = [
    ['not an object', null, 'the rule must be an object'],
    ['an array', [valid], 'the rule must be an object'],
    ['empty id', { ...valid, id: ' ' }, 'id must be a non-empty text'],
    ['missing number', { ...valid, number: undefined }, 'number must be a positive whole number'],
    ['number zero', { ...valid, number: 0 }, 'number must be a positive whole number'],
    ['fractional version', { ...valid, version: 1.5 }, 'version must be a positive whole number'],
    ['version as text', { ...valid, version: '2' }, 'version must be a positive whole number'],
    ['missing name', { ...valid, name: undefined }, 'name must be a non-empty text'],
    ['blank name', { ...valid, name: '   ' }, 'name must be a non-empty text'],
    ['too long name', { ...valid, name: 'x'.repeat(301) }, 'name must be at most 300 characters'],
    ['nameVi not text', { ...valid, nameVi: 3 }, 'nameVi must be a non-empty text'],
    ['missing condition', { ...valid, condition: undefined }, 'condition must be an object'],
    ['empty condition', { ...valid, condition: {} }, 'condition must have at least one criterion, otherwise the rule would refer every case'],
    ['unknown criterion', { ...valid, condition: { minrisk: 'HIGH' } }, 'condition.minrisk is not a known criterion'],
    ['empty abuse type list', { ...valid, condition: { abuseTypesAny: [] } }, 'condition.abuseTypesAny must be a non-empty list of'],
    ['unknown abuse type', { ...valid, condition: { abuseTypesAny: ['BULLYING'] } }, 'condition.abuseTypesAny contains unknown values ("BULLYING")'],
    ['duplicate abuse type', { ...valid, condition: { abuseTypesAny: [A.OTHER, A.OTHER] } }, 'condition.abuseTypesAny lists OTHER more than once'],
    ['unknown risk', { ...valid, condition: { minRisk: 'SEVERE' } }, 'condition.minRisk must be one of LOW, MEDIUM, HIGH, CRITICAL'],
    ['danger as text', { ...valid, condition: { immediateDanger: 'yes' } }, 'condition.immediateDanger must be true or false'],
    ['disability as number', { ...valid, condition: { childHasDisability: 1 } }, 'condition.childHasDisability must be true or false'],
    ['school as null', { ...valid, condition: { childInSchool: null } }, 'condition.childInSchool must be true or false'],
    ['negative age', { ...valid, condition: { childMinAge: -1 } }, 'condition.childMinAge must be a whole number of years between 0 and 17'],
    ['adult age', { ...valid, condition: { childMaxAge: 18 } }, 'condition.childMaxAge must be a whole number of years between 0 and 17'],
    ['min above max', { ...valid, condition: { childMinAge: 10, childMaxAge: 5 } }, 'condition.childMinAge must not be greater than condition.childMaxAge'],
    ['no agency types', { ...valid, agencyTypes: [] }, 'agencyTypes must be a non-empty list of POLICE, HEALTH, SOCIAL_SERVICES, EDUCATION, JUSTICE, LOCAL_AUTHORITY'],
    ['agency types not a list', { ...valid, agencyTypes: 'POLICE' }, 'agencyTypes must be a non-empty list of'],
    ['unknown agency type', { ...valid, agencyTypes: [POLICE, 'ARMY'] }, 'agencyTypes contains unknown values ("ARMY")'],
    ['duplicate agency type', { ...valid, agencyTypes: [POLICE, POLICE] }, 'agencyTypes lists POLICE more than once'],
    ['missing active', { ...valid, active: undefined }, 'active must be true or false'],
  ];

  it.each(table)('%s', (_label, candidate, expected) => {
    const problems = validateRoutingRule(candidate);
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });

  it('reports every problem at once', () => {
    expect(validateRoutingRule({ condition: {}, agencyTypes: [] })).toEqual([
      'number must be a positive whole number',
      'version must be a positive whole number',
      'name must be a non-empty text',
      'condition must have at least one criterion, otherwise the rule would refer every case',
      'agencyTypes must be a non-empty list of POLICE, HEALTH, SOCIAL_SERVICES, EDUCATION, JUSTICE, LOCAL_AUTHORITY',
      'active must be true or false',
    ]);
  });
});

describe('resolveAgencyByGeography', () => {
  const agency = (id: string, type: AgencyType, provinceCode: string | null, communeCode: string | null, active = true): AgencyCandidate => ({
    id,
    type,
    provinceCode,
    communeCode,
    active,
  });

  const agencies: AgencyCandidate[] = [
    agency('police-national', POLICE, null, null),
    agency('police-qn', POLICE, '22', null),
    agency('police-qn-c1', POLICE, '22', '06652'),
    agency('police-qn-c2-old', POLICE, '22', '06655', false),
    agency('police-hp', POLICE, '31', null),
    agency('health-qn-c1', HEALTH, '22', '06652'),
    agency('health-qn-b', HEALTH, '22', null),
    agency('health-qn-a', HEALTH, '22', null),
    agency('edu-qn', EDUCATION, '22', null, false),
    agency('justice-national', JUSTICE, null, null),
    agency('ss-national-b', SOCIAL_SERVICES, null, null),
    agency('ss-national-a', SOCIAL_SERVICES, null, null),
  ];

  // [label, type, province, commune, expected]
  const table: [string, AgencyType, string | null, string | null, ReturnType<typeof resolveAgencyByGeography>][] = [
    ["the commune's agency", POLICE, '22', '06652', { agencyId: 'police-qn-c1', level: 'COMMUNE' }],
    ['the commune alone is enough (province unknown)', POLICE, null, '06652', { agencyId: 'police-qn-c1', level: 'COMMUNE' }],
    ["the province's when the commune's is inactive", POLICE, '22', '06655', { agencyId: 'police-qn', level: 'PROVINCE' }],
    ["the province's when the commune has none", POLICE, '22', '99999', { agencyId: 'police-qn', level: 'PROVINCE' }],
    ["the province's when the commune is unknown", POLICE, '31', null, { agencyId: 'police-hp', level: 'PROVINCE' }],
    ['another province falls back to national', POLICE, '01', '00001', { agencyId: 'police-national', level: 'NATIONAL' }],
    ['no location at all: national', POLICE, null, null, { agencyId: 'police-national', level: 'NATIONAL' }],
    ['type matters: health at the commune', HEALTH, '22', '06652', { agencyId: 'health-qn-c1', level: 'COMMUNE' }],
    ['several at one level: smallest id', HEALTH, '22', '06653', { agencyId: 'health-qn-a', level: 'PROVINCE' }],
    ['several national: smallest id', SOCIAL_SERVICES, '22', '06652', { agencyId: 'ss-national-a', level: 'NATIONAL' }],
    ['national only', JUSTICE, '22', '06652', { agencyId: 'justice-national', level: 'NATIONAL' }],
    ['only an inactive agency: none', EDUCATION, '22', '06652', null],
    ['no agency of the type: none', LOCAL_AUTHORITY, '22', '06652', null],
    ['health elsewhere: none (no national health agency)', HEALTH, '31', null, null],
  ];

  it.each(table)('%s', (_label, type, provinceCode, communeCode, expected) => {
    expect(resolveAgencyByGeography(type, { provinceCode, communeCode }, agencies)).toEqual(expected);
  });

  it('does not depend on the order of the agencies', () => {
    for (const [, type, provinceCode, communeCode, expected] of table) {
      expect(resolveAgencyByGeography(type, { provinceCode, communeCode }, [...agencies].reverse())).toEqual(expected);
    }
  });

  it('never takes a commune-level agency of another commune as the province one', () => {
    const only = [agency('c1', POLICE, '22', '06652')];
    expect(resolveAgencyByGeography(POLICE, { provinceCode: '22', communeCode: '06653' }, only)).toBeNull();
  });

  it('is null with no agencies', () => {
    expect(resolveAgencyByGeography(POLICE, { provinceCode: '22', communeCode: '06652' }, [])).toBeNull();
  });
});
