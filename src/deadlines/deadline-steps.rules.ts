import { RiskLevel } from '../cases/enums';
import { Place } from '../common/access/jurisdiction.rules';
import { JurisdictionLevel } from '../identity/enums';
import { AgencyType } from '../referrals/enums';
import { computeDueAt, DeadlinePolicy, escalationTimes, resolveDuration } from './deadline-policy.rules';
import { DeadlineStatus } from './enums';
import { WorkingCalendar } from './working-calendar.rules';

/**
 * The steps of one deadline and the state each leaves behind (product.md §6). Pure: no framework, no I/O,
 * no clock.
 *
 * Step 0 is the due time (PENDING → OVERDUE, the assignee is told); steps 1 and 2 are the escalation levels
 * (OVERDUE stays, escalationLevel becomes 1 then 2). A step fires at most once because firing it changes
 * the state its own precondition reads: that, not the timer, is what makes a re-run harmless.
 */

export type DeadlineStep = 0 | 1 | 2;
export const DEADLINE_STEPS: readonly DeadlineStep[] = [0, 1, 2];

export interface DeadlineTimes {
  status: DeadlineStatus;
  escalationLevel: number;
  dueAt: Date;
  escalate1At: Date | null;
  escalate2At: Date | null;
}

export interface ScheduledStep {
  step: DeadlineStep;
  at: Date;
}

/** The next step still to fire, or null when the deadline is finished (met, cancelled, fully escalated). */
export function nextStep(d: DeadlineTimes): ScheduledStep | null {
  if (d.status === DeadlineStatus.PENDING) return { step: 0, at: d.dueAt };
  if (d.status !== DeadlineStatus.OVERDUE) return null;
  if (d.escalationLevel === 0 && d.escalate1At) return { step: 1, at: d.escalate1At };
  if (d.escalationLevel === 1 && d.escalate2At) return { step: 2, at: d.escalate2At };
  return null;
}

/** The state after firing `step` at `now`; throws when the step does not apply (a caller bug). */
export function afterStep<T extends DeadlineTimes>(d: T, step: DeadlineStep, now: Date): T & { overdueAt?: Date; nextFireAt: Date | null } {
  const next = nextStep(d);
  if (!next || next.step !== step) {
    throw new Error(`Step ${step} does not apply to a ${d.status} deadline at escalation level ${d.escalationLevel}`);
  }
  const changed = step === 0 ? { ...d, status: DeadlineStatus.OVERDUE, escalationLevel: 0, overdueAt: now } : { ...d, escalationLevel: step };
  return { ...changed, nextFireAt: nextStep(changed)?.at ?? null };
}

/** Every step due at `now`, in order (several when a worker was down through more than one). */
export function stepsDue(d: DeadlineTimes, now: Date): DeadlineStep[] {
  const due: DeadlineStep[] = [];
  let state: DeadlineTimes = d;
  for (let next = nextStep(state); next && next.at.getTime() <= now.getTime(); next = nextStep(state)) {
    due.push(next.step);
    state = afterStep(state, next.step, now);
  }
  return due;
}

/** What firing reads and writes on a deadline row besides its times. */
export interface FiringState extends DeadlineTimes {
  escalationScope: JurisdictionLevel | null;
  overdueAt: Date | null;
  nextFireAt: Date | null;
  provinceCode: string | null;
  communeCode: string | null;
}

/** Who a step reaches, as firing needs it: where the case is now and the level an escalation reached. */
export interface StepReach {
  place: Place;
  scope: JurisdictionLevel | null;
}

/**
 * Fires, in order, every step of `d` due at `now`: each step's audience is named from the state the steps
 * before it left (level 2 goes above where level 1 went), and the state after each step is returned with it.
 * The deadline follows its case's place; the due step keeps the deadline's scope. Pure: `reach` only reads.
 */
export function fireDueSteps<T extends FiringState, A extends StepReach>(
  d: T,
  now: Date,
  reach: (state: T, step: DeadlineStep) => A,
): { state: T; fired: { step: DeadlineStep; state: T; audience: A }[] } {
  const fired: { step: DeadlineStep; state: T; audience: A }[] = [];
  let state = d;
  for (const step of stepsDue(d, now)) {
    const audience = reach(state, step);
    const next = afterStep(state, step, now);
    state = {
      ...state,
      status: next.status,
      escalationLevel: next.escalationLevel,
      escalationScope: step === 0 ? state.escalationScope : audience.scope,
      overdueAt: next.overdueAt ?? state.overdueAt,
      nextFireAt: next.nextFireAt,
      provinceCode: audience.place.provinceCode,
      communeCode: audience.place.communeCode,
    };
    fired.push({ step, state, audience });
  }
  return { state, fired };
}

/** All steps not fired yet, with their times: the timers to (re)create. */
export function pendingSteps(d: DeadlineTimes): ScheduledStep[] {
  const steps: ScheduledStep[] = [];
  let state: DeadlineTimes = d;
  for (let next = nextStep(state); next; next = nextStep(state)) {
    steps.push(next);
    state = afterStep(state, next.step, next.at);
  }
  return steps;
}

/** Deterministic BullMQ job id of a step: adding it twice is a no-op. */
export function timerJobId(deadlineId: string, step: DeadlineStep): string {
  return `deadline:${deadlineId}:${step}`;
}

export interface DeadlineSchedule {
  duration: string;
  dueAt: Date;
  escalate1At: Date | null;
  escalate2At: Date | null;
  /** Years without holiday data the working-day period ran through: it was counted short (never long) there. */
  holidayDataMissing: number[];
}

/** Due and escalation times of an obligation started at `start` under `policy`. */
export function scheduleDeadline(policy: DeadlinePolicy, start: Date, risk: RiskLevel | null, calendar: WorkingCalendar, agencyType: AgencyType | null = null): DeadlineSchedule {
  const dueAt = computeDueAt(policy, start, risk, calendar, agencyType);
  const [escalate1At = null, escalate2At = null] = escalationTimes(policy, dueAt);
  const holidayDataMissing = policy.workingDays ? calendar.missingYears(start, dueAt) : [];
  return { duration: resolveDuration(policy, risk, agencyType), dueAt, escalate1At, escalate2At, holidayDataMissing };
}
