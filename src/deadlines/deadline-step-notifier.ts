import { EntityManager } from 'typeorm';
import { Place } from '../common/access/jurisdiction.rules';
import { JurisdictionLevel } from '../kernel/enums';
import { Deadline } from './deadline.entity';
import { DeadlineStep } from './deadline-steps.rules';

/** Who hears of a step, and where the case is now (it may have moved since the deadline started). */
export interface StepAudience {
  place: Place;
  caseNumber: string;
  userIds: string[];
  /** The supervisors' level an escalation reached; for the due step, the deadline's own. */
  scope: JurisdictionLevel | null;
}

/**
 * The audiences of a set of deadlines, read once: naming the audience of a step is then plain computation, so
 * a batch of steps (several of one deadline among them, each escalation depending on where the last went)
 * costs a few statements, not a few per step.
 */
export interface StepDirectory {
  /** The due step: the assignee or the agency's officers; an escalation: the supervisors of the level it reaches. */
  audience(d: Deadline, step: DeadlineStep): StepAudience;
}

export interface StepToTell {
  deadline: Deadline;
  step: DeadlineStep;
  audience: StepAudience;
}

/**
 * What firing steps needs from the module that tells people. Notifications sit above deadlines (they know
 * recipients, not deadlines' internals), so deadlines name only this interface and the notifications module
 * provides it under DEADLINE_STEP_NOTIFIER, wired by the worker's composition root. Both calls run in the
 * firing transaction, so the steps, their notifications, timeline events and audit rows commit together.
 */
export interface DeadlineStepNotifier {
  /** Reads what naming the audiences of these deadlines' steps needs (cases, officers, supervisors). */
  directory(manager: EntityManager, deadlines: readonly Deadline[]): Promise<StepDirectory>;
  /** Tells every audience at most once per step (multi-row statements); returns the users told now, per step. */
  tell(manager: EntityManager, steps: readonly StepToTell[]): Promise<string[][]>;
}

export const DEADLINE_STEP_NOTIFIER = Symbol('DEADLINE_STEP_NOTIFIER');
