import { RiskLevel } from '../cases/enums';
import { DeadlineKey } from './enums';
import { addDuration, isWholeDaysOnly, isZeroDuration, IsoDuration, parseIsoDuration } from './iso-duration.rules';
import { WorkingCalendar } from './working-calendar.rules';

/**
 * Deadline policies (product.md §6, §8): how long each obligation may take, per risk level, and when an
 * overdue item escalates. Policies are data that admins edit; this module computes with them and checks
 * edits. Pure: no framework, no I/O, no clock.
 */

export interface DeadlinePolicy {
  key: DeadlineKey;
  /** ISO-8601 duration, e.g. "PT12H"; with `workingDays` whole days only ("P7D"). */
  duration: string;
  /** Count the duration in working days on the Vietnamese calendar instead of elapsed time. */
  workingDays: boolean;
  /** Shorter (or longer) limits by risk level; a listed level replaces `duration`. */
  byRisk: Partial<Record<RiskLevel, string>>;
  /**
   * Grace periods before escalation, elapsed time, cumulative: level 1 (the supervisor of the jurisdiction)
   * at due + [0], level 2 (the next level up) at level 1 + [1].
   */
  escalateAfter: string[];
}

export type DeadlinePolicyPatch = Partial<Pick<DeadlinePolicy, 'duration' | 'workingDays' | 'byRisk' | 'escalateAfter'>>;

export class DeadlinePolicyError extends Error {
  override readonly name = 'DeadlinePolicyError';
}

export const MAX_ESCALATION_LEVELS = 2;
// Longer than this is almost surely a typo ("P30Y" for "P30D") and risks dates out of range.
const MAX_DURATION_DAYS = 3660;
const PATCH_FIELDS = ['duration', 'workingDays', 'byRisk', 'escalateAfter'] as const;
const RISK_LEVELS = Object.values(RiskLevel) as string[];

/**
 * Defaults seeded into the database. Which limits are law and which are our targets:
 * - CASE_ASSESSMENT 12 hours from receiving the information: legal, Law on Children art. 50 and
 *   Decree 56/2017/NĐ-CP (verify). The shorter limits for HIGH and CRITICAL risk are policy targets, since a
 *   child in danger needs urgent protection at once.
 * - CASE_PLAN 7 working days from receiving the information: legal, Decree 56/2017/NĐ-CP (verify).
 * - CASE_REVIEW 30 days, REFERRAL_ACKNOWLEDGE and REFERRAL_COMPLETE: policy targets, no legal limit.
 * - All escalation grace periods are policy targets.
 */
export const DEFAULT_DEADLINE_POLICIES: DeadlinePolicy[] = [
  {
    key: DeadlineKey.CASE_ASSESSMENT,
    duration: 'PT12H',
    workingDays: false,
    byRisk: { [RiskLevel.CRITICAL]: 'PT2H', [RiskLevel.HIGH]: 'PT6H' },
    escalateAfter: ['PT2H', 'PT12H'],
  },
  {
    key: DeadlineKey.CASE_PLAN,
    duration: 'P7D',
    workingDays: true,
    byRisk: {},
    escalateAfter: ['PT24H', 'P3D'],
  },
  {
    key: DeadlineKey.CASE_REVIEW,
    duration: 'P30D',
    workingDays: false,
    byRisk: {},
    escalateAfter: ['P3D', 'P7D'],
  },
  {
    key: DeadlineKey.REFERRAL_ACKNOWLEDGE,
    duration: 'PT24H',
    workingDays: false,
    byRisk: { [RiskLevel.CRITICAL]: 'PT1H', [RiskLevel.HIGH]: 'PT4H' },
    escalateAfter: ['PT4H', 'PT24H'],
  },
  {
    key: DeadlineKey.REFERRAL_COMPLETE,
    duration: 'P30D',
    workingDays: false,
    byRisk: { [RiskLevel.CRITICAL]: 'P15D', [RiskLevel.HIGH]: 'P15D' },
    escalateAfter: ['P3D', 'P7D'],
  },
];

/** The duration text that applies to a risk level: its `byRisk` entry, else the policy's `duration`. */
export function resolveDuration(policy: DeadlinePolicy, risk: RiskLevel | null): string {
  return (risk !== null && policy.byRisk[risk]) || policy.duration;
}

function parseForPolicy(policy: DeadlinePolicy, text: string, field: string): IsoDuration {
  try {
    return parseIsoDuration(text);
  } catch (e) {
    throw new DeadlinePolicyError(`Deadline policy ${policy.key}, ${field}: ${(e as Error).message}`);
  }
}

/**
 * When an obligation started at `start` is due. `start` is the event the law counts from (e.g. the time
 * the information was received, domain.md), not the time the deadline row is written.
 */
export function computeDueAt(policy: DeadlinePolicy, start: Date, risk: RiskLevel | null, calendar: WorkingCalendar): Date {
  const text = resolveDuration(policy, risk);
  const field = text === policy.duration ? 'duration' : `byRisk.${risk}`;
  const d = parseForPolicy(policy, text, field);
  if (isZeroDuration(d)) {
    throw new DeadlinePolicyError(`Deadline policy ${policy.key}, ${field}: "${text}" must be longer than zero`);
  }
  if (!policy.workingDays) return addDuration(start, d);
  if (!isWholeDaysOnly(d)) {
    throw new DeadlinePolicyError(
      `Deadline policy ${policy.key} counts working days, so ${field} must be whole days like "P7D"; got "${text}"`,
    );
  }
  // A period reaching a year without holiday data ends early rather than late, and the deadline still
  // starts: a case never fails to open for want of a calendar (scheduleDeadline reports the years).
  return calendar.addWorkingDaysAtMost(start, d.days).at;
}

