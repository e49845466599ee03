import { RiskLevel } from '../cases/enums';
import { AbuseType, CallType, PublicReportStatus } from './enums';
import { CaseStatus } from '../cases/enums';
import { JurisdictionLevel, Role } from '../identity/enums';
import { vietnamYear } from '../common/vietnam-time';

/** Forms of abuse that are crimes against the child's body or liberty: a high first guess of risk. */
const SERIOUS: AbuseType[] = [AbuseType.SEXUAL_ABUSE, AbuseType.TRAFFICKING, AbuseType.ABDUCTION];

/** The operator's judgement first; otherwise immediate danger is CRITICAL and serious forms HIGH. */
export function initialRisk(input: { immediateDanger?: boolean; riskLevel?: RiskLevel; abuseTypes: AbuseType[] }): RiskLevel {
  if (input.immediateDanger) return RiskLevel.CRITICAL;
  if (input.riskLevel) return input.riskLevel;
  return input.abuseTypes.some((t) => SERIOUS.includes(t)) ? RiskLevel.HIGH : RiskLevel.MEDIUM;
}

const RISK_ORDER = [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.CRITICAL];

export function maxRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return RISK_ORDER.indexOf(a) >= RISK_ORDER.indexOf(b) ? a : b;
}

/** Whether a call of this type (and flag) must carry a report. */
export function callMakesReport(callType: CallType, riskFlagged: boolean | undefined): boolean {
  return callType === CallType.REPORT || (callType === CallType.COUNSELLING && riskFlagged === true);
}

/** The coarse status a public reporter may see: nothing about what is being done. */
export function publicStatus(status: CaseStatus): PublicReportStatus {
  if (status === CaseStatus.RECEIVED) return PublicReportStatus.RECEIVED;
  if (status === CaseStatus.CLOSED) return PublicReportStatus.CLOSED;
  return PublicReportStatus.IN_PROGRESS;
}

/** A stated birth year must be of a minor in the year of the report (ages are limited to 0–17 likewise). */
export function birthYearProblems(children: { birthYear?: number | null }[] | undefined, prefix: string, receivedAt: Date): string[] {
  const year = vietnamYear(receivedAt);
  return (children ?? []).flatMap((child, i) => {
    const b = child?.birthYear;
    if (typeof b !== 'number') return [];
    if (b > year) return [`${prefix}children.${i}.birthYear ${b} is in the future (the report is of ${year})`];
    if (b < year - 17) return [`${prefix}children.${i}.birthYear ${b} is of an adult in ${year}; a child in this system is under 18`];
    return [];
  });
}

/** Where duplicate suggestions may come from; undefined: everywhere. */
export interface DuplicateScope {
  provinceCode?: string | null;
  communeCode?: string | null;
  /** Also the cases of no known province (national triage). */
  includeUnplaced?: boolean;
}

/**
 * Suggestions name cases, so they come only from cases the asker may see: national staff everywhere; a
 * provincial hotline its province and the cases of no known province (as its lookup does); workers and
 * supervisors their province or commune.
 */
export function duplicateScope(actor: { role: Role; jurisdictionLevel: JurisdictionLevel; provinceCode: string | null; communeCode: string | null }): DuplicateScope | undefined {
  if (actor.jurisdictionLevel === JurisdictionLevel.NATIONAL) return undefined;
  if (actor.role === Role.HOTLINE_OPERATOR) return { provinceCode: actor.provinceCode, includeUnplaced: true };
  if (actor.jurisdictionLevel === JurisdictionLevel.COMMUNE) return { communeCode: actor.communeCode };
  return { provinceCode: actor.provinceCode };
}
