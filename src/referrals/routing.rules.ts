import { RiskLevel } from '../cases/enums';
import { AbuseType } from '../intake/enums';
import { AgencyType } from './enums';

/**
 * Routing of a case to agency types (product.md §5): which agencies a case is referred to, by abuse type,
 * risk and the child's circumstances, and which agency instance by geography.
 *
 * Rules are data (admins edit them, each edit is a new version), so this module only evaluates them.
 * Pure: no framework, no I/O, no clock.
 */

// ---------------------------------------------------------------------------------------------------------
// Types

/** Criteria of one rule; all present criteria must hold (AND). An absent criterion is not checked. */
export interface RoutingCondition {
  /** Matches when any of the case's abuse types is listed. */
  abuseTypesAny?: AbuseType[];
  /** Matches when the case's risk is at least this (LOW < MEDIUM < HIGH < CRITICAL). */
  minRisk?: RiskLevel;
  immediateDanger?: boolean;
  /** Child criteria are checked against each child: the rule matches when one child meets them all. */
  childMaxAge?: number;
  childMinAge?: number;
  childHasDisability?: boolean;
  childInSchool?: boolean;
}

export interface RoutingRule {
  id: string;
  /** Stable number of the rule across its versions; shown to workers as "rule N". */
  number: number;
  version: number;
  name: string;
  /** Vietnamese name shown in the Vietnamese UI. */
  nameVi?: string;
  condition: RoutingCondition;
  agencyTypes: AgencyType[];
  active: boolean;
}

export interface RoutingChildInput {
  age: number | null;
  hasDisability: boolean | null;
  inSchool: boolean | null;
}

export interface RoutingInput {
  abuseTypes: AbuseType[];
  riskLevel: RiskLevel;
  immediateDanger: boolean;
  children: RoutingChildInput[];
}

export interface RoutingReason {
  ruleId: string;
  ruleNumber: number;
  ruleVersion: number;
  because: string;
}

export interface RoutedAgency {
  agencyType: AgencyType;
  reasons: RoutingReason[];
  /** E.g. "POLICE because SEXUAL_ABUSE (rule 1, v2); CRITICAL risk (rule 6, v1)". */
  explanation: string;
}

// ---------------------------------------------------------------------------------------------------------
// Ordering

/** Order of the referrals a case gets: the police first, as a crime report is the most time-critical. */
export const AGENCY_ROUTING_ORDER: readonly AgencyType[] = [
  AgencyType.POLICE,
  AgencyType.HEALTH,
  AgencyType.SOCIAL_SERVICES,
  AgencyType.EDUCATION,
  AgencyType.JUSTICE,
  AgencyType.LOCAL_AUTHORITY,
];

export const RISK_ORDER: readonly RiskLevel[] = [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.CRITICAL];

/** -1 for an unknown level, so that an unassessed or corrupt risk never satisfies a minimum. */
function riskRank(level: RiskLevel | null | undefined): number {
  return level ? RISK_ORDER.indexOf(level) : -1;
}

const ABUSE_ORDER: readonly AbuseType[] = Object.values(AbuseType);

// ---------------------------------------------------------------------------------------------------------
// Evaluation

const CHILD_KEYS = ['childMaxAge', 'childMinAge', 'childHasDisability', 'childInSchool'] as const;

function hasChildCriteria(c: RoutingCondition): boolean {
  return CHILD_KEYS.some((k) => c[k] !== undefined);
}

/**
 * Unknown facts (null age, unknown disability…) never satisfy a criterion: a referral shares the child's
 * data, so it must rest on what is known. Workers add referrals by hand when they know more.
 */
function childMatches(c: RoutingCondition, child: RoutingChildInput): boolean {
  if (c.childMaxAge !== undefined && (child.age === null || child.age > c.childMaxAge)) return false;
  if (c.childMinAge !== undefined && (child.age === null || child.age < c.childMinAge)) return false;
  if (c.childHasDisability !== undefined && child.hasDisability !== c.childHasDisability) return false;
  if (c.childInSchool !== undefined && child.inSchool !== c.childInSchool) return false;
  return true;
}