/** Escalation instants, cumulative: [due + g1, due + g1 + g2]. Grace periods are elapsed time. */
export function escalationTimes(policy: DeadlinePolicy, dueAt: Date): Date[] {
  const times: Date[] = [];
  let at = dueAt;
  policy.escalateAfter.forEach((text, i) => {
    at = addDuration(at, parseForPolicy(policy, text, `escalateAfter[${i}]`));
    times.push(at);
  });
  return times;
}

/** Approximate length in days, only to catch absurd values. */
function approxDays(d: IsoDuration): number {
  return d.years * 366 + d.months * 31 + d.weeks * 7 + d.days + (d.hours * 3600 + d.minutes * 60 + d.seconds) / 86400;
}

/** Problems with one duration value, prefixed with where it is ("duration", "byRisk.HIGH", …). */
function durationProblems(value: unknown, where: string, workingDays: boolean | undefined): string[] {
  if (typeof value !== 'string') {
    return [`${where} must be a string with an ISO-8601 duration such as "PT12H", got ${value === null ? 'null' : typeof value}`];
  }
  let d: IsoDuration;
  try {
    d = parseIsoDuration(value);
  } catch (e) {
    return [`${where}: ${(e as Error).message}`];
  }
  if (isZeroDuration(d)) return [`${where}: "${value}" must be longer than zero`];
  if (approxDays(d) > MAX_DURATION_DAYS) return [`${where}: "${value}" is longer than 10 years; check for a typo`];
  if (workingDays && !isWholeDaysOnly(d)) {
    return [`${where}: working days are counted, so the duration must be whole days such as "P7D", got "${value}"`];
  }
  return [];
}

/**
 * Human-readable problems with a PATCH body `{ duration?, workingDays?, byRisk?, escalateAfter? }`; empty
 * when it is valid. With `current`, the working-days rule is checked on the policy as it would be after the
 * patch (e.g. `{ "workingDays": true }` on a policy of "PT12H" is refused).
 */
export function validatePolicyPatch(patch: unknown, current?: DeadlinePolicy): string[] {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return [`The body must be a JSON object with any of: ${PATCH_FIELDS.join(', ')}`];
  }
  const body = patch as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of Object.keys(body)) {
    if (!(PATCH_FIELDS as readonly string[]).includes(field)) {
      problems.push(`Unknown field "${field}"; a deadline policy has ${PATCH_FIELDS.join(', ')}`);
    }
  }

  let workingDays = current?.workingDays;
  if ('workingDays' in body) {
    if (typeof body.workingDays === 'boolean') workingDays = body.workingDays;
    else problems.push('workingDays must be true or false');
  }

  // Durations the patch keeps from the current policy still have to fit a newly switched-on workingDays.
  const duration = 'duration' in body ? body.duration : current?.duration;
  if (duration !== undefined) problems.push(...durationProblems(duration, 'duration', workingDays));

  const byRisk = 'byRisk' in body ? body.byRisk : current?.byRisk;
  if (byRisk !== undefined) {
    if (typeof byRisk !== 'object' || byRisk === null || Array.isArray(byRisk)) {
      problems.push('byRisk must be an object mapping risk levels to durations, e.g. { "HIGH": "PT2H" } ({} for none)');
    } else {
      for (const [level, value] of Object.entries(byRisk)) {
        if (!RISK_LEVELS.includes(level)) {
          problems.push(`byRisk: unknown risk level "${level}"; use ${RISK_LEVELS.join(', ')}`);
        } else {
          problems.push(...durationProblems(value, `byRisk.${level}`, workingDays));
        }
      }
    }
  }

  if ('escalateAfter' in body) {
    const list = body.escalateAfter;
    if (!Array.isArray(list)) {
      problems.push('escalateAfter must be a list of up to 2 durations, e.g. ["PT4H", "PT24H"] ([] for no escalation)');
    } else {
      if (list.length > MAX_ESCALATION_LEVELS) {
        problems.push(
          `escalateAfter has ${list.length} entries; at most ${MAX_ESCALATION_LEVELS} escalation levels exist ` +
            '(1: supervisor of the jurisdiction, 2: the next level up)',
        );
      }
      // Grace periods are elapsed time whatever workingDays says, so any positive duration is fine.
      list.forEach((value, i) => problems.push(...durationProblems(value, `escalateAfter[${i}]`, false)));
    }
  }
  return problems;
}

/**
 * The policy after a valid patch (check with `validatePolicyPatch` first). `byRisk` and `escalateAfter`
 * replace the stored values as a whole, so an admin can also remove entries.
 */
export function applyPolicyPatch(current: DeadlinePolicy, patch: DeadlinePolicyPatch): DeadlinePolicy {
  return {
    key: current.key,
    duration: patch.duration ?? current.duration,
    workingDays: patch.workingDays ?? current.workingDays,
    byRisk: { ...(patch.byRisk ?? current.byRisk) },
    escalateAfter: [...(patch.escalateAfter ?? current.escalateAfter)],
  };
}
