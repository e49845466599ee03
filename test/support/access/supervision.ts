import { Audience } from '../../../src/common/access/allow.decorator';
import { Role } from '../../../src/identity/enums';

export const SUPERVISION_ACCESS: Record<string, Audience[]> = {
  // The overdue dashboard names cases and assignees: supervisors of the jurisdiction only.
  'GET /api/v1/dashboard/overdue': [Role.SUPERVISOR],
  // Aggregates without personal data: supervisors of their jurisdiction, admins (national) too.
  'GET /api/v1/statistics': [Role.SUPERVISOR, Role.ADMIN],
  // Dashboard actions of a supervisor of the case's jurisdiction.
  'POST /api/v1/referrals/:id/nudge': [Role.SUPERVISOR],
  'GET /api/v1/cases/:id/access-grants': [Role.SUPERVISOR],
  'POST /api/v1/cases/:id/access-grants': [Role.SUPERVISOR],
  'DELETE /api/v1/cases/:id/access-grants/:grantId': [Role.SUPERVISOR],
};
