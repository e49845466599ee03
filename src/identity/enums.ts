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
