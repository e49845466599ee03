import { AdminApprovalKind, AdminApprovalStatus, JurisdictionLevel, Role } from './enums';

/**
 * Four eyes on the accounts that read the most: a national supervisor reads every case in the country, any
 * supervisor every case of a province. Creating a national supervisor, or setting a supervisor's password
 * (which lets whoever sets it sign in as them), is a request that a second admin approves. The same holds
 * for admin accounts, or one admin could create (or take over) a second admin and approve with it; while a
 * single admin exists, creating the second one cannot wait for anybody. Pure: no I/O.
 */

/** The approval a new account needs, or null when one admin may create it. */
export function approvalForNewUser(user: { role: Role; jurisdictionLevel: JurisdictionLevel }, activeAdmins: number): AdminApprovalKind | null {
  if (user.role === Role.SUPERVISOR && user.jurisdictionLevel === JurisdictionLevel.NATIONAL) return AdminApprovalKind.CREATE_NATIONAL_SUPERVISOR;
  if (user.role === Role.ADMIN && activeAdmins >= 2) return AdminApprovalKind.CREATE_ADMIN;
  return null;
}

/** The approval a change to an existing account needs, or null when one admin may make it (their own password too). */
export function approvalForUserChange(target: { id: string; role: Role }, change: { password?: string }, actorId: string): AdminApprovalKind | null {
  if (!change.password || target.id === actorId) return null;
  if (target.role === Role.SUPERVISOR) return AdminApprovalKind.RESET_SUPERVISOR_PASSWORD;
  if (target.role === Role.ADMIN) return AdminApprovalKind.RESET_ADMIN_PASSWORD;
  return null;
}

export type ApprovalDecision = 'APPROVE' | 'REJECT';

/**
 * Why `actorId` may not take the decision now, or null. The requester may withdraw (reject) their own
 * request but never approve it.
 */
export function approvalDecisionRefusal(
  request: { status: AdminApprovalStatus; requestedBy: string },
  actorId: string,
  decision: ApprovalDecision,
): { code: 'CONFLICT' | 'FORBIDDEN'; message: string } | null {
  if (request.status !== AdminApprovalStatus.PENDING) {
    return { code: 'CONFLICT', message: `This request was already ${request.status.toLowerCase()}; ask for a new one if the change is still needed` };
  }
  if (decision === 'APPROVE' && request.requestedBy === actorId) {
    return { code: 'FORBIDDEN', message: 'A second admin must approve this change: you asked for it, so you may only reject (withdraw) it' };
  }
  return null;
}
