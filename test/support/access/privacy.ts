import { Audience } from '../../../src/common/access/allow.decorator';
import { Role } from '../../../src/identity/enums';

export const PRIVACY_ACCESS: Record<string, Audience[]> = {
  'GET /api/v1/cases/:id/consents': [Role.CASE_WORKER, Role.SUPERVISOR],
  'POST /api/v1/cases/:id/consents': [Role.CASE_WORKER, Role.SUPERVISOR],
  'POST /api/v1/cases/:id/consents/:consentId/withdraw': [Role.CASE_WORKER, Role.SUPERVISOR],
  'POST /api/v1/cases/:id/disclosures': [Role.CASE_WORKER, Role.SUPERVISOR],
  'GET /api/v1/persons/:personId/export': [Role.SUPERVISOR],
  'GET /api/v1/admin/audit/case-reads': [Role.ADMIN],
  'GET /api/v1/admin/retention-policy': [Role.ADMIN],
  'PATCH /api/v1/admin/retention-policy': [Role.ADMIN],
  'GET /api/v1/admin/breach-notification-limit': [Role.ADMIN],
  'PATCH /api/v1/admin/breach-notification-limit': [Role.ADMIN],
};