function describeChildCriteria(c: RoutingCondition): string {
  const parts: string[] = [];
  if (c.childMinAge !== undefined && c.childMaxAge !== undefined) parts.push(`aged ${c.childMinAge}–${c.childMaxAge}`);
  else if (c.childMaxAge !== undefined) parts.push(`aged ≤ ${c.childMaxAge}`);
  else if (c.childMinAge !== undefined) parts.push(`aged ≥ ${c.childMinAge}`);
  if (c.childHasDisability !== undefined) parts.push(c.childHasDisability ? 'with a disability' : 'without a disability');
  if (c.childInSchool !== undefined) parts.push(c.childInSchool ? 'in school' : 'not in school');
  return `child ${parts.join(', ')}`;
}

/** The phrase explaining why the rule matched, or null when it does not match. */
function evaluate(condition: RoutingCondition, input: RoutingInput): string | null {
  const because: string[] = [];

  if (condition.abuseTypesAny !== undefined) {
    const listed = new Set(condition.abuseTypesAny);
    const matched = ABUSE_ORDER.filter((t) => listed.has(t) && input.abuseTypes.includes(t));
    if (matched.length === 0) return null;
    because.push(matched.join(', '));
  }

  if (condition.minRisk !== undefined) {
    const min = riskRank(condition.minRisk);
    const actual = riskRank(input.riskLevel);
    if (min < 0 || actual < min) return null;
    because.push(actual === min ? `${input.riskLevel} risk` : `${input.riskLevel} risk (≥ ${condition.minRisk})`);
  }

  if (condition.immediateDanger !== undefined) {
    if (input.immediateDanger !== condition.immediateDanger) return null;
    because.push(condition.immediateDanger ? 'immediate danger' : 'no immediate danger');
  }

  if (hasChildCriteria(condition)) {
    if (!input.children.some((child) => childMatches(condition, child))) return null;
    because.push(describeChildCriteria(condition));
  }

  // A rule without criteria applies to every case; validateRoutingRule refuses it, but stay total.
  return because.length > 0 ? because.join(' and ') : 'every case';
}

/**
 * Only the highest active version of each rule number applies: a new version supersedes the old one even
 * if the old row was not deactivated in the same transaction.
 */
