import { RiskLevel } from '../cases/enums';
import { AgencyType } from '../referrals/enums';
import { DeadlineKey, DeadlineKind } from './enums';
import { addDuration, isWholeDaysOnly, isZeroDuration, IsoDuration, parseIsoDuration } from './iso-duration.rules';
import { WorkingCalendar } from './working-calendar.rules';

/**
 * Deadline policies (product.md §6, §8): how long each obligation may take, per risk level, and when an
 * overdue item escalates. Policies are data that admins edit; this module computes with them and checks
 * edits. Pure: no framework, no I/O, no clock.
 */

/**
 * One lawful extension of a deadline, in order: the n-th extension of a deadline uses the n-th entry. `from`
 * says what it counts from: the start of the obligation (the new limit is start + duration) or the current
 * due time (it moves the due time by duration).
 */
export interface DeadlineExtension {
  from: 'START' | 'DUE';
  duration: string;
  /** Who must have approved it (e.g. the procuracy), or null when the deciding body may extend by itself. */
  approval: string | null;
  legalBasis: string;
}

/** Whether a limit is law, and which act and article sets it. */
export interface DeadlineBasis {
  kind: DeadlineKind;
  /** The act and article, e.g. "Nghị định 56/2017/NĐ-CP, Điều 26 khoản 3"; for a policy target, why we set it. */
  legalBasis: string;
  /** The extensions the law allows, if any. */
  extensions?: DeadlineExtension[];
}

export interface DeadlinePolicy extends DeadlineBasis {
  key: DeadlineKey;
  /** ISO-8601 duration, e.g. "PT12H"; with `workingDays` whole days only ("P7D"). */
  duration: string;
  /** Count the duration in working days on the Vietnamese calendar instead of elapsed time. */
  workingDays: boolean;
  /** Shorter (or longer) limits by risk level; a listed level replaces `duration`. */
  byRisk: Partial<Record<RiskLevel, string>>;
  /**
   * Limits for a referral to one type of agency, e.g. `{ POLICE: "P20D" }`: a listed type replaces both
   * `duration` and `byRisk`, since another law (here the Criminal Procedure Code) sets that agency's clock.
   */
  byAgencyType: Partial<Record<AgencyType, string>>;
  /** The basis of a `byAgencyType` limit where it differs from the policy's own. */
  basisByAgencyType: Partial<Record<AgencyType, DeadlineBasis>>;
  /**
   * Grace periods before escalation, elapsed time, cumulative: level 1 (the supervisor of the jurisdiction)
   * at due + [0], level 2 (the next level up) at level 1 + [1].
   */
  escalateAfter: string[];
}

export type DeadlinePolicyPatch = Partial<
  Pick<DeadlinePolicy, 'duration' | 'workingDays' | 'byRisk' | 'byAgencyType' | 'basisByAgencyType' | 'escalateAfter' | 'kind' | 'legalBasis'>
>;

export class DeadlinePolicyError extends Error {
  override readonly name = 'DeadlinePolicyError';
}

export const MAX_ESCALATION_LEVELS = 2;
// Longer than this is almost surely a typo ("P30Y" for "P30D") and risks dates out of range.
const MAX_DURATION_DAYS = 3660;
const PATCH_FIELDS = ['duration', 'workingDays', 'byRisk', 'byAgencyType', 'basisByAgencyType', 'escalateAfter', 'kind', 'legalBasis'] as const;
const RISK_LEVELS = Object.values(RiskLevel) as string[];
const AGENCY_TYPES = Object.values(AgencyType) as string[];
const KINDS = Object.values(DeadlineKind) as string[];
const MAX_LEGAL_BASIS = 500;

const DECREE_56 = 'Nghị định 56/2017/NĐ-CP';
const CRIMINAL_PROCEDURE = 'Bộ luật Tố tụng hình sự 2015';
const CIRCULAR_43 = 'Thông tư 43/2021/TT-BCA';
const legal = (legalBasis: string): DeadlineBasis => ({ kind: DeadlineKind.LEGAL, legalBasis });
const target = (legalBasis: string): DeadlineBasis => ({ kind: DeadlineKind.POLICY, legalBasis });

/**
 * Defaults seeded into the database, with what domain.md cites for each: LEGAL where an act sets the limit,
 * POLICY for a target we set (the shorter limits by risk and every escalation grace period are targets).
 */
