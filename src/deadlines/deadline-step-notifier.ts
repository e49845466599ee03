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
 * What firing a step needs from the module that tells people. Notifications sit above deadlines (they know
 * recipients, not deadlines' internals), so deadlines name only this interface and the notifications module
 * provides it under DEADLINE_STEP_NOTIFIER, wired by the worker's composition root. Both calls run in the
 * firing transaction, so the step, its notifications, timeline event and audit row commit together.
 */
export interface DeadlineStepNotifier {
  /** The due step: the assignee or the agency's officers; an escalation: the supervisors of the level it reaches. */
  audience(manager: EntityManager, d: Deadline, step: DeadlineStep): Promise<StepAudience>;
  /** Tells the audience at most once per step; returns the users told now. */
  tell(manager: EntityManager, d: Deadline, step: DeadlineStep, audience: StepAudience): Promise<string[]>;
}

export const DEADLINE_STEP_NOTIFIER = Symbol('DEADLINE_STEP_NOTIFIER');
