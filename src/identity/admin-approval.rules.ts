import { AdminApprovalKind, AdminApprovalStatus, JurisdictionLevel, Role } from './enums';

/**
 * Four eyes on the accounts that read the most: a national supervisor reads every case in the country, any
 * supervisor every case of a province. Creating a national supervisor, or setting a supervisor's password
 * (which lets whoever sets it sign in as them), is a request that a second admin approves. Pure: no I/O.
 */

/** The approval a new account needs, or null when one admin may create it. */
export function approvalForNewUser(user: { role: Role; jurisdictionLevel: JurisdictionLevel }): AdminApprovalKind | null {
  return user.role === Role.SUPERVISOR && user.jurisdictionLevel === JurisdictionLevel.NATIONAL ? AdminApprovalKind.CREATE_NATIONAL_SUPERVISOR : null;
}

/** The approval a change to an existing account needs, or null when one admin may make it. */
export function approvalForUserChange(target: { role: Role }, change: { password?: string }): AdminApprovalKind | null {
  return target.role === Role.SUPERVISOR && !!change.password ? AdminApprovalKind.RESET_SUPERVISOR_PASSWORD : null;
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
