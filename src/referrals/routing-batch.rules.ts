import { CaseEventType } from '../cases/case-events';
import { CaseStatus, RiskLevel } from '../cases/enums';
import { INTAKE_EVENTS } from '../intake/case-opening';
import { AbuseType } from '../intake/enums';
import { ReferralStatus } from './enums';
import { ExistingReferral, planReferrals, ReferralPlan, urgentRoutingRules } from './referral-planning.rules';
import { AgencyCandidate, routeCase, RoutingChildInput, RoutingRule } from './routing.rules';

/**
 * Routing of a batch of outbox events at once (the relay's batch handler): which events route which case and
 * how, and the referrals of all of them planned together from one read of each table. Events of one case are
 * planned in id order, each seeing the referrals the ones before it create, so the result is what routing the
 * events one at a time would give. Pure: no framework, no I/O, no clock.
 */

export type RoutingMode = 'FULL' | 'URGENT';

/** The event types routing consumes. */
export const ROUTING_EVENT_TYPES: readonly string[] = [
  CaseEventType.ASSESSMENT_RECORDED,
  INTAKE_EVENTS.CASE_OPENED,
  CaseEventType.EMERGENCY_MEASURE,
  INTAKE_EVENTS.REPORT_LINKED,
  INTAKE_EVENTS.CASE_LOCATION_SET,
];

/** What an event asks of routing, from the event alone; BY_CASE: as far as the case has come (its state decides). */
export interface RoutingRequest {
  eventId: string;
  caseId: string;
  mode: RoutingMode | 'BY_CASE';
}

export function routingRequest(event: { id: string; type: string; payload: Record<string, unknown> }): RoutingRequest | null {
  const p = event.payload;
  const caseId = typeof p.caseId === 'string' ? p.caseId : '';
  if (!caseId) return null;
  const ask = (mode: RoutingRequest['mode']): RoutingRequest => ({ eventId: String(event.id), caseId, mode });
  switch (event.type) {
    // A founded assessment refers the case to every agency type the rules ask for.
    case CaseEventType.ASSESSMENT_RECORDED:
      return p.founded === true ? ask('FULL') : null;
    // A child in immediate danger is referred at once by the rules about immediate danger.
    case INTAKE_EVENTS.CASE_OPENED:
      return p.immediateDanger === true ? ask('URGENT') : null;
    case CaseEventType.EMERGENCY_MEASURE:
      return ask('URGENT');
    // What the case says changed after intake (a linked report, a triage case placed in its commune).
    case INTAKE_EVENTS.REPORT_LINKED:
    case INTAKE_EVENTS.CASE_LOCATION_SET:
      return ask('BY_CASE');
    default:
      return null;
  }
}

export interface RoutingCase {
  id: string;
  status: CaseStatus;
  abuseTypes: AbuseType[];
  riskLevel: RiskLevel;
  immediateDanger: boolean;
  lastAssessmentFounded: boolean | null;
  provinceCode: string | null;
  communeCode: string | null;
}

/** FULL once a founded assessment is behind the case, URGENT before it when the child is in danger. */
export function routingModeOfCase(c: RoutingCase): RoutingMode | null {
  if (c.status === CaseStatus.CLOSED) return null;
  const assessed = c.lastAssessmentFounded === true && c.status !== CaseStatus.RECEIVED && c.status !== CaseStatus.ASSESSING;
  if (assessed) return 'FULL';
  return c.immediateDanger ? 'URGENT' : null;
}

export interface RoutingStep {
  eventId: string;
  caseId: string;
  mode: RoutingMode;
  /** After the assessment, a re-route refers only agency types the case was never referred to. */
  onlyNewTypes: boolean;
}

/** The steps a batch of requests makes, in the requests' order; cases missing or closed route nothing. */
export function routingSteps(requests: RoutingRequest[], cases: ReadonlyMap<string, RoutingCase>): RoutingStep[] {
  const steps: RoutingStep[] = [];
  for (const r of requests) {
    const c = cases.get(r.caseId);
    if (!c || c.status === CaseStatus.CLOSED) continue;
    const mode = r.mode === 'BY_CASE' ? routingModeOfCase(c) : r.mode;
    if (!mode || (mode === 'URGENT' && !c.immediateDanger)) continue;
    // A worker's cancellation or an agency's decline is not undone by new information alone.
    steps.push({ eventId: r.eventId, caseId: r.caseId, mode, onlyNewTypes: r.mode === 'BY_CASE' && mode === 'FULL' });
  }
  return steps;
}

export interface RoutingBatchInput {
  steps: RoutingStep[];
  cases: ReadonlyMap<string, RoutingCase>;
  /** The active rules. */
  rules: RoutingRule[];
  children: ReadonlyMap<string, RoutingChildInput[]>;
  /** Referrals each case has now. */
  existing: ReadonlyMap<string, ExistingReferral[]>;
  /** Active agencies that could serve any of the cases (others are filtered out by location). */
  agencies: AgencyCandidate[];
}

/** The plan of each step, in order; referrals planned by a step count as existing for the steps after it. */
export function planRoutingBatch(input: RoutingBatchInput): { step: RoutingStep; plan: ReferralPlan }[] {
  const urgentRules = urgentRoutingRules(input.rules);
  const existing = new Map<string, ExistingReferral[]>();
  const out: { step: RoutingStep; plan: ReferralPlan }[] = [];
  for (const step of input.steps) {
    const c = input.cases.get(step.caseId);
    if (!c) continue;
    const known = existing.get(c.id) ?? [...(input.existing.get(c.id) ?? [])];
    existing.set(c.id, known);
    const everReferred = new Set(known.map((e) => e.agencyType));
    const routed = routeCase(
      { abuseTypes: c.abuseTypes, riskLevel: c.riskLevel, immediateDanger: c.immediateDanger, children: input.children.get(c.id) ?? [] },
      step.mode === 'URGENT' ? urgentRules : input.rules,
    ).filter((r) => !step.onlyNewTypes || !everReferred.has(r.agencyType));
    if (routed.length === 0) continue;
    const plan = planReferrals(routed, known, { provinceCode: c.provinceCode, communeCode: c.communeCode }, input.agencies, step.eventId);
    for (const p of plan.create) known.push({ agencyType: p.agencyType, status: ReferralStatus.SENT, sourceEventId: step.eventId });
    out.push({ step, plan });
  }
  return out;
}
