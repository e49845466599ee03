/** Agency types (contract, product.md §5). */
export enum AgencyType {
  POLICE = 'POLICE',
  HEALTH = 'HEALTH',
  EDUCATION = 'EDUCATION',
  SOCIAL_SERVICES = 'SOCIAL_SERVICES',
  JUSTICE = 'JUSTICE',
  LOCAL_AUTHORITY = 'LOCAL_AUTHORITY',
}

/** Referral lifecycle (contract). */
export enum ReferralStatus {
  SENT = 'SENT',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
