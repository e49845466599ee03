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

/**
 * Changes one admin alone may not make: to an account that reads every case (or a province's), or to an
 * admin account (else one admin could make a second admin and approve with it).
 */
export enum AdminApprovalKind {
  CREATE_NATIONAL_SUPERVISOR = 'CREATE_NATIONAL_SUPERVISOR',
  RESET_SUPERVISOR_PASSWORD = 'RESET_SUPERVISOR_PASSWORD',
  CREATE_ADMIN = 'CREATE_ADMIN',
  RESET_ADMIN_PASSWORD = 'RESET_ADMIN_PASSWORD',
}

export enum AdminApprovalStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
