import { Audience } from '../../../src/common/access/allow.decorator';
import { Role } from '../../../src/identity/enums';

export const DEADLINES_ACCESS: Record<string, Audience[]> = {
  // Policies and holidays are administration: admins only (no case content).
  'GET /api/v1/admin/deadline-policies': [Role.ADMIN],
  'PATCH /api/v1/admin/deadline-policies/:key': [Role.ADMIN],
  'GET /api/v1/admin/holidays': [Role.ADMIN],
  'PUT /api/v1/admin/holidays': [Role.ADMIN],
  // Queue health: job counts only, for the people who run and supervise the system.
  'GET /api/v1/admin/queues': [Role.ADMIN, Role.SUPERVISOR],
  // Deadlines of the cases the caller may see; agency officers, of their agency's referrals.
  'GET /api/v1/deadlines': [Role.CASE_WORKER, Role.SUPERVISOR, Role.AGENCY_OFFICER],
  // My tasks: what the caller or their agency answers for; approvals: what waits for a supervisor.
  'GET /api/v1/tasks': [Role.CASE_WORKER, Role.AGENCY_OFFICER, Role.SUPERVISOR],
  'GET /api/v1/approvals': [Role.SUPERVISOR],
};
