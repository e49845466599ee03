// Shared vocabulary lives in the kernel; re-exported here so existing imports keep working.
export { Role, JurisdictionLevel } from '../kernel/enums';

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
