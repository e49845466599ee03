/**
 * The words access is decided in: a principal's role, the level of its jurisdiction and its agency's type
 * (contract, product.md §1 and §5). Access (common/access) sits below every feature, so they are defined here;
 * the kernel re-exports them with the rest of the shared vocabulary, which is where features import them from.
 */

/** Roles of product.md §1 (contract). */
export enum Role {
  HOTLINE_OPERATOR = 'HOTLINE_OPERATOR',
  CASE_WORKER = 'CASE_WORKER',
  AGENCY_OFFICER = 'AGENCY_OFFICER',
  SUPERVISOR = 'SUPERVISOR',
  ADMIN = 'ADMIN',
}

/** A user's jurisdiction is the whole country, one province, or one commune. */
export enum JurisdictionLevel {
  NATIONAL = 'NATIONAL',
  PROVINCE = 'PROVINCE',
  COMMUNE = 'COMMUNE',
}

/** Agency types (contract, product.md §5). */
export enum AgencyType {
  POLICE = 'POLICE',
  HEALTH = 'HEALTH',
  EDUCATION = 'EDUCATION',
  SOCIAL_SERVICES = 'SOCIAL_SERVICES',
  JUSTICE = 'JUSTICE',
  LOCAL_AUTHORITY = 'LOCAL_AUTHORITY',
}
