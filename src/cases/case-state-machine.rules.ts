import { Role } from '../identity/enums';
import { CaseStatus, ClosureReason, ProtectionLevel, RiskLevel } from './enums';

/**
 * The case state machine of product.md §4, following the procedure of Law on Children art. 50 and
 * Decree 56/2017: receive → verify and assess → plan → intervene → review → close (and reopen).
 *
 * Pure: no framework, no I/O, no clock. The service loads the facts, asks `decideTransition`, and maps a
 * refusal to an HTTP error (FORBIDDEN → 403, ILLEGAL_TRANSITION → 409, MISSING_DATA / INVALID_DATA → 400).
 */

// ---------------------------------------------------------------------------------------------------------
// Inputs (mirrored by class-validator DTOs)

export interface AssessmentInput {
  riskLevel: RiskLevel;
  /** Whether the information was verified: abuse happened or the child is at risk and needs protection. */
  founded: boolean;
  summary: string;
  factorsChecked?: string[];
  childSafeNow?: boolean;
  personsMet?: string[];
  protectionLevel?: ProtectionLevel;
}

export interface PlanItemInput {
  service: string;
  /** The intervention measure of the law (EmergencyMeasureType), checked by the DTO. */
  measureType?: string;
  responsibleAgencyType?: string;
  responsiblePerson?: string;
  /** Calendar date, YYYY-MM-DD. */
  dueDate: string;
}

export interface PlanInput {
  goals: string[];
  items: PlanItemInput[];
}

export interface ReviewItemInput {
  /** Index of the plan item being reviewed (0-based). */
  index: number;
  done: boolean;
  note?: string;
}

export interface ReviewInput {
  items: ReviewItemInput[];
  summary: string;
  /** The reviewer's conclusion: another round of intervention (true) or ready to close (false). */
  nextRound?: boolean;
}

export interface ClosureInput {
  reason: ClosureReason;
  note: string;
}

export interface TransitionActor {
  userId: string;
  role: Role;
  isAssignee: boolean;
  inJurisdiction: boolean;
}

export interface CaseFacts {
  status: CaseStatus;
  assigneeId: string | null;
  /**
   * Outcome of the latest recorded assessment; null when none was recorded. Informational only: an UNFOUNDED
   * closure records the verification result itself.
   */
  lastAssessmentFounded: boolean | null;
  /**
   * Informational only. Not consulted: a new plan round goes REVIEWING → INTERVENING without a PLANNING
   * state, so gating a step on it would leave no way to approve a revised plan.
   */
  planApproved: boolean;
  hasPlan: boolean;
}

export interface TransitionRequest {
  to: CaseStatus;
  assessment?: AssessmentInput;
  /**
   * Not consumed here: plans are submitted through their own endpoint and checked with `validatePlan`,
   * which needs today's date from the caller's clock.
   */
  plan?: PlanInput;
  review?: ReviewInput;
  closure?: ClosureInput;
  reopenReason?: string;
}

/** One name per edge of the graph, recorded on the case timeline. */
export type TransitionKind = 'START_ASSESSMENT' | 'RECORD_ASSESSMENT' | 'CLOSE_UNFOUNDED' | 'APPROVE_PLAN' | 'START_REVIEW' | 'NEW_PLAN_ROUND' | 'CLOSE' | 'REOPEN';

export type TransitionErrorCode = 'ILLEGAL_TRANSITION' | 'MISSING_DATA' | 'FORBIDDEN' | 'INVALID_DATA';

export type TransitionDecision =
  | {
      ok: true;
      kind: TransitionKind;
      from: CaseStatus;
      to: CaseStatus;
      /**
       * True when the step is reserved to a supervisor (plan approval, closure, reopening): the supervisor
       * taking it is the approval, and the timeline records it as such.
       */
      needsSupervisorApproval?: boolean;
    }
  | { ok: false; code: TransitionErrorCode; message: string; missing?: string[] };

// ---------------------------------------------------------------------------------------------------------
// The graph

const NEXT: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  [CaseStatus.RECEIVED]: [CaseStatus.ASSESSING, CaseStatus.CLOSED],
  [CaseStatus.ASSESSING]: [CaseStatus.PLANNING, CaseStatus.CLOSED],
  [CaseStatus.PLANNING]: [CaseStatus.INTERVENING, CaseStatus.CLOSED],
  [CaseStatus.INTERVENING]: [CaseStatus.REVIEWING, CaseStatus.CLOSED],
  [CaseStatus.REVIEWING]: [CaseStatus.INTERVENING, CaseStatus.CLOSED],
  [CaseStatus.CLOSED]: [CaseStatus.ASSESSING],
};