export const DEFAULT_DEADLINE_POLICIES: DeadlinePolicy[] = [
  {
    key: DeadlineKey.CASE_ASSESSMENT,
    // The decree says "at once" without an hour limit (art. 26(1)-(2)); 12 hours is our target.
    ...target(`Mục tiêu của hệ thống; ${DECREE_56}, Điều 26 khoản 1, 2 (đánh giá ngay, không quy định số giờ)`),
    duration: 'PT12H',
    workingDays: false,
    byRisk: { [RiskLevel.CRITICAL]: 'PT2H', [RiskLevel.HIGH]: 'PT6H' },
    byAgencyType: {},
    basisByAgencyType: {},
    escalateAfter: ['PT2H', 'PT12H'],
  },
  {
    key: DeadlineKey.URGENT_PROTECTION,
    ...legal(`${DECREE_56}, Điều 26 khoản 3, Điều 31 khoản 2`),
    duration: 'PT12H',
    workingDays: false,
    byRisk: {},
    byAgencyType: {},
    basisByAgencyType: {},
    escalateAfter: ['PT1H', 'PT6H'],
  },
  {
    key: DeadlineKey.CASE_PLAN,
    ...legal(`${DECREE_56}, Điều 28 khoản 1`),
    duration: 'P5D',
    workingDays: true,
    byRisk: {},
    byAgencyType: {},
    basisByAgencyType: {},
    escalateAfter: ['PT24H', 'P3D'],
  },
  {
    key: DeadlineKey.PLAN_APPROVAL,
    ...legal(`${DECREE_56}, Điều 28 khoản 4`),
    duration: 'P2D',
    workingDays: true,
    byRisk: {},
    byAgencyType: {},
    basisByAgencyType: {},
    escalateAfter: ['PT24H', 'P2D'],
  },
  {
    key: DeadlineKey.SEPARATION_END,
    ...legal(`${DECREE_56}, Điều 32`),
    duration: 'P15D',
    workingDays: false,
    byRisk: {},
    byAgencyType: {},
    basisByAgencyType: {},
    escalateAfter: ['PT12H', 'P1D'],
  },
  {
    key: DeadlineKey.CASE_REVIEW,
    ...target(`Mục tiêu của hệ thống; ${DECREE_56}, Điều 30 không quy định thời hạn`),
    duration: 'P30D',
    workingDays: false,
    byRisk: {},
    byAgencyType: {},
    basisByAgencyType: {},
    escalateAfter: ['P3D', 'P7D'],
  },
  {
    key: DeadlineKey.REFERRAL_ACKNOWLEDGE,
    ...target('Mục tiêu của hệ thống'),
    duration: 'PT24H',
    workingDays: false,
    byRisk: { [RiskLevel.CRITICAL]: 'PT1H', [RiskLevel.HIGH]: 'PT4H' },
    // The police acknowledge by assigning an investigator trained to work with minors.
    byAgencyType: { [AgencyType.POLICE]: 'P3D' },
    basisByAgencyType: { [AgencyType.POLICE]: legal(`${CIRCULAR_43}, Điều 8`) },
    escalateAfter: ['PT4H', 'PT24H'],
  },
  {
    key: DeadlineKey.REFERRAL_COMPLETE,
    ...target('Mục tiêu của hệ thống'),
    duration: 'P30D',
    workingDays: false,
    byRisk: { [RiskLevel.CRITICAL]: 'P15D', [RiskLevel.HIGH]: 'P15D' },
    // The decision on a crime report; extensions move the deadline (art. 147(2)).
    byAgencyType: { [AgencyType.POLICE]: 'P20D' },
    basisByAgencyType: {
      [AgencyType.POLICE]: {
        ...legal(`${CRIMINAL_PROCEDURE}, Điều 147 khoản 1`),
        extensions: [
          // A complex report: up to 2 months from receipt; then once more by up to 2 months with the procuracy.
          { from: 'START', duration: 'P2M', approval: null, legalBasis: `${CRIMINAL_PROCEDURE}, Điều 147 khoản 2` },
          { from: 'DUE', duration: 'P2M', approval: 'Viện kiểm sát', legalBasis: `${CRIMINAL_PROCEDURE}, Điều 147 khoản 2` },
        ],
      },
    },
    escalateAfter: ['P3D', 'P7D'],
  },
  {
    key: DeadlineKey.REPORTER_NOTIFICATION,
    ...legal(`${CRIMINAL_PROCEDURE}, Điều 145 khoản 4; ${CIRCULAR_43}, Điều 12 khoản 2`),
    duration: 'P3D',
    workingDays: false,
    byRisk: {},
    byAgencyType: {},
    basisByAgencyType: {},
    escalateAfter: ['PT24H', 'P2D'],
  },
];

/** Whether the limit that applies to a referral to `agencyType` (or a case, null) is law, and which. */
export function resolveBasis(policy: DeadlinePolicy, agencyType: AgencyType | null = null): DeadlineBasis {
  const own = agencyType !== null && policy.byAgencyType[agencyType] ? policy.basisByAgencyType[agencyType] : undefined;
  return own ? { kind: own.kind, legalBasis: own.legalBasis } : { kind: policy.kind, legalBasis: policy.legalBasis };
}

/**
 * The duration text that applies: the agency type's entry (a referral), else the risk level's, else the
 * policy's `duration`.
 */
export function resolveDuration(policy: DeadlinePolicy, risk: RiskLevel | null, agencyType: AgencyType | null = null): string {
  return (agencyType !== null && policy.byAgencyType[agencyType]) || (risk !== null && policy.byRisk[risk]) || policy.duration;
}

