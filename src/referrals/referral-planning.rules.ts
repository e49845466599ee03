import { jurisdictionCovers, Jurisdiction } from '../common/access/jurisdiction.rules';
import { vietnamYear } from '../common/vietnam-time';
import { Role } from '../identity/enums';
import { AgencyType, ReferralStatus } from './enums';
import { isFinalReferralStatus, MAX_OUTCOME_NOTE_LENGTH, MAX_REASON_LENGTH, MIN_REASON_LENGTH, ReferralAction } from './referral-lifecycle.rules';
import { AgencyCandidate, AgencyLevel, GeoLocation, resolveAgencyByGeography, RoutedAgency, RoutingChildInput, RoutingRule, validateRoutingRule } from './routing.rules';

/**
 * What the referral services decide around routing.rules.ts and referral-lifecycle.rules.ts: which referrals
 * a routing run creates, what a lifecycle action writes, who on the case side may refer or cancel, and the
 * shape of an admin's rule. Pure: no framework, no I/O, no clock.
 */

// ---------------------------------------------------------------------------------------------------------
// Routing input

export interface ChildFacts {
  birthYear: number | null;
  hasDisability: boolean | null;
  inSchool: boolean | null;
}

/** Children as routing sees them; the age is derived from the stored birth year (±1 year). */
export function routingChildren(children: ChildFacts[], now: Date): RoutingChildInput[] {
  const year = vietnamYear(now);
  return children.map((c) => ({
    age: c.birthYear !== null && c.birthYear <= year ? year - c.birthYear : null,
    hasDisability: c.hasDisability,
    inSchool: c.inSchool,
  }));
}

/**
 * Rules that act before the report is verified: those about a child in immediate danger. Everything else
 * waits for a founded assessment, so an unverified report is not spread to every agency at once.
 */
export function urgentRoutingRules(rules: RoutingRule[]): RoutingRule[] {
  return rules.filter((r) => r.condition?.immediateDanger === true);
}

// ---------------------------------------------------------------------------------------------------------
// Planning a routing run

export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = [ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS];

export function isOpenReferralStatus(status: ReferralStatus): boolean {
  return !isFinalReferralStatus(status);
}

export interface ExistingReferral {
  agencyType: AgencyType;
  status: ReferralStatus;
  /** Outbox event that produced it; null for a referral by hand. */
  sourceEventId: string | null;
}

export interface PlannedReferral extends RoutedAgency {
  agencyId: string;
  level: AgencyLevel;
}

export interface ReferralPlan {
  create: PlannedReferral[];
  /** Types left alone: an open referral exists, or this very event already referred them. */
  skipped: { agencyType: AgencyType; because: 'OPEN_REFERRAL' | 'SAME_EVENT' }[];
  /** Types no agency serves at the child's location: someone must be told. */
  noAgency: RoutedAgency[];
}

/**
 * The referrals a routing run creates. A type is skipped while the case has an open referral of it, and when
 * the same event already produced one (a redelivered event refers nothing twice, even after that referral
 * was closed); otherwise the agency instance is chosen by geography, or the type is reported as unserved.
 */
export function planReferrals(
  routed: RoutedAgency[],
  existing: ExistingReferral[],
  location: GeoLocation,
  agencies: AgencyCandidate[],
  sourceEventId: string | null,
): ReferralPlan {
  const plan: ReferralPlan = { create: [], skipped: [], noAgency: [] };
  for (const r of routed) {
    const ofType = existing.filter((e) => e.agencyType === r.agencyType);
    if (ofType.some((e) => isOpenReferralStatus(e.status))) {
      plan.skipped.push({ agencyType: r.agencyType, because: 'OPEN_REFERRAL' });
      continue;
    }
    if (sourceEventId !== null && ofType.some((e) => e.sourceEventId === sourceEventId)) {
      plan.skipped.push({ agencyType: r.agencyType, because: 'SAME_EVENT' });
      continue;
    }
    const resolved = resolveAgencyByGeography(r.agencyType, location, agencies);
    if (resolved) plan.create.push({ ...r, agencyId: resolved.agencyId, level: resolved.level });
    else plan.noAgency.push(r);
  }
  return plan;
}

