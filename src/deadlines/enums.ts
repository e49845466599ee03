/** Deadline policy keys (contract, product.md §8). */
export enum DeadlineKey {
  CASE_ASSESSMENT = 'CASE_ASSESSMENT',
  CASE_PLAN = 'CASE_PLAN',
  CASE_REVIEW = 'CASE_REVIEW',
  REFERRAL_ACKNOWLEDGE = 'REFERRAL_ACKNOWLEDGE',
  REFERRAL_COMPLETE = 'REFERRAL_COMPLETE',
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
