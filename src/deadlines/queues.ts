import { DeadlineStep } from './deadline-steps.rules';

/** The BullMQ queue of deadline timers: one delayed job per deadline step, plus the periodic reconciler. */
export const DEADLINES_QUEUE = 'deadlines';

export const DeadlineJob = {
  FIRE: 'fire',
  RECONCILE: 'reconcile',
} as const;

export const DEADLINE_RECONCILE_SCHEDULER = 'deadlines-reconcile';

export interface FireJobData {
  deadlineId: string;
  step: DeadlineStep;
}

export const FIRE_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  // Removed once done so the same id can be enqueued again if it is ever needed; the row is the record.
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
};
