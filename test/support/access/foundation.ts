import { Audience } from '../../../src/common/access/allow.decorator';
import { Role } from '../../../src/identity/enums';

export const FOUNDATION_ACCESS: Record<string, Audience[]> = {
  'GET /health': ['PUBLIC'],
  'GET /api/v1/geo/provinces': ['PUBLIC'],
  'GET /api/v1/geo/provinces/:code/communes': ['PUBLIC'],
  // The place pickers of the public form search communes by name.
  'GET /api/v1/geo/communes': ['PUBLIC'],
  'POST /api/v1/auth/login': ['PUBLIC'],
  'GET /api/v1/auth/me': ['AUTHENTICATED'],
  'POST /api/v1/auth/refresh': ['PUBLIC'],
  'POST /api/v1/auth/logout': ['AUTHENTICATED'],
  'POST /api/v1/auth/mfa': ['AUTHENTICATED'],
  'POST /api/v1/auth/mfa/confirm': ['AUTHENTICATED'],
  'POST /api/v1/auth/mfa/recovery-codes': ['AUTHENTICATED'],
  'DELETE /api/v1/admin/users/:id/mfa': [Role.ADMIN],
  'DELETE /api/v1/admin/login-throttles': [Role.ADMIN],
  'GET /api/v1/admin/users': [Role.ADMIN],
  'POST /api/v1/admin/users': [Role.ADMIN],
  'PATCH /api/v1/admin/users/:id': [Role.ADMIN],
  'GET /api/v1/admin/approval-requests': [Role.ADMIN],
  'POST /api/v1/admin/approval-requests/:id/approve': [Role.ADMIN],
  'POST /api/v1/admin/approval-requests/:id/reject': [Role.ADMIN],
  'GET /api/v1/admin/agencies': [Role.ADMIN, Role.SUPERVISOR, Role.CASE_WORKER],
  'POST /api/v1/admin/agencies': [Role.ADMIN],
  'PATCH /api/v1/admin/agencies/:id': [Role.ADMIN],
  'GET /api/v1/audit': [Role.SUPERVISOR, Role.ADMIN],
  'GET /api/v1/audit/chain': [Role.ADMIN],
};
