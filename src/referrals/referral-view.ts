import { RiskLevel } from '../cases/enums';
import { communeName, provinceName } from '../geography/place-names';
import { AgencyType, ReferralStatus } from './enums';
import { allowedReferralActions, ReferralAction, ReferralSide } from './referral-lifecycle.rules';
import { ReferralRef } from './referral-events';
import { Referral } from './referral.entity';
import { RoutingReason, RoutingRule } from './routing.rules';
import { RoutingRuleVersion } from './routing-rule.entity';

/** What the referral's events and views need to know of its case. */
export interface ReferralCaseFacts {
  id: string;
  caseNumber: string;
  riskLevel: RiskLevel;
  immediateDanger: boolean;
  provinceCode: string | null;
  communeCode: string | null;
  assigneeId: string | null;
}

/** A referral as listed (product.md §11: at least id, caseId, caseNumber, agencyType, agencyId, status, riskLevel). */
export interface ReferralSummary {
  id: string;
  caseId: string;
  caseNumber: string;
  agencyType: AgencyType;
  agencyId: string;
  agencyName: string;
  status: ReferralStatus;
  riskLevel: RiskLevel;
  immediateDanger: boolean;
  provinceCode: string | null;
  communeCode: string | null;
  provinceName: string | null;
  communeName: string | null;
  explanation: string;
  /** True when routing sent it, false when a worker referred the case by hand. */
  routed: boolean;
  sentAt: Date;
  acknowledgedAt: Date | null;
  acceptedAt: Date | null;
  declinedAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  version: number;
  /** The actions the caller's side may take now; drives the buttons of the UI. */
  allowedActions: ReferralAction[];
  /** Whether a deadline of the referral (acknowledge-by, complete-by) is overdue, and its escalation level. */
  overdue: boolean;
  escalationLevel: number;
}

export interface ReferralDetail extends ReferralSummary {
  reason: string | null;
  rules: RoutingReason[];
  declineReason: string | null;
  outcome: { code: string; note: string | null } | null;
  cancelReason: string | null;
  history: ReferralHistoryItem[];
}

export interface ReferralHistoryItem {
  at: Date;
  type: string;
  from: string | null;
  to: string;
  actor: string | null;
  data: Record<string, unknown> | null;
}

export function referralSummary(
  r: Referral,
  c: Pick<ReferralCaseFacts, 'caseNumber' | 'immediateDanger' | 'provinceCode' | 'communeCode'>,
  agencyName: string,
  side: ReferralSide | null,
  overdueLevel: number | null = null,
): ReferralSummary {
  return {
    id: r.id,
    caseId: r.caseId,
    caseNumber: c.caseNumber,
    agencyType: r.agencyType,
    agencyId: r.agencyId,
    agencyName,
    status: r.status,
    riskLevel: r.riskLevel,
    immediateDanger: c.immediateDanger,
    provinceCode: c.provinceCode,
    communeCode: c.communeCode,
    provinceName: provinceName(c.provinceCode),
    communeName: communeName(c.communeCode),
    explanation: r.explanation,
    routed: r.createdBy === null,
    sentAt: r.sentAt,
    acknowledgedAt: r.acknowledgedAt,
    acceptedAt: r.acceptedAt,
    declinedAt: r.declinedAt,
    startedAt: r.startedAt,
    completedAt: r.completedAt,
    cancelledAt: r.cancelledAt,
    version: r.version,
    allowedActions: side ? allowedReferralActions(r.status, side) : [],
    overdue: overdueLevel !== null,
    escalationLevel: overdueLevel ?? 0,
  };
}

export function referralDetail(
  r: Referral,
  c: Pick<ReferralCaseFacts, 'caseNumber' | 'immediateDanger' | 'provinceCode' | 'communeCode'>,
  agencyName: string,
  side: ReferralSide | null,
  history: ReferralHistoryItem[],
  overdueLevel: number | null = null,
): ReferralDetail {
  return {
    ...referralSummary(r, c, agencyName, side, overdueLevel),
    reason: r.reason,
    rules: r.ruleRefs ?? [],
    declineReason: r.declineReason,
    outcome: r.outcomeCode ? { code: r.outcomeCode, note: r.outcomeNote } : null,
    cancelReason: r.cancelReason,
    history,
  };
}

/** The payload every referral event starts with (referral-events.ts). */
export function referralRef(r: Referral, c: ReferralCaseFacts, actorId: string | null, at: Date): ReferralRef {
  return {
    referralId: r.id,
    caseId: r.caseId,
    caseNumber: c.caseNumber,
    agencyId: r.agencyId,
    agencyType: r.agencyType,
    status: r.status,
    riskLevel: r.riskLevel,
    provinceCode: c.provinceCode,
    communeCode: c.communeCode,
    caseAssigneeId: c.assigneeId,
    actorId,
    at: at.toISOString(),
  };
}

export function toRoutingRule(row: RoutingRuleVersion): RoutingRule {
  return {
    id: row.id,
    number: row.number,
    version: row.version,
    name: row.name,
    nameVi: row.nameVi ?? undefined,
    condition: row.condition ?? {},
    agencyTypes: row.agencyTypes,
    active: row.active,
  };
}

export interface RoutingRuleView {
  id: string;
  number: number;
  version: number;
  name: string;
  nameVi: string | null;
  condition: RoutingRule['condition'];
  agencyTypes: AgencyType[];
  active: boolean;
  createdAt: Date;
  createdBy: string | null;
}

export function routingRuleView(row: RoutingRuleVersion): RoutingRuleView {
  return {
    id: row.id,
    number: row.number,
    version: row.version,
    name: row.name,
    nameVi: row.nameVi,
    condition: row.condition,
    agencyTypes: row.agencyTypes,
    active: row.active,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}
