import { approvalDecisionRefusal, approvalForNewUser, approvalForUserChange, ApprovalDecision } from './admin-approval.rules';
import { AdminApprovalKind, AdminApprovalStatus, JurisdictionLevel, Role } from './enums';

const { NATIONAL, PROVINCE, COMMUNE } = JurisdictionLevel;

describe('approvalForNewUser', () => {
  const table: [Role, JurisdictionLevel, AdminApprovalKind | null][] = [
    [Role.SUPERVISOR, NATIONAL, AdminApprovalKind.CREATE_NATIONAL_SUPERVISOR],
    [Role.SUPERVISOR, PROVINCE, null],
    [Role.SUPERVISOR, COMMUNE, null],
    [Role.CASE_WORKER, NATIONAL, null],
    [Role.HOTLINE_OPERATOR, NATIONAL, null],
    [Role.ADMIN, NATIONAL, null],
  ];
  it.each(table)('%s of %s → %s', (role, jurisdictionLevel, expected) => expect(approvalForNewUser({ role, jurisdictionLevel })).toBe(expected));
});

describe('approvalForUserChange', () => {
  const table: [Role, { password?: string }, AdminApprovalKind | null][] = [
    [Role.SUPERVISOR, { password: 'New-password-1' }, AdminApprovalKind.RESET_SUPERVISOR_PASSWORD],
    [Role.SUPERVISOR, {}, null],
    [Role.SUPERVISOR, { password: '' }, null],
    [Role.CASE_WORKER, { password: 'New-password-1' }, null],
    [Role.ADMIN, { password: 'New-password-1' }, null],
  ];
  it.each(table)('%s with %j → %s', (role, change, expected) => expect(approvalForUserChange({ role }, change)).toBe(expected));
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
