import { communeName, provinceName } from '../geography/place-names';
import { Case } from './case.entity';

export interface CaseSummary {
  id: string;
  caseNumber: string;
  status: string;
  riskLevel: string;
  immediateDanger: boolean;
  abuseTypes: string[];
  provinceCode: string | null;
  communeCode: string | null;
  provinceName: string | null;
  communeName: string | null;
  assignee: { id: string; username: string; fullName: string } | null;
  openedAt: Date;
  closedAt: Date | null;
  emergencyAt: Date | null;
  updatedAt: Date;
  version: number;
  /** Whether a deadline of the case (or of one of its referrals) is overdue, and its highest escalation level. */
  overdue: boolean;
  escalationLevel: number;
}

export interface CaseOverdue {
  overdue: boolean;
  escalationLevel: number;
}

/** The list/summary shape of a case (product.md §11): no personal data of the child or reporter. */
export function caseSummary(
  c: Case,
  assignee: { id: string; username: string; fullName: string } | null,
  overdue: CaseOverdue = { overdue: false, escalationLevel: 0 },
): CaseSummary {
  return {
    id: c.id,
    caseNumber: c.caseNumber,
    status: c.status,
    riskLevel: c.riskLevel,
    immediateDanger: c.immediateDanger,
    abuseTypes: c.abuseTypes,
    provinceCode: c.provinceCode,
    communeCode: c.communeCode,
    provinceName: provinceName(c.provinceCode),
    communeName: communeName(c.communeCode),
    assignee,
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    emergencyAt: c.emergencyAt,
    updatedAt: c.updatedAt,
    version: c.version,
    overdue: overdue.overdue,
    escalationLevel: overdue.escalationLevel,
  };
}