type Who = 'ASSIGNEE_OR_SUPERVISOR' | 'SUPERVISOR';

interface EdgeRule {
  kind: TransitionKind;
  who: Who;
  /** Completes "… is required <purpose>" and "Only a supervisor may <action>". */
  purpose: string;
  action: string;
}

// Edges into CLOSED are decided by the closure reason (CLOSURE_RULES), not listed here.
const EDGES: Readonly<Partial<Record<CaseStatus, Partial<Record<CaseStatus, EdgeRule>>>>> = {
  [CaseStatus.RECEIVED]: {
    [CaseStatus.ASSESSING]: { kind: 'START_ASSESSMENT', who: 'ASSIGNEE_OR_SUPERVISOR', purpose: 'to start the assessment', action: 'start the assessment' },
  },
  [CaseStatus.ASSESSING]: {
    [CaseStatus.PLANNING]: { kind: 'RECORD_ASSESSMENT', who: 'ASSIGNEE_OR_SUPERVISOR', purpose: 'to record the assessment', action: 'record the assessment' },
  },
  [CaseStatus.PLANNING]: {
    [CaseStatus.INTERVENING]: { kind: 'APPROVE_PLAN', who: 'SUPERVISOR', purpose: 'to approve the plan', action: 'approve the plan (PLANNING → INTERVENING)' },
  },
  [CaseStatus.INTERVENING]: {
    [CaseStatus.REVIEWING]: { kind: 'START_REVIEW', who: 'ASSIGNEE_OR_SUPERVISOR', purpose: 'to start the review', action: 'start the review' },
  },
  [CaseStatus.REVIEWING]: {
    [CaseStatus.INTERVENING]: { kind: 'NEW_PLAN_ROUND', who: 'ASSIGNEE_OR_SUPERVISOR', purpose: 'to start a new plan round', action: 'start a new plan round' },
  },
  [CaseStatus.CLOSED]: {
    [CaseStatus.ASSESSING]: { kind: 'REOPEN', who: 'SUPERVISOR', purpose: 'to reopen the case', action: 'reopen a closed case' },
  },
};

// Circumstances outside the procedure end a case whatever its stage, on a supervisor's decision.
const EXTERNAL_REASONS = [ClosureReason.TRANSFERRED, ClosureReason.CHILD_RELOCATED, ClosureReason.AGED_OUT, ClosureReason.DECEASED];
const supervisorOnly = (reasons: ClosureReason[]): Partial<Record<ClosureReason, Who>> => Object.fromEntries(reasons.map((r) => [r, 'SUPERVISOR']));

/**
 * Which closure reasons each open state accepts, and who may use them. UNFOUNDED belongs to the
 * assessment (the worker's own finding); GOALS_MET to the review; everything else needs a supervisor.
 */
const CLOSURE_RULES: Readonly<Partial<Record<CaseStatus, Partial<Record<ClosureReason, Who>>>>> = {
  [CaseStatus.RECEIVED]: supervisorOnly(EXTERNAL_REASONS),
  [CaseStatus.ASSESSING]: {
    [ClosureReason.UNFOUNDED]: 'ASSIGNEE_OR_SUPERVISOR',
    ...supervisorOnly([...EXTERNAL_REASONS, ClosureReason.OTHER]),
  },
  [CaseStatus.PLANNING]: supervisorOnly(EXTERNAL_REASONS),
  [CaseStatus.INTERVENING]: supervisorOnly(EXTERNAL_REASONS),
  [CaseStatus.REVIEWING]: supervisorOnly([ClosureReason.GOALS_MET, ...EXTERNAL_REASONS, ClosureReason.OTHER]),
};

const CASE_STATUSES = new Set<string>(Object.values(CaseStatus));

/** States a case in `status` may move to, whoever asks (the graph of product.md §4). */
export function allowedTargets(status: CaseStatus): CaseStatus[] {
  return CASE_STATUSES.has(status) ? [...NEXT[status]] : [];
}

// ---------------------------------------------------------------------------------------------------------
// The decision

/**
 * Decide whether `actor` may move the case described by `facts` as `request` asks.
 * Checks, in order: who the actor is (role, jurisdiction, assignment) → whether the edge exists →
 * who may take this edge → the data the step requires.
 */