/** The explanation stored with a referral made by hand. */
export function manualExplanation(agencyType: AgencyType, reason: string, username: string): string {
  return `${agencyType} referred by hand by ${username}: ${reason.trim()}`;
}

// ---------------------------------------------------------------------------------------------------------
// Case side: who may refer and cancel

export interface CaseSideActor extends Jurisdiction {
  id: string;
  role: Role;
}

export interface CaseSideCase {
  assigneeId: string | null;
  provinceCode: string | null;
  communeCode: string | null;
}

/**
 * Whether the caller may refer the case by hand or cancel one of its referrals: the assigned worker, or a
 * supervisor of the case's jurisdiction. Returns the refusal message, or null when allowed.
 */
export function refuseCaseSideWork(actor: CaseSideActor, c: CaseSideCase, what: string): string | null {
  if (actor.role === Role.CASE_WORKER && c.assigneeId === actor.id) return null;
  if (actor.role === Role.SUPERVISOR && jurisdictionCovers(actor, c)) return null;
  if (actor.role === Role.CASE_WORKER) {
    return `Only the case's assigned worker or a supervisor of its jurisdiction may ${what}; take the case first (POST /api/v1/cases/{id}/assignment)`;
  }
  return `Only the case's assigned worker or a supervisor of its jurisdiction may ${what}`;
}

