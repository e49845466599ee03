import { jurisdictionCovers, Place } from '../common/access/jurisdiction.rules';
import { Jurisdiction } from '../common/access/jurisdiction.rules';
import { Role } from '../identity/enums';
import { AccessGrantStatus } from './enums';

/**
 * Temporary access to a case outside one's jurisdiction (product.md §1): granted by a supervisor of the
 * case's jurisdiction to a case worker or supervisor, for a reason and until a time, and revocable. The
 * grant is honoured by CaseAccessPolicy while it is neither revoked nor expired.
 */

/** The longest a grant may run; a longer need is granted again, with a fresh reason on record. */
export const MAX_GRANT_DAYS = 30;
export const MIN_GRANT_REASON = 10;
export const MAX_GRANT_REASON = 1000;

export interface GranteeFacts extends Jurisdiction {
  username: string;
  role: Role;
  active: boolean;
}

/** Problems with a grant request, each saying what to change; empty when it may be granted. */
export function grantProblems(input: { until: Date; reason: string; now: Date; grantee: GranteeFacts; place: Place }): string[] {
  const problems: string[] = [];
  const { until, now, grantee } = input;
  if (Number.isNaN(until.getTime())) problems.push('until must be a date and time such as 2026-12-31T17:00:00+07:00');
  else if (until.getTime() <= now.getTime()) problems.push(`until (${until.toISOString()}) has already passed; give a time in the future`);
  else if (until.getTime() > now.getTime() + MAX_GRANT_DAYS * 86_400_000)
    problems.push(`until may be at most ${MAX_GRANT_DAYS} days from now; grant again when more time is needed`);
  const reason = input.reason.trim();
  if (reason.length < MIN_GRANT_REASON) problems.push(`reason must say why, in at least ${MIN_GRANT_REASON} characters`);
  if (reason.length > MAX_GRANT_REASON) problems.push(`reason must be at most ${MAX_GRANT_REASON} characters`);
  if (!grantee.active) problems.push(`${grantee.username} is not an active user`);
  else if (grantee.role !== Role.CASE_WORKER && grantee.role !== Role.SUPERVISOR) {
    problems.push(`Only case workers and supervisors can be granted access to a case; ${grantee.username} is ${grantee.role} (agency officers see cases through referrals)`);
  } else if (jurisdictionCovers(grantee, input.place)) {
    problems.push(`${grantee.username} already sees this case through their jurisdiction; no grant is needed`);
  }
  return problems;
}

export function grantStatus(g: { expiresAt: Date; revokedAt: Date | null }, now: Date): AccessGrantStatus {
  if (g.revokedAt) return AccessGrantStatus.REVOKED;
  return g.expiresAt.getTime() > now.getTime() ? AccessGrantStatus.ACTIVE : AccessGrantStatus.EXPIRED;
}
