import { RiskLevel, CaseStatus } from '../cases/enums';
import { AbuseType, CallType, PublicReportStatus } from './enums';
import { birthYearProblems, callMakesReport, duplicateScope, initialRisk, maxRisk, publicStatus } from './intake.rules';
import { JurisdictionLevel, Role } from '../identity/enums';

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

describe('birthYearProblems', () => {
  // 31 Dec 2026 18:00 UTC is already 2027 in Vietnam.
  const newYearsEve = new Date('2026-12-31T18:00:00Z');
  it.each<[string, { birthYear?: number | null }[], Date, string[]]>([
    ['no birth years', [{}, { birthYear: null }], new Date('2026-11-22T00:00:00Z'), []],
    ['a newborn and a 17-year-old', [{ birthYear: 2026 }, { birthYear: 2009 }], new Date('2026-11-22T00:00:00Z'), []],
    ['a future year', [{ birthYear: 2027 }], new Date('2026-11-22T00:00:00Z'), ['report.children.0.birthYear 2027 is in the future (the report is of 2026)']],
    ['an adult', [{}, { birthYear: 2008 }], new Date('2026-11-22T00:00:00Z'), ['report.children.1.birthYear 2008 is of an adult in 2026; a child in this system is under 18']],
    ['the year in Vietnam, not UTC', [{ birthYear: 2027 }], newYearsEve, []],
  ])('%s', (_label, children, at, expected) => {
    expect(birthYearProblems(children, 'report.', at)).toEqual(expected);
  });
});

describe('duplicateScope', () => {
  const who = (role: Role, jurisdictionLevel: JurisdictionLevel, provinceCode: string | null = null, communeCode: string | null = null) => ({
    role,
    jurisdictionLevel,
    provinceCode,
    communeCode,
  });
  it.each([
    ['a national operator looks everywhere', who(Role.HOTLINE_OPERATOR, JurisdictionLevel.NATIONAL), undefined],
    ['a national supervisor looks everywhere', who(Role.SUPERVISOR, JurisdictionLevel.NATIONAL), undefined],
    ['a provincial hotline: its province and national triage', who(Role.HOTLINE_OPERATOR, JurisdictionLevel.PROVINCE, '22'), { provinceCode: '22', includeUnplaced: true }],
    ['a provincial worker: the province', who(Role.CASE_WORKER, JurisdictionLevel.PROVINCE, '31'), { provinceCode: '31' }],
    ['a commune worker: the commune', who(Role.CASE_WORKER, JurisdictionLevel.COMMUNE, '22', '06652'), { communeCode: '06652' }],
  ])('%s', (_label, actor, expected) => {
    expect(duplicateScope(actor)).toEqual(expected);
  });
});