export function decideTransition(facts: CaseFacts, request: TransitionRequest, actor: TransitionActor): TransitionDecision {
  const from = facts.status;
  const to = request?.to;

  const actorRefusal = refuseActor(facts, actor);
  if (actorRefusal) return actorRefusal;

  if (to === undefined || to === null || (to as unknown) === '') {
    return missing(['to'], `to (the target state) is required; allowed next states: ${targetsText(from)}`);
  }
  if (!allowedTargets(from).includes(to)) return illegal(from, to);

  const isSupervisor = actor.role === Role.SUPERVISOR;
  if (to === CaseStatus.CLOSED) return decideClosure(facts, request, isSupervisor);

  const edge = EDGES[from]?.[to];
  // NEXT and EDGES describe the same graph; a gap would be a programming error, refused rather than allowed.
  if (!edge) return illegal(from, to);
  if (edge.who === 'SUPERVISOR' && !isSupervisor) {
    return forbidden(`Only a supervisor may ${edge.action}`);
  }

  const dataRefusal = checkEdgeData(edge, facts, request);
  if (dataRefusal) return dataRefusal;

  return { ok: true, kind: edge.kind, from, to, needsSupervisorApproval: edge.who === 'SUPERVISOR' };
}

function refuseActor(facts: CaseFacts, actor: TransitionActor): TransitionDecision | null {
  if (actor.role !== Role.CASE_WORKER && actor.role !== Role.SUPERVISOR) {
    return forbidden(`A user with role ${String(actor.role)} cannot change the state of a case; only the assigned case worker or a supervisor can`);
  }
  if (!actor.inJurisdiction) {
    return forbidden('This case is outside your jurisdiction; only workers and supervisors of its jurisdiction can change its state');
  }
  if (actor.role === Role.CASE_WORKER && !isAssignedWorker(facts, actor)) {
    return forbidden(
      facts.assigneeId === null
        ? 'Only the assigned worker or a supervisor may change the state of this case; the case must be assigned first'
        : 'Only the assigned worker or a supervisor may change the state of this case; it is assigned to another worker',
    );
  }
  return null;
}

// The flag and the stored assignee must agree: a stale flag must not hand a case to the wrong worker.
function isAssignedWorker(facts: CaseFacts, actor: TransitionActor): boolean {
  return actor.isAssignee === true && facts.assigneeId !== null && facts.assigneeId === actor.userId;
}

function checkEdgeData(edge: EdgeRule, facts: CaseFacts, request: TransitionRequest): TransitionDecision | null {
  switch (edge.kind) {
    case 'START_ASSESSMENT':
      if (facts.assigneeId === null) {
        return missing(['assignee'], 'The case must be assigned first: an assignee is required to start the assessment');
      }
      return null;
    case 'RECORD_ASSESSMENT': {
      const refusal = checkAssessment(request.assessment, edge.purpose);
      if (refusal) return refusal;
      if (request.assessment!.founded === false) {
        return invalid('assessment.founded is false: an unfounded report does not go to planning; close the case instead (to CLOSED with closure.reason UNFOUNDED)');
      }
      return null;
    }
    case 'APPROVE_PLAN':
      if (!facts.hasPlan) {
        return missing(['plan'], 'The plan must be submitted first: a submitted plan is required to approve the plan');
      }
      return null;
    case 'START_REVIEW':
      return null;
    case 'NEW_PLAN_ROUND': {
      const refusal = checkReview(request.review, edge.purpose, true);
      if (refusal) return refusal;
      if (request.review!.nextRound === false) {
        return invalid('review.nextRound is false but the target is INTERVENING; to end the intervention, close the case instead');
      }
      return null;
    }
    case 'REOPEN':
      if (!isText(request.reopenReason)) return missing(['reopenReason'], requiredMessage(['reopenReason'], edge.purpose));
      return null;
    default:
      return null;
  }
}

