import { Jurisdiction, jurisdictionCovers, Place } from '../common/access/jurisdiction.rules';
import { Role } from '../identity/enums';
import { CaseStatus, PlanStatus } from './enums';

/**
 * Rules of the case workflow around the state machine (case-state-machine.rules.ts): who may assign, write
 * notes, plans and urgent measures, and the optimistic version check. Pure: the service loads the facts and
 * maps a refusal to HTTP (FORBIDDEN → 403, CONFLICT → 409, INVALID_DATA → 400).
 */

export type WorkflowRefusalCode = 'FORBIDDEN' | 'CONFLICT' | 'INVALID_DATA';
export interface WorkflowRefusal {
  code: WorkflowRefusalCode;
  message: string;
}

export interface WorkflowActor extends Jurisdiction {
  id: string;
  username: string;
  role: Role;
}

export interface CaseState extends Place {
  status: CaseStatus;
  assigneeId: string | null;
}

/** Time zone of the case's calendar dates (plan due dates). */
export const CASE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A client may send a time this far ahead of the server clock without being refused. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

// ---------------------------------------------------------------------------------------------------------
// Optimistic concurrency

/**
 * The version the client last saw, from the body's `expectedVersion` or an `If-Match` header (`3`, `"3"` or
 * `W/"3"`; `*` means any). Undefined when the client sent neither.
 */
export function resolveExpectedVersion(bodyVersion: number | undefined | null, ifMatch: string | undefined | null): { version?: number; problem?: string } {
  let headerVersion: number | undefined;
  const raw = typeof ifMatch === 'string' ? ifMatch.trim() : '';
  if (raw !== '' && raw !== '*') {
    const m = /^(?:W\/)?(?:"(\d{1,9})"|(\d{1,9}))$/.exec(raw);
    if (!m) return { problem: `If-Match must carry the case version as a number, e.g. If-Match: "3" (got ${raw.slice(0, 40)})` };
    headerVersion = Number(m[1] ?? m[2]);
  }
  const body = bodyVersion === null ? undefined : bodyVersion;
  if (body !== undefined && headerVersion !== undefined && body !== headerVersion) {
    return { problem: `expectedVersion (${body}) and If-Match (${headerVersion}) disagree; send the version once` };
  }
  return { version: body ?? headerVersion };
}

/** The 409 message when the case moved on since the client loaded it; null when the versions agree. */
export function versionConflict(current: number, expected: number | undefined): string | null {
  if (expected === undefined || expected === current) return null;
  return `The case was changed by someone else (version ${current}); reload and try again`;
}

// ---------------------------------------------------------------------------------------------------------
// Who may work on a case

export type CaseWork = 'NOTE' | 'PLAN_SUBMIT' | 'PLAN_DECIDE' | 'EMERGENCY_MEASURE';

const PLAN_STATES: readonly CaseStatus[] = [CaseStatus.PLANNING, CaseStatus.INTERVENING, CaseStatus.REVIEWING];

/**
 * Whether `actor` may do `work` on the case, or why not. The assigned worker and the supervisors of the
 * case's jurisdiction work on a case; urgent protection cannot wait for an assignment, so any worker of the
 * jurisdiction may record it. Plan decisions belong to supervisors. A closed case changes only by reopening.
 */
export function refuseCaseWork(actor: WorkflowActor, c: CaseState, work: CaseWork): WorkflowRefusal | null {
  const what = WORK_TEXT[work];
  if (actor.role !== Role.CASE_WORKER && actor.role !== Role.SUPERVISOR) {
    return forbidden(`A user with role ${String(actor.role)} cannot ${what}; only case workers and supervisors can`);
  }
  if (!jurisdictionCovers(actor, c)) {
    return forbidden(`This case is outside your jurisdiction; only workers and supervisors of its jurisdiction can ${what}`);
  }
  if (work === 'PLAN_DECIDE' && actor.role !== Role.SUPERVISOR) return forbidden(`Only a supervisor may ${what}`);
  if (actor.role === Role.CASE_WORKER && work !== 'EMERGENCY_MEASURE' && c.assigneeId !== actor.id) {
    return forbidden(
      c.assigneeId === null
        ? `Only the assigned worker or a supervisor may ${what}; the case must be assigned first`
        : `Only the assigned worker or a supervisor may ${what}; the case is assigned to another worker`,
    );
  }
  if (c.status === CaseStatus.CLOSED) {
    return conflict(`The case is CLOSED; a supervisor must reopen it before you can ${what}`);
  }
  if (work === 'PLAN_SUBMIT' && !PLAN_STATES.includes(c.status)) {
    return conflict(
      `A plan can be submitted only while the case is ${PLAN_STATES.join(', ')}; it is ${c.status}${c.status === CaseStatus.ASSESSING ? ' (record the assessment first: to PLANNING)' : ''}`,
    );
  }
  return null;
}

const WORK_TEXT: Record<CaseWork, string> = {
  NOTE: 'add notes to this case',
  PLAN_SUBMIT: 'submit a plan for this case',
  PLAN_DECIDE: 'approve or return a plan',
  EMERGENCY_MEASURE: 'record urgent protection measures on this case',
};

