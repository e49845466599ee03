/** Deadline policy keys (contract, product.md §8). */
export enum DeadlineKey {
  CASE_ASSESSMENT = 'CASE_ASSESSMENT',
  CASE_PLAN = 'CASE_PLAN',
  CASE_REVIEW = 'CASE_REVIEW',
  REFERRAL_ACKNOWLEDGE = 'REFERRAL_ACKNOWLEDGE',
  REFERRAL_COMPLETE = 'REFERRAL_COMPLETE',
  /** Urgent intervention for a child in serious danger (Decree 56/2017 arts. 26(3), 31(2)). */
  URGENT_PROTECTION = 'URGENT_PROTECTION',
  /** The commune chair approves or returns a submitted plan (Decree 56/2017 art. 28(4)). */
  PLAN_APPROVAL = 'PLAN_APPROVAL',
  /** A temporary separation ends or is extended by an authority (Decree 56/2017 art. 32). */
  SEPARATION_END = 'SEPARATION_END',
  /** The reporter is told the police's decision on their report (Circular 43/2021/TT-BCA art. 12(2)). */
  REPORTER_NOTIFICATION = 'REPORTER_NOTIFICATION',
}

/** The keys as an SQL list, for CHECK constraints of the entities (migrations spell them out). */
export const DEADLINE_KEYS_SQL = Object.values(DeadlineKey)
  .map((k) => `'${k}'`)
  .join(',');

/** Outbox event of a lawful extension, consumed by the worker to move the deadline and its timers. */
export const DEADLINE_EXTENDED = 'DEADLINE_EXTENDED';

/** Whether a law sets the limit or it is a target the service sets itself. */
export enum DeadlineKind {
  LEGAL = 'LEGAL',
  POLICY = 'POLICY',
}

export enum DeadlineStatus {
  PENDING = 'PENDING',
  MET = 'MET',
  OVERDUE = 'OVERDUE',
  CANCELLED = 'CANCELLED',
}

export enum DeadlineSubjectType {
  CASE = 'CASE',
  REFERRAL = 'REFERRAL',
}