function decideClosure(facts: CaseFacts, request: TransitionRequest, isSupervisor: boolean): TransitionDecision {
  const from = facts.status;
  const rules = CLOSURE_RULES[from] ?? {};
  const allReasons = Object.keys(rules) as ClosureReason[];
  const actorReasons = allReasons.filter((r) => isSupervisor || rules[r] === 'ASSIGNEE_OR_SUPERVISOR');

  if (actorReasons.length === 0) {
    return forbidden(`Only a supervisor may approve closing a case in ${from}`);
  }

  const closure = isObject(request.closure) ? request.closure : undefined;
  const reason = closure?.reason;
  if (reason === undefined || reason === null || (reason as unknown) === '') {
    const paths = ['closure.reason', ...(isText(closure?.note) ? [] : ['closure.note'])];
    return missing(paths, `${requiredMessage(paths, 'to close the case')} (reasons allowed in ${from}: ${actorReasons.join(', ')})`);
  }
  const who = rules[reason];
  if (!who) {
    return invalid(
      reason === ClosureReason.UNFOUNDED
        ? `closure.reason UNFOUNDED is only possible while ASSESSING; reasons allowed in ${from}: ${allReasons.join(', ')}`
        : `closure.reason ${String(reason)} is not allowed in ${from}; reasons allowed: ${allReasons.join(', ')}`,
    );
  }
  if (who === 'SUPERVISOR' && !isSupervisor) {
    return forbidden(`Only a supervisor may close a case in ${from} with reason ${reason}; the assigned worker may close it only as ${actorReasons.join(', ')}`);
  }

  const unfounded = reason === ClosureReason.UNFOUNDED;
  const purpose = unfounded ? 'to close the case as unfounded' : 'to close the case';
  if (!isText(closure!.note)) return missing(['closure.note'], requiredMessage(['closure.note'], purpose));

  if (unfounded) {
    const refusal = checkUnfoundedAssessment(request, purpose);
    if (refusal) return refusal;
  }
  if (from === CaseStatus.REVIEWING && request.review !== undefined && request.review !== null) {
    // A review sent with the closure is recorded with it, so it must be complete and agree with closing.
    const refusal = checkReview(request.review, purpose, false);
    if (refusal) return refusal;
    if (request.review.nextRound === true) {
      return invalid('review.nextRound is true but the target is CLOSED; to continue, move the case to INTERVENING instead');
    }
  }

  return {
    ok: true,
    kind: unfounded ? 'CLOSE_UNFOUNDED' : 'CLOSE',
    from,
    to: CaseStatus.CLOSED,
    needsSupervisorApproval: who === 'SUPERVISOR',
  };
}

/**
 * An UNFOUNDED closure is itself the result of the verification: the worker checked the information and found
 * no abuse or risk, so it needs no separate assessment (nor a recorded one; after a reopening the last one
 * may even be founded). An assessment sent along is recorded with the closure, so it must be complete and
 * agree with it.
 */
function checkUnfoundedAssessment(request: TransitionRequest, purpose: string): TransitionDecision | null {
  if (request.assessment === undefined || request.assessment === null) return null;
  const refusal = checkAssessment(request.assessment, purpose);
  if (refusal) return refusal;
  if (request.assessment.founded !== false) {
    return invalid('assessment.founded is true: a founded report cannot be closed as UNFOUNDED; record it and move the case to PLANNING');
  }
  return null;
}

function checkAssessment(input: unknown, purpose: string): TransitionDecision | null {
  const a = isObject(input) ? input : {};
  const absent: string[] = [];
  if (a.riskLevel === undefined || a.riskLevel === null || a.riskLevel === '') absent.push('assessment.riskLevel');
  if (a.founded === undefined || a.founded === null) absent.push('assessment.founded');
  if (!isText(a.summary)) absent.push('assessment.summary');
  if (absent.length > 0) return missing(absent, requiredMessage(absent, purpose));

  const problems: string[] = [];
  if (!Object.values(RiskLevel).includes(a.riskLevel as RiskLevel)) {
    problems.push(`assessment.riskLevel must be one of ${Object.values(RiskLevel).join(', ')}`);
  }
  if (typeof a.founded !== 'boolean') problems.push('assessment.founded must be true or false');
  if (a.childSafeNow !== undefined && typeof a.childSafeNow !== 'boolean') problems.push('assessment.childSafeNow must be true or false');
  if (a.protectionLevel !== undefined && !Object.values(ProtectionLevel).includes(a.protectionLevel as ProtectionLevel)) {
    problems.push(`assessment.protectionLevel must be one of ${Object.values(ProtectionLevel).join(', ')}`);
  }
  for (const field of ['factorsChecked', 'personsMet']) {
    const list = a[field];
    if (list !== undefined && !(Array.isArray(list) && list.every((x) => typeof x === 'string'))) {
      problems.push(`assessment.${field} must be a list of texts`);
    }
  }
  return problems.length > 0 ? invalid(problems.join('; ')) : null;
}

