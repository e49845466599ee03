import { Audience } from '../../../src/common/access/allow.decorator';
import { Role } from '../../../src/identity/enums';

export const INTAKE_ACCESS: Record<string, Audience[]> = {
  'POST /api/v1/intake/calls': [Role.HOTLINE_OPERATOR],
  'GET /api/v1/intake/calls': [Role.HOTLINE_OPERATOR],
  'GET /api/v1/intake/lookup': [Role.HOTLINE_OPERATOR],
  'POST /api/v1/intake/duplicate-check': [Role.HOTLINE_OPERATOR, Role.CASE_WORKER, Role.SUPERVISOR],
  'POST /api/v1/intake/reports/:id/link': [Role.HOTLINE_OPERATOR, Role.CASE_WORKER, Role.SUPERVISOR],
  'POST /api/v1/intake/reports/:id/unlink': [Role.CASE_WORKER, Role.SUPERVISOR],
  'GET /api/v1/intake/triage': [Role.HOTLINE_OPERATOR, Role.SUPERVISOR],
  'POST /api/v1/intake/triage/:caseId/location': [Role.HOTLINE_OPERATOR, Role.SUPERVISOR],
  // Repeat callers: operators while a number calls, supervisors who set and clear flags on numbers.
  'GET /api/v1/intake/callers/:phone': [Role.HOTLINE_OPERATOR, Role.SUPERVISOR],
  'POST /api/v1/intake/callers/:phone/flags': [Role.SUPERVISOR],
  'DELETE /api/v1/intake/callers/:phone/flags/:flagId': [Role.SUPERVISOR],
  'POST /api/v1/intake/online-reports': ['PUBLIC'],
  'GET /api/v1/intake/online-reports/:trackingCode': ['PUBLIC'],
};
