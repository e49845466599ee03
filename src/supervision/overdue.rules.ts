import { RiskLevel } from '../cases/enums';
import { DAY_MS, toVietnamDate, vietnamDayStart } from '../common/vietnam-time';

/**
 * The order of the overdue dashboard, "worst first": the highest escalation level, then the longest overdue
 * (earliest due time), then the highest risk, then immediate danger; the deadline id settles ties so pages
 * never shuffle. The SQL ORDER BY below says the same thing for the database; the comparator is the
 * definition the tests hold both to.
 */

export const RISK_RANK: Record<RiskLevel, number> = {
  [RiskLevel.CRITICAL]: 0,
  [RiskLevel.HIGH]: 1,
  [RiskLevel.MEDIUM]: 2,
  [RiskLevel.LOW]: 3,
};

export interface OverdueOrderFacts {
  deadlineId: string;
  escalationLevel: number;
  dueAt: Date;
  riskLevel: RiskLevel;
  immediateDanger: boolean;
}

export function worstFirst(a: OverdueOrderFacts, b: OverdueOrderFacts): number {
  return (
    b.escalationLevel - a.escalationLevel ||
    a.dueAt.getTime() - b.dueAt.getTime() ||
    RISK_RANK[a.riskLevel] - RISK_RANK[b.riskLevel] ||
    Number(b.immediateDanger) - Number(a.immediateDanger) ||
    (a.deadlineId < b.deadlineId ? -1 : a.deadlineId > b.deadlineId ? 1 : 0)
  );
}

/** The same order in SQL over columns escalation_level, due_at, risk_level, immediate_danger, deadline_id. */
export function worstFirstSql(alias: string): string {
  const rank = Object.entries(RISK_RANK)
    .map(([risk, n]) => `WHEN '${risk}' THEN ${n}`)
    .join(' ');
  return [
    `${alias}.escalation_level DESC`,
    `${alias}.due_at ASC`,
    `CASE ${alias}.risk_level ${rank} ELSE 9 END ASC`,
    `${alias}.immediate_danger DESC`,
    // uuid order matches the comparator's text order of lower-case ids.
    `${alias}.deadline_id ASC`,
  ].join(', ');
}

const HOUR_MS = 3_600_000;

/** Whole hours an item has been overdue at `now` (0 in its first hour). */
export function hoursOverdue(dueAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - dueAt.getTime()) / HOUR_MS));
}

/** Whole days since the case was opened. */
export function caseAgeDays(openedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - openedAt.getTime()) / DAY_MS));
}

export interface TrendDay {
  /** Calendar day in Vietnam, YYYY-MM-DD. */
  date: string;
  /** The instant the day is counted at: its end, or `now` for today. */
  at: Date;
  start: Date;
}

/**
 * The last `days` calendar days in Vietnam ending today, oldest first. Each day is counted at its end (today
 * at `now`): an item is overdue then when its due time has passed and it was neither met nor cancelled yet.
 */
export function trendDays(now: Date, days: number): TrendDay[] {
  const todayStartUtc = vietnamDayStart(now);
  const out: TrendDay[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const start = todayStartUtc - i * DAY_MS;
    const end = Math.min(start + DAY_MS, now.getTime());
    out.push({ date: toVietnamDate(new Date(start)), start: new Date(start), at: new Date(end) });
  }
  return out;
}

/**
 * Obligations grouped by the day they fell due and the day they were met or cancelled, as indexes into the
 * trend's days: -1 for before the first day, `days.length` for not yet (or after today).
 */
export interface TrendBucket {
  due_day: number;
  resolved_day: number;
  n: number;
  /** How many of them were still open when they fell due. */
  became: number;
}

export interface TrendCount {
  date: string;
  overdue: number;
  became_overdue: number;
}

/**
 * The trend from the buckets: at the end of day i an obligation is overdue when it fell due on or before day i
 * and was not met or cancelled by then; it became overdue on day i when it fell due that day while open.
 */
export function trendFromBuckets(days: TrendDay[], buckets: TrendBucket[]): TrendCount[] {
  return days.map((d, i) => {
    let overdue = 0;
    let became = 0;
    for (const b of buckets) {
      if (b.due_day <= i && b.resolved_day > i) overdue += b.n;
      if (b.due_day === i) became += b.became;
    }
    return { date: d.date, overdue, became_overdue: became };
  });
}