function checkReview(input: unknown, purpose: string, required: boolean): TransitionDecision | null {
  if (!required && (input === undefined || input === null)) return null;
  const r = isObject(input) ? input : {};
  if (!isText(r.summary)) return missing(['review.summary'], requiredMessage(['review.summary'], purpose));

  const problems: string[] = [];
  if (r.nextRound !== undefined && typeof r.nextRound !== 'boolean') problems.push('review.nextRound must be true or false');
  // Items are optional at run time (an empty review of a plan with no open items is still a review).
  if (r.items !== undefined && r.items !== null) {
    if (!Array.isArray(r.items)) {
      problems.push('review.items must be a list');
    } else {
      const seen = new Set<number>();
      r.items.forEach((raw, i) => {
        const item = isObject(raw) ? raw : {};
        const index = item.index;
        if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
          problems.push(`review.items[${i}].index must be a whole number from 0 (the plan item's position)`);
        } else if (seen.has(index)) {
          problems.push(`review.items[${i}].index ${index} is listed twice`);
        } else {
          seen.add(index);
        }
        if (typeof item.done !== 'boolean') problems.push(`review.items[${i}].done must be true or false`);
        if (item.note !== undefined && typeof item.note !== 'string') problems.push(`review.items[${i}].note must be a text`);
      });
    }
  }
  return problems.length > 0 ? invalid(problems.join('; ')) : null;
}

// ---------------------------------------------------------------------------------------------------------
// Plans

/**
 * Problems with a submitted plan, each a sentence a worker can act on; empty when the plan is acceptable.
 * `today` (YYYY-MM-DD, in the case's time zone) comes from the caller's clock: due dates may not lie before it.
 */
export function validatePlan(plan: PlanInput, today: string): string[] {
  if (!isCalendarDate(today)) throw new RangeError(`validatePlan: today must be a YYYY-MM-DD date, got ${String(today)}`);
  if (!isObject(plan)) return ['A plan with goals and items is required'];

  const problems: string[] = [];
  const goals: unknown = plan.goals;
  if (!Array.isArray(goals) || goals.length === 0) {
    problems.push('The plan needs at least one goal');
  } else {
    goals.forEach((g, i) => {
      if (!isText(g)) problems.push(`goals[${i}] is empty`);
    });
  }

  const items: unknown = plan.items;
  if (!Array.isArray(items) || items.length === 0) {
    problems.push('The plan needs at least one item (a service with who provides it and by when)');
  } else {
    items.forEach((raw, i) => {
      const item = isObject(raw) ? raw : {};
      if (!isText(item.service)) problems.push(`items[${i}].service is required`);
      const due = item.dueDate;
      if (due === undefined || due === null || due === '') {
        problems.push(`items[${i}].dueDate is required`);
      } else if (!isCalendarDate(due)) {
        problems.push(`items[${i}].dueDate ${typeof due === 'string' ? due : JSON.stringify(due)} is not a valid date (YYYY-MM-DD)`);
      } else if (due < today) {
        // ISO calendar dates compare correctly as text.
        problems.push(`items[${i}].dueDate ${due} is before today (${today})`);
      }
    });
  }
  return problems;
}

/** A real calendar date written YYYY-MM-DD (checked by arithmetic, without a clock or time zone). */
function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= daysInMonth;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function targetsText(status: CaseStatus): string {
  const targets = allowedTargets(status);
  return targets.length > 0 ? targets.join(', ') : 'none';
}

function illegal(from: CaseStatus, to: CaseStatus): TransitionDecision {
  const message =
    from === to
      ? `The case is already ${from}; allowed next states: ${targetsText(from)}`
      : `Cannot move a case from ${String(from)} to ${String(to)}; allowed next states: ${targetsText(from)}`;
  return { ok: false, code: 'ILLEGAL_TRANSITION', message };
}

function forbidden(message: string): TransitionDecision {
  return { ok: false, code: 'FORBIDDEN', message };
}

function invalid(message: string): TransitionDecision {
  return { ok: false, code: 'INVALID_DATA', message };
}

function missing(paths: string[], message: string): TransitionDecision {
  return { ok: false, code: 'MISSING_DATA', message, missing: paths };
}

/** "a is required <purpose>" / "a and b are required <purpose>" / "a, b and c are required <purpose>". */
function requiredMessage(paths: string[], purpose: string): string {
  const list = paths.length === 1 ? paths[0] : `${paths.slice(0, -1).join(', ')} and ${paths[paths.length - 1]}`;
  return `${list} ${paths.length === 1 ? 'is' : 'are'} required ${purpose}`;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

// Request bodies arrive as JSON; the rules stay safe even if a field has the wrong shape.
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