function durationField(policy: DeadlinePolicy, text: string, risk: RiskLevel | null, agencyType: AgencyType | null): string {
  if (agencyType !== null && policy.byAgencyType[agencyType] === text) return `byAgencyType.${agencyType}`;
  return text === policy.duration ? 'duration' : `byRisk.${risk}`;
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
export function computeDueAt(policy: DeadlinePolicy, start: Date, risk: RiskLevel | null, calendar: WorkingCalendar, agencyType: AgencyType | null = null): Date {
  const text = resolveDuration(policy, risk, agencyType);
  const field = durationField(policy, text, risk, agencyType);
  const d = parseForPolicy(policy, text, field);
  if (isZeroDuration(d)) {
    throw new DeadlinePolicyError(`Deadline policy ${policy.key}, ${field}: "${text}" must be longer than zero`);
  }
  if (!policy.workingDays) return addDuration(start, d);
  if (!isWholeDaysOnly(d)) {
    throw new DeadlinePolicyError(`Deadline policy ${policy.key} counts working days, so ${field} must be whole days like "P7D"; got "${text}"`);
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

function basisTextProblems(value: unknown, where: string): string[] {
  if (typeof value !== 'string' || !value.trim()) return [`${where} must name the act and article (or say it is our target), e.g. "${DECREE_56}, Điều 28 khoản 1"`];
  if (value.length > MAX_LEGAL_BASIS) return [`${where} is longer than ${MAX_LEGAL_BASIS} characters`];
  return [];
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

  const byAgencyType = 'byAgencyType' in body ? body.byAgencyType : current?.byAgencyType;
  if (byAgencyType !== undefined) {
    if (typeof byAgencyType !== 'object' || byAgencyType === null || Array.isArray(byAgencyType)) {
      problems.push('byAgencyType must be an object mapping agency types to durations, e.g. { "POLICE": "P20D" } ({} for none)');
    } else {
      for (const [type, value] of Object.entries(byAgencyType)) {
        if (!AGENCY_TYPES.includes(type)) problems.push(`byAgencyType: unknown agency type "${type}"; use ${AGENCY_TYPES.join(', ')}`);
        else problems.push(...durationProblems(value, `byAgencyType.${type}`, workingDays));
      }
    }
  }

  if ('kind' in body && !KINDS.includes(body.kind as string)) {
    problems.push(`kind must be ${KINDS.join(' or ')} (LEGAL where a law sets the limit, POLICY for a target)`);
  }
  if ('legalBasis' in body) problems.push(...basisTextProblems(body.legalBasis, 'legalBasis'));
  if ('basisByAgencyType' in body) {
    const map = body.basisByAgencyType;
    if (typeof map !== 'object' || map === null || Array.isArray(map)) {
      problems.push('basisByAgencyType must be an object such as { "POLICE": { "kind": "LEGAL", "legalBasis": "…" } } ({} for none)');
    } else {
      for (const [type, basis] of Object.entries(map)) {
        const b = basis as Record<string, unknown> | null;
        if (!AGENCY_TYPES.includes(type)) problems.push(`basisByAgencyType: unknown agency type "${type}"; use ${AGENCY_TYPES.join(', ')}`);
        else if (typeof b !== 'object' || b === null) problems.push(`basisByAgencyType.${type} must be { "kind", "legalBasis" }`);
        else {
          if (!KINDS.includes(b.kind as string)) problems.push(`basisByAgencyType.${type}.kind must be ${KINDS.join(' or ')}`);
          problems.push(...basisTextProblems(b.legalBasis, `basisByAgencyType.${type}.legalBasis`));
          if (b.extensions !== undefined) {
            if (!Array.isArray(b.extensions)) problems.push(`basisByAgencyType.${type}.extensions must be a list`);
            else
              b.extensions.forEach((e: Record<string, unknown>, i: number) => {
                const where = `basisByAgencyType.${type}.extensions[${i}]`;
                if (typeof e !== 'object' || e === null) return problems.push(`${where} must be { "from", "duration", "approval", "legalBasis" }`);
                if (e.from !== 'START' && e.from !== 'DUE') problems.push(`${where}.from must be START or DUE`);
                problems.push(...durationProblems(e.duration, `${where}.duration`, false));
                if (e.approval !== null && typeof e.approval !== 'string') problems.push(`${where}.approval must be text or null`);
                problems.push(...basisTextProblems(e.legalBasis, `${where}.legalBasis`));
              });
          }
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
          `escalateAfter has ${list.length} entries; at most ${MAX_ESCALATION_LEVELS} escalation levels exist ` + '(1: supervisor of the jurisdiction, 2: the next level up)',
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
    byAgencyType: { ...(patch.byAgencyType ?? current.byAgencyType) },
    basisByAgencyType: { ...(patch.basisByAgencyType ?? current.basisByAgencyType) },
    escalateAfter: [...(patch.escalateAfter ?? current.escalateAfter)],
    kind: patch.kind ?? current.kind,
    legalBasis: patch.legalBasis?.trim() ?? current.legalBasis,
  };
}
