import { RiskLevel } from '../cases/enums';
import { AbuseType, CallType, PublicReportStatus } from './enums';
import { CaseStatus } from '../cases/enums';

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