function effectiveRules(rules: RoutingRule[]): RoutingRule[] {
  const byNumber = new Map<number, RoutingRule>();
  for (const rule of rules) {
    if (!rule.active) continue;
    const current = byNumber.get(rule.number);
    if (!current || rule.version > current.version || (rule.version === current.version && rule.id < current.id)) {
      byNumber.set(rule.number, rule);
    }
  }
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

function formatReason(r: RoutingReason): string {
  return `${r.because} (rule ${r.ruleNumber}, v${r.ruleVersion})`;
}

/**
 * The agency types a case is referred to: the union over the matching active rules, each type once with
 * every rule that asked for it (ordered by rule number), in AGENCY_ROUTING_ORDER. Empty when nothing matches.
 */
export function routeCase(input: RoutingInput, rules: RoutingRule[]): RoutedAgency[] {
  const reasons = new Map<AgencyType, RoutingReason[]>();
  for (const rule of effectiveRules(rules)) {
    const because = evaluate(rule.condition ?? {}, input);
    if (because === null) continue;
    for (const agencyType of new Set(rule.agencyTypes)) {
      const list = reasons.get(agencyType) ?? [];
      list.push({ ruleId: rule.id, ruleNumber: rule.number, ruleVersion: rule.version, because });
      reasons.set(agencyType, list);
    }
  }
  // Types outside AGENCY_ROUTING_ORDER (corrupt data) are dropped rather than routed somewhere unknown.
  return AGENCY_ROUTING_ORDER.filter((t) => reasons.has(t)).map((agencyType) => {
    const list = reasons.get(agencyType)!;
    return { agencyType, reasons: list, explanation: `${agencyType} because ${list.map(formatReason).join('; ')}` };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Seeded defaults (product.md §5 examples, domain.md agency duties)

const { POLICE, HEALTH, SOCIAL_SERVICES, EDUCATION, JUSTICE, LOCAL_AUTHORITY } = AgencyType;

/** Seeded once at version 1; admins change them afterwards through the admin API, as new versions. */
export const DEFAULT_ROUTING_RULES: Omit<RoutingRule, 'id'>[] = [
  {
    number: 1,
    version: 1,
    name: 'Sexual abuse: police, health (forensic examination), social services',
    nameVi: 'Xâm hại tình dục: công an, y tế (giám định pháp y), công tác xã hội',
    condition: { abuseTypesAny: [AbuseType.SEXUAL_ABUSE] },
    agencyTypes: [POLICE, HEALTH, SOCIAL_SERVICES],
    active: true,
  },
  {
    number: 2,
    version: 1,
    name: 'School violence: education, social services',
    nameVi: 'Bạo lực học đường: giáo dục, công tác xã hội',
    condition: { abuseTypesAny: [AbuseType.SCHOOL_VIOLENCE] },
    agencyTypes: [EDUCATION, SOCIAL_SERVICES],
    active: true,
  },
  {
    number: 3,
    version: 1,
    name: 'Trafficking or abduction: police, social services',
    nameVi: 'Mua bán, bắt cóc trẻ em: công an, công tác xã hội',
    condition: { abuseTypesAny: [AbuseType.TRAFFICKING, AbuseType.ABDUCTION] },
    agencyTypes: [POLICE, SOCIAL_SERVICES],
    active: true,
  },
  {
    number: 4,
    version: 1,
    name: 'Online abuse: police, social services',
    nameVi: 'Xâm hại trẻ em trên môi trường mạng: công an, công tác xã hội',
    condition: { abuseTypesAny: [AbuseType.ONLINE_ABUSE] },
    agencyTypes: [POLICE, SOCIAL_SERVICES],
    active: true,
  },
  {
    number: 5,
    version: 1,
    name: 'Neglect or abandonment: social services, local authority',
    nameVi: 'Bỏ mặc, bỏ rơi trẻ em: công tác xã hội, chính quyền địa phương',
    condition: { abuseTypesAny: [AbuseType.NEGLECT, AbuseType.ABANDONMENT] },
    agencyTypes: [SOCIAL_SERVICES, LOCAL_AUTHORITY],
    active: true,
  },
  {
    number: 6,
    version: 1,
    name: 'Critical risk: police',
    nameVi: 'Nguy cơ ở mức nghiêm trọng: công an',
    condition: { minRisk: RiskLevel.CRITICAL },
    agencyTypes: [POLICE],
    active: true,
  },
  {
    number: 7,
    version: 1,
    name: 'Child in immediate danger: police',
    nameVi: 'Trẻ em đang gặp nguy hiểm tức thời: công an',
    condition: { immediateDanger: true },
    agencyTypes: [POLICE],
    active: true,
  },
  {
    number: 8,
    version: 1,
    name: 'Physical violence with high risk: police, health',
    nameVi: 'Bạo lực thể chất, nguy cơ cao: công an, y tế',
    condition: { abuseTypesAny: [AbuseType.PHYSICAL_VIOLENCE], minRisk: RiskLevel.HIGH },
    agencyTypes: [POLICE, HEALTH],
    active: true,
  },
  {
    number: 9,
    version: 1,
    name: 'Physical or emotional violence: social services',
    nameVi: 'Bạo lực thể chất, tinh thần: công tác xã hội',
    condition: { abuseTypesAny: [AbuseType.PHYSICAL_VIOLENCE, AbuseType.EMOTIONAL_VIOLENCE] },
    agencyTypes: [SOCIAL_SERVICES],
    active: true,
  },
  {
    number: 10,
    version: 1,
    name: 'Exploitation, including illegal child labour: police, social services, local authority',
    nameVi: 'Bóc lột, kể cả lao động trẻ em trái pháp luật: công an, công tác xã hội, chính quyền địa phương',
    condition: { abuseTypesAny: [AbuseType.EXPLOITATION] },
    agencyTypes: [POLICE, SOCIAL_SERVICES, LOCAL_AUTHORITY],
    active: true,
  },
  {
    number: 11,
    version: 1,
    name: 'Child marriage: local authority, justice, social services',
    nameVi: 'Tảo hôn: chính quyền địa phương, tư pháp, công tác xã hội',
    condition: { abuseTypesAny: [AbuseType.CHILD_MARRIAGE] },
    agencyTypes: [LOCAL_AUTHORITY, JUSTICE, SOCIAL_SERVICES],
    active: true,
  },
  {
    number: 12,
    version: 1,
    name: 'Legal aid for victims of sexual abuse or trafficking: justice',
    nameVi: 'Trợ giúp pháp lý cho trẻ em bị xâm hại tình dục, bị mua bán: tư pháp',
    condition: { abuseTypesAny: [AbuseType.SEXUAL_ABUSE, AbuseType.TRAFFICKING] },
    agencyTypes: [JUSTICE],
    active: true,
  },
  {
    number: 13,
    version: 1,
    name: 'Other forms of abuse: social services',
    nameVi: 'Hình thức xâm hại khác: công tác xã hội',
    condition: { abuseTypesAny: [AbuseType.OTHER] },
    agencyTypes: [SOCIAL_SERVICES],
    active: true,
  },
];

// ---------------------------------------------------------------------------------------------------------
// Validation (admin API)

const CONDITION_KEYS: readonly (keyof RoutingCondition)[] = ['abuseTypesAny', 'minRisk', 'immediateDanger', 'childMaxAge', 'childMinAge', 'childHasDisability', 'childInSchool'];

// Up to 17 so that rules can serve young people up to adulthood; the Law on Children stops at 16.
const MAX_CHILD_AGE = 17;
const MAX_NAME_LENGTH = 300;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

function checkEnumList(value: unknown, field: string, allowed: readonly string[], problems: string[]): void {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(`${field} must be a non-empty list of ${allowed.join(', ')}`);
    return;
  }
  const unknown = value.filter((v) => typeof v !== 'string' || !allowed.includes(v));
  if (unknown.length > 0) {
    problems.push(`${field} contains unknown values (${unknown.map((v) => JSON.stringify(v)).join(', ')}); allowed: ${allowed.join(', ')}`);
  }
  const duplicates = value.filter((v, i) => value.indexOf(v) !== i);
  if (duplicates.length > 0) problems.push(`${field} lists ${[...new Set(duplicates)].join(', ')} more than once`);
}

function checkName(value: unknown, field: string, required: boolean, problems: string[]): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || value.trim() === '') problems.push(`${field} must be a non-empty text`);
  else if (value.length > MAX_NAME_LENGTH) problems.push(`${field} must be at most ${MAX_NAME_LENGTH} characters`);
}

function checkAge(value: unknown, field: string, problems: string[]): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_CHILD_AGE) {
    problems.push(`${field} must be a whole number of years between 0 and ${MAX_CHILD_AGE}`);
    return false;
  }
  return true;
}

