import { Audience } from '../../../src/common/access/allow.decorator';
import { Role } from '../../../src/identity/enums';

export const CASES_ACCESS: Record<string, Audience[]> = {
  'GET /api/v1/cases': [Role.CASE_WORKER, Role.SUPERVISOR],
  'GET /api/v1/cases/:id': [Role.CASE_WORKER, Role.SUPERVISOR],
  'GET /api/v1/cases/:id/timeline': [Role.CASE_WORKER, Role.SUPERVISOR],
  'GET /api/v1/cases/:id/access-log': [Role.SUPERVISOR],
  // Workflow: operators, agency officers and admins never change a case.
  'POST /api/v1/cases/:id/transitions': [Role.CASE_WORKER, Role.SUPERVISOR],
  'POST /api/v1/cases/:id/assignment': [Role.CASE_WORKER, Role.SUPERVISOR],
  'POST /api/v1/cases/:id/plan': [Role.CASE_WORKER, Role.SUPERVISOR],
  'POST /api/v1/cases/:id/plan/return': [Role.SUPERVISOR],
  'POST /api/v1/cases/:id/plan/approve': [Role.SUPERVISOR],
  'GET /api/v1/cases/:id/notes': [Role.CASE_WORKER, Role.SUPERVISOR],
  'POST /api/v1/cases/:id/notes': [Role.CASE_WORKER, Role.SUPERVISOR],
  'GET /api/v1/cases/:id/emergency-measures': [Role.CASE_WORKER, Role.SUPERVISOR],
  'POST /api/v1/cases/:id/emergency-measures': [Role.CASE_WORKER, Role.SUPERVISOR],
  'GET /api/v1/cases/:id/separations': [Role.CASE_WORKER, Role.SUPERVISOR],
  'POST /api/v1/cases/:id/separations': [Role.CASE_WORKER, Role.SUPERVISOR],
  'POST /api/v1/cases/:id/separations/:separationId/end': [Role.CASE_WORKER, Role.SUPERVISOR],
  // Official forms: the same readers as the case.
  'GET /api/v1/cases/:id/forms/:form': [Role.CASE_WORKER, Role.SUPERVISOR],
};
