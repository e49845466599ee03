/** Case states following the official procedure (contract, product.md §4). */
export enum CaseStatus {
  RECEIVED = 'RECEIVED',
  ASSESSING = 'ASSESSING',
  PLANNING = 'PLANNING',
  INTERVENING = 'INTERVENING',
  REVIEWING = 'REVIEWING',
  CLOSED = 'CLOSED',
}

export enum RiskLevel {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

export enum ClosureReason {
  GOALS_MET = 'GOALS_MET',
  UNFOUNDED = 'UNFOUNDED',
  TRANSFERRED = 'TRANSFERRED',
  CHILD_RELOCATED = 'CHILD_RELOCATED',
  AGED_OUT = 'AGED_OUT',
  DECEASED = 'DECEASED',
  OTHER = 'OTHER',
}

/** Urgent protection measures (Law on Children art. 50; Decree 56/2017). */
export enum EmergencyMeasureType {
  REMOVAL_FROM_HARM = 'REMOVAL_FROM_HARM',
  TEMPORARY_ALTERNATIVE_CARE = 'TEMPORARY_ALTERNATIVE_CARE',
  MEDICAL_CARE = 'MEDICAL_CARE',
  POLICE_PROTECTION = 'POLICE_PROTECTION',
  OTHER = 'OTHER',
}

export enum NoteType {
  VISIT = 'VISIT',
  CALL = 'CALL',
  MEETING = 'MEETING',
  OTHER = 'OTHER',
}

/** The three levels of protection (Law on Children arts. 47–49). */
export enum ProtectionLevel {
  PREVENTION = 'PREVENTION',
  SUPPORT = 'SUPPORT',
  INTERVENTION = 'INTERVENTION',
}

/** Role a person plays in a case. */
export enum CasePersonRole {
  CHILD = 'CHILD',
  REPORTER = 'REPORTER',
  PERPETRATOR = 'PERPETRATOR',
}

/** Where a version of the support/intervention plan stands. */
export enum PlanStatus {
  SUBMITTED = 'SUBMITTED',
  RETURNED = 'RETURNED',
  APPROVED = 'APPROVED',
  /** Replaced by a later version before or after approval. */
  SUPERSEDED = 'SUPERSEDED',
}
