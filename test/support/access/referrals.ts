import { Audience } from '../../../src/common/access/allow.decorator';
import { Role } from '../../../src/identity/enums';

export const REFERRALS_ACCESS: Record<string, Audience[]> = {
  // Routing rules are administration: admins only (they never see case content).
  'GET /api/v1/admin/routing-rules': [Role.ADMIN],
  'POST /api/v1/admin/routing-rules': [Role.ADMIN],
  'PUT /api/v1/admin/routing-rules/:number': [Role.ADMIN],
  'DELETE /api/v1/admin/routing-rules/:number': [Role.ADMIN],
  // A case's referrals: the case side (data scoped to the case's jurisdiction in the service).
  'GET /api/v1/cases/:id/referrals': [Role.CASE_WORKER, Role.SUPERVISOR],
  'POST /api/v1/cases/:id/referrals': [Role.CASE_WORKER, Role.SUPERVISOR],
  // Inbox and reads: officers see their agency's referrals, workers and supervisors those of their cases.
  'GET /api/v1/referrals': [Role.AGENCY_OFFICER, Role.CASE_WORKER, Role.SUPERVISOR],
  'GET /api/v1/referrals/:id': [Role.AGENCY_OFFICER, Role.CASE_WORKER, Role.SUPERVISOR],
  // The agency works the referral; the case side cancels it.
  'POST /api/v1/referrals/:id/acknowledge': [Role.AGENCY_OFFICER],
  'POST /api/v1/referrals/:id/accept': [Role.AGENCY_OFFICER],
  'POST /api/v1/referrals/:id/decline': [Role.AGENCY_OFFICER],
  'POST /api/v1/referrals/:id/start': [Role.AGENCY_OFFICER],
  'POST /api/v1/referrals/:id/complete': [Role.AGENCY_OFFICER],
  // The police extend the time to decide on a crime report (Criminal Procedure Code art. 147(2)).
  'POST /api/v1/referrals/:id/extensions': [Role.AGENCY_OFFICER],
  'POST /api/v1/referrals/:id/cancel': [Role.CASE_WORKER, Role.SUPERVISOR],
};