/** A reason given by hand (refer, decline, cancel): the same bounds as the lifecycle rules. */
export function reasonProblem(reason: unknown, field = 'reason'): string | null {
  if (typeof reason !== 'string' || reason.trim() === '') return `${field} is required`;
  const length = reason.trim().length;
  if (length < MIN_REASON_LENGTH) return `${field} must be at least ${MIN_REASON_LENGTH} characters`;
  if (length > MAX_REASON_LENGTH) return `${field} must be at most ${MAX_REASON_LENGTH} characters`;
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Lifecycle: what an allowed action writes

export interface ReferralTimes {
  acknowledgedAt: Date | null;
}

export interface ReferralActionInput {
  reason?: string;
  outcome?: { code?: string; note?: string };
}

export interface ReferralChanges {
  status: ReferralStatus;
  acknowledgedAt?: Date;
  acceptedAt?: Date;
  declinedAt?: Date;
  declineReason?: string;
  startedAt?: Date;
  completedAt?: Date;
  outcomeCode?: string;
  outcomeNote?: string | null;
  cancelledAt?: Date;
  cancelReason?: string;
}

/**
 * The columns an allowed action sets. Accepting or declining straight from SENT means the agency has seen
 * the referral, so the acknowledgement time is filled in as well (`acknowledgedImplicitly`).
 */
export function referralChanges(
  action: ReferralAction,
  to: ReferralStatus,
  current: ReferralTimes,
  input: ReferralActionInput,
  now: Date,
): { changes: ReferralChanges; acknowledgedImplicitly: boolean } {
  const changes: ReferralChanges = { status: to };
  let acknowledgedImplicitly = false;
  const acknowledge = () => {
    if (current.acknowledgedAt === null) {
      changes.acknowledgedAt = now;
      acknowledgedImplicitly = true;
    }
  };
  switch (action) {
    case 'acknowledge':
      changes.acknowledgedAt = now;
      break;
    case 'accept':
      acknowledge();
      changes.acceptedAt = now;
      break;
    case 'decline':
      acknowledge();
      changes.declinedAt = now;
      changes.declineReason = (input.reason ?? '').trim();
      break;
    case 'start':
      changes.startedAt = now;
      break;
    case 'complete': {
      changes.completedAt = now;
      changes.outcomeCode = input.outcome?.code ?? '';
      const note = input.outcome?.note;
      changes.outcomeNote = typeof note === 'string' && note.trim() !== '' ? note.trim().slice(0, MAX_OUTCOME_NOTE_LENGTH) : null;
      break;
    }
    case 'cancel':
      changes.cancelledAt = now;
      changes.cancelReason = (input.reason ?? '').trim();
      break;
  }
  return { changes, acknowledgedImplicitly };
}

/** The outbox event and timeline type of each action (referral-events.ts). */
export const ACTION_EVENT: Record<ReferralAction, string> = {
  acknowledge: 'REFERRAL_ACKNOWLEDGED',
  accept: 'REFERRAL_ACCEPTED',
  decline: 'REFERRAL_DECLINED',
  start: 'REFERRAL_STARTED',
  complete: 'REFERRAL_COMPLETED',
  cancel: 'REFERRAL_CANCELLED',
};

// ---------------------------------------------------------------------------------------------------------
// Optimistic concurrency

/**
 * The referral version the client last saw, from `expectedVersion` in the body or an `If-Match` header
 * (`3`, `"3"`, `W/"3"`; `*` means any). Undefined when neither was sent.
 */
export function expectedReferralVersion(bodyVersion: number | undefined | null, ifMatch: string | undefined | null): { version?: number; problem?: string } {
  let header: number | undefined;
  const raw = typeof ifMatch === 'string' ? ifMatch.trim() : '';
  if (raw !== '' && raw !== '*') {
    const m = /^(?:W\/)?(?:"(\d{1,9})"|(\d{1,9}))$/.exec(raw);
    if (!m) return { problem: `If-Match must carry the referral version as a number, e.g. If-Match: "3" (got ${raw.slice(0, 40)})` };
    header = Number(m[1] ?? m[2]);
  }
  const body = bodyVersion ?? undefined;
  if (body !== undefined && header !== undefined && body !== header) {
    return { problem: `expectedVersion (${body}) and If-Match (${header}) disagree; send the version once` };
  }
  return { version: body ?? header };
}

export function referralVersionConflict(current: number, expected: number | undefined): string | null {
  if (expected === undefined || expected === current) return null;
  return `The referral was changed by someone else (now version ${current}); reload it and try again`;
}

// ---------------------------------------------------------------------------------------------------------
// Admin: a rule from a request body

const RULE_BODY_KEYS = ['name', 'nameVi', 'condition', 'agencyTypes', 'active'] as const;

export interface RuleBody {
  name: string;
  nameVi: string | null;
  condition: RoutingRule['condition'];
  agencyTypes: AgencyType[];
  active: boolean;
}

/**
 * Reads an admin's rule body: the number comes from the server (POST) or the URL (PUT) and the version is
 * always the server's, so a client cannot rewrite history by sending them. Problems are those of
 * validateRoutingRule, in words an admin can act on.
 */
export function readRuleBody(body: unknown, assigned: { number: number; version: number }, extraKeys: readonly string[] = []): { rule: RuleBody | null; problems: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { rule: null, problems: ['the request body must be a JSON object'] };
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(b)) {
    if ((RULE_BODY_KEYS as readonly string[]).includes(key) || extraKeys.includes(key)) continue;
    if (key === 'number' || key === 'version' || key === 'id') problems.push(`${key} is assigned by the server; leave it out`);
    else problems.push(`property ${key} should not exist (known: ${[...RULE_BODY_KEYS, ...extraKeys].join(', ')})`);
  }
  const candidate = {
    number: assigned.number,
    version: assigned.version,
    name: typeof b.name === 'string' ? b.name.trim() : b.name,
    nameVi: b.nameVi === null ? undefined : typeof b.nameVi === 'string' ? b.nameVi.trim() : b.nameVi,
    condition: b.condition,
    agencyTypes: b.agencyTypes,
    active: b.active === undefined ? true : b.active,
  };
  problems.push(...validateRoutingRule(candidate));
  if (problems.length > 0) return { rule: null, problems };
  return {
    rule: {
      name: candidate.name as string,
      nameVi: (candidate.nameVi as string | undefined) ?? null,
      condition: candidate.condition as RoutingRule['condition'],
      agencyTypes: candidate.agencyTypes as AgencyType[],
      active: candidate.active as boolean,
    },
    problems: [],
  };
}