function checkCondition(condition: unknown, problems: string[]): void {
  if (!isPlainObject(condition)) {
    problems.push('condition must be an object');
    return;
  }
  const keys = Object.keys(condition);
  // Unknown keys are refused, not ignored: a typo ("minrisk") would otherwise widen the rule silently.
  for (const key of keys) {
    if (!(CONDITION_KEYS as readonly string[]).includes(key)) {
      problems.push(`condition.${key} is not a known criterion (known: ${CONDITION_KEYS.join(', ')})`);
    }
  }
  const present = CONDITION_KEYS.filter((k) => condition[k] !== undefined);
  if (present.length === 0) problems.push('condition must have at least one criterion, otherwise the rule would refer every case');

  if (condition.abuseTypesAny !== undefined) checkEnumList(condition.abuseTypesAny, 'condition.abuseTypesAny', ABUSE_ORDER, problems);
  if (condition.minRisk !== undefined && !RISK_ORDER.includes(condition.minRisk as RiskLevel)) {
    problems.push(`condition.minRisk must be one of ${RISK_ORDER.join(', ')}`);
  }
  for (const key of ['immediateDanger', 'childHasDisability', 'childInSchool'] as const) {
    if (condition[key] !== undefined && typeof condition[key] !== 'boolean') problems.push(`condition.${key} must be true or false`);
  }
  const maxOk = checkAge(condition.childMaxAge, 'condition.childMaxAge', problems);
  const minOk = checkAge(condition.childMinAge, 'condition.childMinAge', problems);
  if (maxOk && minOk && (condition.childMinAge as number) > (condition.childMaxAge as number)) {
    problems.push('condition.childMinAge must not be greater than condition.childMaxAge');
  }
}

