import { Audience } from '../../../src/common/access/allow.decorator';
import { Role } from '../../../src/identity/enums';

const STAFF_CASES: Audience[] = [Role.CASE_WORKER, Role.SUPERVISOR];
const REFERRAL_READERS: Audience[] = [Role.AGENCY_OFFICER, Role.CASE_WORKER, Role.SUPERVISOR];

/**
 * Web pages (src/web). Without a session they answer a redirect to /login instead of 401; with a session of a
 * role they exclude they answer 403 like the API. The services behind them apply the same scoping as the API.
 */
export const WEB_ACCESS: Record<string, Audience[]> = {
  'GET /': ['PUBLIC'],
  'GET /report': ['PUBLIC'],
  'POST /report': ['PUBLIC'],
  'GET /status': ['PUBLIC'],
  'GET /login': ['PUBLIC'],
  'POST /login': ['PUBLIC'],
  'POST /logout': ['AUTHENTICATED'],
  'GET /lang/:locale': ['PUBLIC'],
  'GET /assets/app.css': ['PUBLIC'],
  'GET /assets/app.js': ['PUBLIC'],

  'GET /operator': [Role.HOTLINE_OPERATOR],
  'POST /operator/calls': [Role.HOTLINE_OPERATOR],
  'POST /operator/reports/:id/link': [Role.HOTLINE_OPERATOR],

  'GET /cases': STAFF_CASES,
  'GET /cases/:id': STAFF_CASES,
  'POST /cases/:id/assignment': STAFF_CASES,
  'POST /cases/:id/transitions': STAFF_CASES,
  'POST /cases/:id/plan': STAFF_CASES,
  'POST /cases/:id/plan/return': [Role.SUPERVISOR],
  'POST /cases/:id/notes': STAFF_CASES,
  'POST /cases/:id/emergency-measures': STAFF_CASES,
  'POST /cases/:id/referrals': STAFF_CASES,

  'GET /referrals': REFERRAL_READERS,
  'GET /referrals/:id': REFERRAL_READERS,
  'POST /referrals/:id/:action': REFERRAL_READERS,

  'GET /notifications': ['AUTHENTICATED'],
  'POST /notifications/read-all': ['AUTHENTICATED'],
  'POST /notifications/:id/read': ['AUTHENTICATED'],

  'GET /dashboard': [Role.SUPERVISOR],
  'GET /statistics': [Role.SUPERVISOR],
  'POST /dashboard/referrals/:id/nudge': [Role.SUPERVISOR],

  // Everyday work: my tasks, approvals, the national triage queue (the service refuses regional users), access grants.
  'GET /tasks': [Role.CASE_WORKER, Role.AGENCY_OFFICER, Role.SUPERVISOR],
  'GET /approvals': [Role.SUPERVISOR],
  'POST /approvals/:id/approve': [Role.SUPERVISOR],
  'POST /approvals/:id/return': [Role.SUPERVISOR],
  'POST /approvals/:id/close': [Role.SUPERVISOR],
  'GET /triage': [Role.HOTLINE_OPERATOR, Role.SUPERVISOR],
  'GET /triage/:id': [Role.HOTLINE_OPERATOR, Role.SUPERVISOR],
  'POST /triage/:id': [Role.HOTLINE_OPERATOR, Role.SUPERVISOR],
  'GET /cases/:id/access': [Role.SUPERVISOR],
  'POST /cases/:id/access': [Role.SUPERVISOR],
  'POST /cases/:id/access/:grantId/revoke': [Role.SUPERVISOR],
  // Who viewed the case (its access log), as the API's.
  'GET /cases/:id/access-log': [Role.SUPERVISOR],
  // Repeat callers: a number's history (operators and supervisors), flags set and cleared by supervisors.
  'GET /callers': [Role.HOTLINE_OPERATOR, Role.SUPERVISOR],
  'POST /callers/:phone/flags': [Role.SUPERVISOR],
  'POST /callers/:phone/flags/:flagId/clear': [Role.SUPERVISOR],
};
