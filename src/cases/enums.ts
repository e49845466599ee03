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

/**
 * Intervention measures as the law lists them: Law on Children art. 50(2) a–h, the emergency actions of
 * Decree 56/2017 art. 31(3)(a) and Circular 14/2020/TT-BLĐTBXH art. 12. The types of urgent measures and of
 * plan items.
 */
export enum EmergencyMeasureType {
  /** a) medical care, therapy, physical and mental recovery. */
  MEDICAL_CARE = 'MEDICAL_CARE',
  /** b) a safe temporary shelter, away from the threatening environment or person. */
  REMOVAL_FROM_HARM = 'REMOVAL_FROM_HARM',
  /** c) temporary or long-term alternative care. */
  TEMPORARY_ALTERNATIVE_CARE = 'TEMPORARY_ALTERNATIVE_CARE',
  /** d) family reunification, return to school and community. */
  FAMILY_REUNIFICATION = 'FAMILY_REUNIFICATION',
  /** đ) counselling and knowledge for parents and carers. */
  PARENT_COUNSELLING = 'PARENT_COUNSELLING',
  /** e) legal advice and legal aid. */
  LEGAL_AID = 'LEGAL_AID',
  /** g) health, education and social-assistance support. */
  SOCIAL_SUPPORT = 'SOCIAL_SUPPORT',
  /** h) monitoring the child's safety. */
  SAFETY_MONITORING = 'SAFETY_MONITORING',
  /** Decree 56 art. 31(3)(a): the police called in to stop the harm. */
  POLICE_PROTECTION = 'POLICE_PROTECTION',
  /** Decree 56 art. 31(3)(a): first aid and emergency care. */
  FIRST_AID = 'FIRST_AID',
  /** Decree 56 art. 31(3)(a): evidence preserved. */
  EVIDENCE_PRESERVATION = 'EVIDENCE_PRESERVATION',
  /** Circular 14/2020 art. 12: temporary separation from the parents or carer (the decision is recorded on its own). */
  TEMPORARY_SEPARATION = 'TEMPORARY_SEPARATION',
  /** Circular 14/2020 art. 12: moved to a social-assistance facility. */
  SOCIAL_FACILITY_PLACEMENT = 'SOCIAL_FACILITY_PLACEMENT',
  /** Circular 14/2020 art. 12: linked to child-protection services. */
  SERVICE_LINKING = 'SERVICE_LINKING',
  OTHER = 'OTHER',
}

/** The measure types as an SQL list for CHECK constraints of the entities. */
export const MEASURE_TYPES_SQL = Object.values(EmergencyMeasureType)
  .map((m) => `'${m}'`)
  .join(',');

export enum NoteType {
  VISIT = 'VISIT',
  CALL = 'CALL',
  MEETING = 'MEETING',
  /** The reporter was told the police's decision on their report (Circular 43/2021/TT-BCA art. 12(2)). */
  REPORTER_NOTIFIED = 'REPORTER_NOTIFIED',
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
