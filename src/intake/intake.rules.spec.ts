import { RiskLevel, CaseStatus } from '../cases/enums';
import { AbuseType, CallType, PublicReportStatus } from './enums';
import { callMakesReport, initialRisk, maxRisk, publicStatus } from './intake.rules';

describe('initialRisk', () => {
  it.each([
    [{ immediateDanger: true, abuseTypes: [AbuseType.NEGLECT] }, RiskLevel.CRITICAL],
    [{ immediateDanger: true, riskLevel: RiskLevel.LOW, abuseTypes: [AbuseType.NEGLECT] }, RiskLevel.CRITICAL],
    [{ riskLevel: RiskLevel.LOW, abuseTypes: [AbuseType.SEXUAL_ABUSE] }, RiskLevel.LOW],
    [{ abuseTypes: [AbuseType.SEXUAL_ABUSE] }, RiskLevel.HIGH],
    [{ abuseTypes: [AbuseType.NEGLECT, AbuseType.TRAFFICKING] }, RiskLevel.HIGH],
    [{ abuseTypes: [AbuseType.SCHOOL_VIOLENCE] }, RiskLevel.MEDIUM],
  ])('%o → %s', (input, expected) => {
    expect(initialRisk(input)).toBe(expected);
  });
});

describe('maxRisk', () => {
  it('keeps the higher level', () => {
    expect(maxRisk(RiskLevel.LOW, RiskLevel.HIGH)).toBe(RiskLevel.HIGH);
    expect(maxRisk(RiskLevel.CRITICAL, RiskLevel.MEDIUM)).toBe(RiskLevel.CRITICAL);
    expect(maxRisk(RiskLevel.MEDIUM, RiskLevel.MEDIUM)).toBe(RiskLevel.MEDIUM);
  });
});

describe('callMakesReport', () => {
  it.each([
    [CallType.REPORT, undefined, true],
    [CallType.COUNSELLING, true, true],
    [CallType.COUNSELLING, false, false],
    [CallType.INFORMATION, true, false],
    [CallType.SILENT, undefined, false],
    [CallType.PRANK, undefined, false],
    [CallType.WRONG_NUMBER, undefined, false],
    [CallType.FOLLOW_UP, undefined, false],
  ])('%s flagged=%s → %s', (type, flag, expected) => {
    expect(callMakesReport(type, flag)).toBe(expected);
  });
});

describe('publicStatus', () => {
  it.each([
    [CaseStatus.RECEIVED, PublicReportStatus.RECEIVED],
    [CaseStatus.ASSESSING, PublicReportStatus.IN_PROGRESS],
    [CaseStatus.PLANNING, PublicReportStatus.IN_PROGRESS],
    [CaseStatus.INTERVENING, PublicReportStatus.IN_PROGRESS],
    [CaseStatus.REVIEWING, PublicReportStatus.IN_PROGRESS],
    [CaseStatus.CLOSED, PublicReportStatus.CLOSED],
  ])('%s → %s', (status, expected) => {
    expect(publicStatus(status)).toBe(expected);
  });
});
