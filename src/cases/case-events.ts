import { DomainEvent } from '../database/outbox.service';
import { TransitionKind } from './case-state-machine.rules';
import { CaseStatus, ClosureReason, EmergencyMeasureType, ProtectionLevel, RiskLevel } from './enums';

/**
 * Domain events of the case workflow, written to the outbox in the same transaction as the change
 * (aggregateType 'CASE', aggregateId = case id) and consumed by the deadlines and routing modules.
 *
 * Every payload carries where the case is and who holds it (`CaseRef`) so a consumer can route a
 * notification or pick a deadline policy without reading the case again; `at` is the time of the change
 * (ISO-8601, UTC) and `actorId` the user who made it.
 *
 * - CASE_STATUS_CHANGED       every transition, including closing and reopening: { from, to, transition }.
 *                             Consumers that only track states (deadlines: start, meet or cancel) need nothing else.
 * - CASE_ASSESSMENT_RECORDED  a verification/risk assessment was recorded (ASSESSING → PLANNING, or with an
 *                             UNFOUNDED closure): { assessmentId, founded, protectionLevel, childSafeNow }.
 * - CASE_PLAN_SUBMITTED       a plan version was submitted for approval: { planId, planVersion }.
 * - CASE_PLAN_RETURNED        the supervisor returned a plan version: { planId, planVersion, reason }.
 * - CASE_PLAN_APPROVED        the supervisor approved a plan version: { planId, planVersion, items } with each
 *                             item's service, responsible agency type and due date (YYYY-MM-DD).
 * - CASE_CLOSED               { from, closureReason } (follows CASE_STATUS_CHANGED).
 * - CASE_REOPENED             { reason } (follows CASE_STATUS_CHANGED; the case is ASSESSING again).
 * - CASE_ASSIGNED             { previousAssigneeId } (assigneeId in CaseRef is the new assignee).
 * - CASE_EMERGENCY_MEASURE    urgent protection applied: { measureId, measureType, takenAt }; the case is now
 *                             flagged immediateDanger.
 * - CASE_SEPARATION_DECIDED   the commune chair separated the child temporarily (Decree 56 art. 32):
 *                             { separationId, startsAt, endsAt }; an urgent intervention too.
 * - CASE_SEPARATION_ENDED     the separation ended: { separationId, endedAt, reason }.
 * - CASE_REPORTER_NOTIFIED    the reporter was told the police's decision (a note of that type): { noteId, occurredAt }.
 */
export const CaseEventType = {
  STATUS_CHANGED: 'CASE_STATUS_CHANGED',
  ASSESSMENT_RECORDED: 'CASE_ASSESSMENT_RECORDED',
  PLAN_SUBMITTED: 'CASE_PLAN_SUBMITTED',
  PLAN_RETURNED: 'CASE_PLAN_RETURNED',
  PLAN_APPROVED: 'CASE_PLAN_APPROVED',
  CLOSED: 'CASE_CLOSED',
  REOPENED: 'CASE_REOPENED',
  ASSIGNED: 'CASE_ASSIGNED',
  EMERGENCY_MEASURE: 'CASE_EMERGENCY_MEASURE',
  SEPARATION_DECIDED: 'CASE_SEPARATION_DECIDED',
  SEPARATION_ENDED: 'CASE_SEPARATION_ENDED',
  REPORTER_NOTIFIED: 'CASE_REPORTER_NOTIFIED',
} as const;
export type CaseEventType = (typeof CaseEventType)[keyof typeof CaseEventType];

export const CASE_AGGREGATE = 'CASE';

/** What every case event says about the case after the change. */
export interface CaseRef {
  caseId: string;
  caseNumber: string;
  status: CaseStatus;
  riskLevel: RiskLevel;
  immediateDanger: boolean;
  provinceCode: string | null;
  communeCode: string | null;
  assigneeId: string | null;
  actorId: string;
  at: string;
}

export interface CaseStatusChangedPayload extends CaseRef {
  from: CaseStatus;
  to: CaseStatus;
  transition: TransitionKind;
}

export interface CaseAssessmentRecordedPayload extends CaseRef {
  assessmentId: string;
  founded: boolean;
  protectionLevel: ProtectionLevel | null;
  childSafeNow: boolean | null;
}

export interface CasePlanSubmittedPayload extends CaseRef {
  planId: string;
  planVersion: number;
}

export interface CasePlanReturnedPayload extends CaseRef {
  planId: string;
  planVersion: number;
  reason: string;
}

export interface CasePlanApprovedPayload extends CaseRef {
  planId: string;
  planVersion: number;
  items: { position: number; service: string; responsibleAgencyType: string | null; dueDate: string }[];
}

export interface CaseClosedPayload extends CaseRef {
  from: CaseStatus;
  closureReason: ClosureReason;
}

export interface CaseReopenedPayload extends CaseRef {
  reason: string;
}

export interface CaseAssignedPayload extends CaseRef {
  previousAssigneeId: string | null;
}

export interface CaseEmergencyMeasurePayload extends CaseRef {
  measureId: string;
  measureType: EmergencyMeasureType;
  takenAt: string;
}

export interface CaseSeparationDecidedPayload extends CaseRef {
  separationId: string;
  startsAt: string;
  endsAt: string;
}

export interface CaseSeparationEndedPayload extends CaseRef {
  separationId: string;
  endedAt: string;
  reason: string;
}

export interface CaseReporterNotifiedPayload extends CaseRef {
  noteId: string;
  occurredAt: string;
}

export interface CaseEventPayloads {
  [CaseEventType.STATUS_CHANGED]: CaseStatusChangedPayload;
  [CaseEventType.ASSESSMENT_RECORDED]: CaseAssessmentRecordedPayload;
  [CaseEventType.PLAN_SUBMITTED]: CasePlanSubmittedPayload;
  [CaseEventType.PLAN_RETURNED]: CasePlanReturnedPayload;
  [CaseEventType.PLAN_APPROVED]: CasePlanApprovedPayload;
  [CaseEventType.CLOSED]: CaseClosedPayload;
  [CaseEventType.REOPENED]: CaseReopenedPayload;
  [CaseEventType.ASSIGNED]: CaseAssignedPayload;
  [CaseEventType.EMERGENCY_MEASURE]: CaseEmergencyMeasurePayload;
  [CaseEventType.SEPARATION_DECIDED]: CaseSeparationDecidedPayload;
  [CaseEventType.SEPARATION_ENDED]: CaseSeparationEndedPayload;
  [CaseEventType.REPORTER_NOTIFIED]: CaseReporterNotifiedPayload;
}

/** The case as it stands after the change, in the shape every payload starts with. */
export function caseRef(
  c: {
    id: string;
    caseNumber: string;
    status: CaseStatus;
    riskLevel: RiskLevel;
    immediateDanger: boolean;
    provinceCode: string | null;
    communeCode: string | null;
    assigneeId: string | null;
  },
  actorId: string,
  at: Date,
): CaseRef {
  return {
    caseId: c.id,
    caseNumber: c.caseNumber,
    status: c.status,
    riskLevel: c.riskLevel,
    immediateDanger: c.immediateDanger,
    provinceCode: c.provinceCode,
    communeCode: c.communeCode,
    assigneeId: c.assigneeId,
    actorId,
    at: at.toISOString(),
  };
}

/** A typed outbox event of the case aggregate. */
export function caseEvent<T extends CaseEventType>(type: T, payload: CaseEventPayloads[T]): DomainEvent {
  return { type, aggregateType: CASE_AGGREGATE, aggregateId: payload.caseId, payload: payload as unknown as Record<string, unknown> };
}
