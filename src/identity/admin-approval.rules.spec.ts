import { approvalDecisionRefusal, approvalForNewUser, approvalForUserChange, ApprovalDecision } from './admin-approval.rules';
import { AdminApprovalKind, AdminApprovalStatus, JurisdictionLevel, Role } from './enums';

const { NATIONAL, PROVINCE, COMMUNE } = JurisdictionLevel;

describe('approvalForNewUser', () => {
  // [role, jurisdiction, active admins, approval]
  const table: [Role, JurisdictionLevel, number, AdminApprovalKind | null][] = [
    [Role.SUPERVISOR, NATIONAL, 2, AdminApprovalKind.CREATE_NATIONAL_SUPERVISOR],
    [Role.SUPERVISOR, NATIONAL, 1, AdminApprovalKind.CREATE_NATIONAL_SUPERVISOR],
    [Role.SUPERVISOR, PROVINCE, 2, null],
    [Role.SUPERVISOR, COMMUNE, 2, null],
    [Role.CASE_WORKER, NATIONAL, 2, null],
    [Role.HOTLINE_OPERATOR, NATIONAL, 2, null],
    [Role.ADMIN, NATIONAL, 2, AdminApprovalKind.CREATE_ADMIN],
    [Role.ADMIN, NATIONAL, 1, null],
  ];
  it.each(table)('%s of %s with %d admins → %s', (role, jurisdictionLevel, admins, expected) => expect(approvalForNewUser({ role, jurisdictionLevel }, admins)).toBe(expected));
});

describe('approvalForUserChange', () => {
  // [target role, change, changed by the target themself, approval]
  const table: [Role, { password?: string }, boolean, AdminApprovalKind | null][] = [
    [Role.SUPERVISOR, { password: 'New-password-1' }, false, AdminApprovalKind.RESET_SUPERVISOR_PASSWORD],
    [Role.SUPERVISOR, {}, false, null],
    [Role.SUPERVISOR, { password: '' }, false, null],
    [Role.CASE_WORKER, { password: 'New-password-1' }, false, null],
    [Role.ADMIN, { password: 'New-password-1' }, false, AdminApprovalKind.RESET_ADMIN_PASSWORD],
    [Role.ADMIN, { password: 'New-password-1' }, true, null],
  ];
  it.each(table)('%s with %j (own account: %s) → %s', (role, change, own, expected) =>
    expect(approvalForUserChange({ id: 'target', role }, change, own ? 'target' : 'admin-1')).toBe(expected),
  );
});

describe('approvalDecisionRefusal', () => {
  const pending = { status: AdminApprovalStatus.PENDING, requestedBy: 'admin-1' };
  const table: [string, { status: AdminApprovalStatus; requestedBy: string }, string, ApprovalDecision, 'CONFLICT' | 'FORBIDDEN' | null][] = [
    ['a second admin approves', pending, 'admin-2', 'APPROVE', null],
    ['a second admin rejects', pending, 'admin-2', 'REJECT', null],
    ['the requester approves their own request', pending, 'admin-1', 'APPROVE', 'FORBIDDEN'],
    ['the requester withdraws their own request', pending, 'admin-1', 'REJECT', null],
    ['approving an approved request', { ...pending, status: AdminApprovalStatus.APPROVED }, 'admin-2', 'APPROVE', 'CONFLICT'],
    ['rejecting a rejected request', { ...pending, status: AdminApprovalStatus.REJECTED }, 'admin-2', 'REJECT', 'CONFLICT'],
  ];
  it.each(table)('%s', (_label, request, actor, decision, expected) => {
    const refusal = approvalDecisionRefusal(request, actor, decision);
    expect(refusal?.code ?? null).toBe(expected);
    if (refusal) expect(refusal.message.length).toBeGreaterThan(20);
  });
});