// ---------------------------------------------------------------------------------------------------------
// Plan decisions outside the PLANNING → INTERVENING transition

export interface PlanVersionFacts {
  versionNumber: number;
  status: PlanStatus;
}

/** Whether the latest plan version can be returned now. */
export function refusePlanReturn(latest: PlanVersionFacts | null): WorkflowRefusal | null {
  if (!latest) return conflict('There is no plan to return: none was submitted');
  if (latest.status !== PlanStatus.SUBMITTED) {
    return conflict(`There is no submitted plan to return: plan version ${latest.versionNumber} is ${latest.status}`);
  }
  return null;
}

/**
 * Whether the latest plan version can be approved on its own. In PLANNING approval is the transition to
 * INTERVENING (so the case state and the plan move together); a revision submitted during the intervention
 * is approved here, as there is no PLANNING state to pass through.
 */
export function refusePlanApproval(status: CaseStatus, latest: PlanVersionFacts | null): WorkflowRefusal | null {
  if (status === CaseStatus.PLANNING) {
    return conflict('In PLANNING the plan is approved by moving the case to INTERVENING: POST /api/v1/cases/{id}/transitions { "to": "INTERVENING" }');
  }
  if (status !== CaseStatus.INTERVENING && status !== CaseStatus.REVIEWING) {
    return conflict(`A revised plan can be approved only while the case is INTERVENING or REVIEWING; it is ${status}`);
  }
  if (!latest || latest.status !== PlanStatus.SUBMITTED) {
    return conflict(latest ? `There is no submitted plan to approve: plan version ${latest.versionNumber} is ${latest.status}` : 'There is no submitted plan to approve');
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Assignment

export interface AssigneeFacts extends Jurisdiction {
  id: string;
  username: string;
  role: Role;
  active: boolean;
}

/**
 * Whether `actor` may assign the case to the user named `username` (found as `assignee`, or null).
 * A worker takes an unassigned case of their jurisdiction for themselves; a supervisor assigns and reassigns
 * any active case worker whose jurisdiction covers the case.
 */
export function decideAssignment(actor: WorkflowActor, c: CaseState, username: string, assignee: AssigneeFacts | null): WorkflowRefusal | null {
  if (actor.role !== Role.CASE_WORKER && actor.role !== Role.SUPERVISOR) {
    return forbidden(`A user with role ${String(actor.role)} cannot assign cases; only case workers (for themselves) and supervisors can`);
  }
  if (!jurisdictionCovers(actor, c)) {
    return forbidden('This case is outside your jurisdiction; only workers and supervisors of its jurisdiction can assign it');
  }
  if (c.status === CaseStatus.CLOSED) return conflict('The case is CLOSED; a supervisor must reopen it before it can be assigned');
  if (actor.role === Role.CASE_WORKER) {
    if (username !== actor.username) {
      return forbidden(`A case worker may take a case only for themselves (assigneeUsername ${actor.username}); a supervisor assigns other workers`);
    }
    if (c.assigneeId !== null && c.assigneeId !== actor.id) {
      return forbidden('The case is already assigned to another worker; only a supervisor may reassign it');
    }
  }
  if (!assignee) return invalid(`assigneeUsername ${username} does not match any user`);
  if (assignee.role !== Role.CASE_WORKER) {
    return invalid(`${assignee.username} is not a case worker (role ${assignee.role}); only case workers can be assigned a case`);
  }
  if (!assignee.active) return invalid(`${assignee.username} is deactivated and cannot be assigned a case`);
  if (!jurisdictionCovers(assignee, c)) {
    return invalid(`${assignee.username}'s jurisdiction does not cover this case (${placeText(c)}); assign a worker of that area`);
  }
  if (c.assigneeId === assignee.id) return conflict(`The case is already assigned to ${assignee.username}`);
  return null;
}

function placeText(p: Place): string {
  if (!p.provinceCode) return 'no province yet: national triage';
  return p.communeCode ? `province ${p.provinceCode}, commune ${p.communeCode}` : `province ${p.provinceCode}`;
}

// ---------------------------------------------------------------------------------------------------------
// Times

/** The calendar date (YYYY-MM-DD) of `at` in `timeZone`. */
export function localDate(at: Date, timeZone = CASE_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** A problem when a reported time (a visit, a measure) lies in the future of `now`; null otherwise. */
export function futureTimeProblem(field: string, value: Date, now: Date): string | null {
  if (Number.isNaN(value.getTime())) return `${field} is not a valid date-time`;
  if (value.getTime() > now.getTime() + CLOCK_SKEW_MS) return `${field} ${value.toISOString()} is in the future; record what already happened`;
  return null;
}

// ---------------------------------------------------------------------------------------------------------

function forbidden(message: string): WorkflowRefusal {
  return { code: 'FORBIDDEN', message };
}

function conflict(message: string): WorkflowRefusal {
  return { code: 'CONFLICT', message };
}

function invalid(message: string): WorkflowRefusal {
  return { code: 'INVALID_DATA', message };
}