/** Human-readable problems with a rule sent to the admin API; empty when the rule is valid. */
export function validateRoutingRule(rule: unknown): string[] {
  if (!isPlainObject(rule)) return ['the rule must be an object'];
  const problems: string[] = [];

  // The id is assigned by the server on creation, so it is optional here.
  if (rule.id !== undefined && (typeof rule.id !== 'string' || rule.id.trim() === '')) problems.push('id must be a non-empty text');
  if (!isPositiveInteger(rule.number)) problems.push('number must be a positive whole number');
  if (!isPositiveInteger(rule.version)) problems.push('version must be a positive whole number');
  checkName(rule.name, 'name', true, problems);
  checkName(rule.nameVi, 'nameVi', false, problems);
  checkCondition(rule.condition, problems);
  checkEnumList(rule.agencyTypes, 'agencyTypes', AGENCY_ROUTING_ORDER, problems);
  if (typeof rule.active !== 'boolean') problems.push('active must be true or false');

  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Geography

export interface GeoLocation {
  provinceCode: string | null;
  communeCode: string | null;
}

export interface AgencyCandidate {
  id: string;
  type: AgencyType;
  provinceCode: string | null;
  communeCode: string | null;
  active: boolean;
}

export type AgencyLevel = 'COMMUNE' | 'PROVINCE' | 'NATIONAL';

export interface ResolvedAgency {
  agencyId: string;
  level: AgencyLevel;
}

/** Smallest id by code-unit order (not locale order), so that every node picks the same agency. */
function firstById(candidates: AgencyCandidate[]): AgencyCandidate | undefined {
  return candidates.reduce<AgencyCandidate | undefined>((best, a) => (best === undefined || a.id < best.id ? a : best), undefined);
}

/**
 * The agency instance of a type serving the child's location: the commune's, else the province's
 * (communeCode null), else a national one (both null), else null for the worker to choose by hand.
 */
export function resolveAgencyByGeography(type: AgencyType, location: GeoLocation, agencies: AgencyCandidate[]): ResolvedAgency | null {
  const pool = agencies.filter((a) => a.active && a.type === type);

  // Commune codes are unique nationwide, so the commune alone identifies the local agency.
  if (location.communeCode !== null) {
    const commune = firstById(pool.filter((a) => a.communeCode === location.communeCode));
    if (commune) return { agencyId: commune.id, level: 'COMMUNE' };
  }
  if (location.provinceCode !== null) {
    const province = firstById(pool.filter((a) => a.communeCode === null && a.provinceCode === location.provinceCode));
    if (province) return { agencyId: province.id, level: 'PROVINCE' };
  }
  const national = firstById(pool.filter((a) => a.communeCode === null && a.provinceCode === null));
  return national ? { agencyId: national.id, level: 'NATIONAL' } : null;
}
