/**
 * Working days on the Vietnamese public-sector calendar: Monday–Friday, minus public holidays and days off
 * announced for the year, plus weekend days declared working days (product.md §6, domain.md).
 *
 * All day arithmetic is in Vietnamese civil time (Asia/Ho_Chi_Minh), which has been UTC+7 with no daylight
 * saving since 1975, so a fixed offset is exact and the machine's TZ never matters.
 * Pure: no framework, no I/O, no clock.
 */

import { DAY_MS, dayNumberOf, VIETNAM_UTC_OFFSET_MS } from '../common/vietnam-time';

export type HolidayKind = 'HOLIDAY' | 'COMPENSATORY_DAY_OFF' | 'MAKEUP_WORKING_DAY';
export const HOLIDAY_KINDS: readonly HolidayKind[] = ['HOLIDAY', 'COMPENSATORY_DAY_OFF', 'MAKEUP_WORKING_DAY'];

/**
 * One dated exception to the Monday–Friday week.
 * - `HOLIDAY`: a public holiday (Labour Code 2019 art. 112).
 * - `COMPENSATORY_DAY_OFF`: a weekday off, either "nghỉ bù" for a holiday that fell on a weekend or a weekday
 *   swapped ("hoán đổi") with a weekend day in the annual announcement.
 * - `MAKEUP_WORKING_DAY`: a weekend day declared a working day ("làm bù") in exchange for a swapped weekday.
 */
export interface Holiday {
  /** Local date in Vietnam, `YYYY-MM-DD`. */
  date: string;
  name: string;
  kind: HolidayKind;
}

function requireValidDate(date: Date, what: string): number {
  const t = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(t)) throw new Error(`${what} must be a valid date, got ${String(date)}`);
  return t;
}

/** Local day number (days since 1970-01-01 in UTC+7) of an instant. */
function localDayOf(t: number): number {
  return Math.floor((t + VIETNAM_UTC_OFFSET_MS) / DAY_MS);
}

/** Instant at which a local day starts (00:00 in UTC+7). */
function startOfLocalDay(day: number): number {
  return day * DAY_MS - VIETNAM_UTC_OFFSET_MS;
}

/** 1970-01-01 was a Thursday; 0 = Sunday … 6 = Saturday. */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekend(day: number): boolean {
  const wd = weekdayOf(day);
  return wd === 0 || wd === 6;
}

/** The Gregorian year of a local day number. */
function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/**
 * A working-day period reaches a year the holiday list has nothing for: counting it Monday–Friday would
 * silently run through that year's Tết and end later than the law allows.
 */
export class HolidayDataMissingError extends Error {
  constructor(public readonly years: number[]) {
    super(
      `No public holidays are recorded for ${years.join(', ')}, so working days there cannot be counted; ` +
        `an administrator adds them with PUT /api/v1/admin/holidays?year=${years[0]}`,
    );
  }
}

/** How far ahead the next year's holidays are asked for: deadlines started within this time may reach it. */
export const HOLIDAY_NOTICE_DAYS = 31;

/**
 * The years an administrator must enter holidays for, earliest first: those without data from the current
 * year to the furthest due time of the open working-day deadlines (and at least HOLIDAY_NOTICE_DAYS ahead),
 * plus those open deadlines were already counted short for.
 */
export function yearsNeedingHolidays(calendar: WorkingCalendar, now: Date, furthestDue: Date | null, countedShort: readonly number[]): number[] {
  const notice = new Date(now.getTime() + HOLIDAY_NOTICE_DAYS * DAY_MS);
  const until = furthestDue && furthestDue > notice ? furthestDue : notice;
  const years = new Set([...calendar.missingYears(now, until), ...countedShort.filter((y) => !calendar.yearsWithData().includes(y))]);
  return [...years].sort((a, b) => a - b);
}

/**
 * Problems with a holiday list, for the admin screen and seed checks: malformed or impossible dates, unknown
 * kinds, empty names, the same date listed twice, and exceptions that change nothing (a makeup working day
 * on a weekday, a compensatory day off on a weekend).
 */
export function validateHolidays(holidays: unknown): string[] {
  if (!Array.isArray(holidays)) return ['Holidays must be a list of { date, name, kind }'];
  const problems: string[] = [];
  const seen = new Map<number, string>();
  holidays.forEach((h: Partial<Holiday> | null, i) => {
    const at = `Holiday #${i + 1}${h && typeof h.date === 'string' ? ` (${h.date})` : ''}`;
    if (!h || typeof h !== 'object') {
      problems.push(`${at} must be an object { date, name, kind }`);
      return;
    }
    const day = typeof h.date === 'string' ? dayNumberOf(h.date) : null;
    if (day === null) problems.push(`${at}: date must be a real calendar date written YYYY-MM-DD, e.g. "2026-04-30"`);
    if (typeof h.name !== 'string' || h.name.trim() === '') problems.push(`${at}: name is required`);
    if (!HOLIDAY_KINDS.includes(h.kind as HolidayKind)) {
      problems.push(`${at}: kind must be one of ${HOLIDAY_KINDS.join(', ')}`);
    }
    if (day === null) return;
    if (seen.has(day)) problems.push(`${at}: the date is listed twice (also "${seen.get(day)}")`);
    // Not String(h.name): a hostile object whose toString is not a function would throw.
    else seen.set(day, typeof h.name === 'string' ? h.name : '');
    if (h.kind === 'MAKEUP_WORKING_DAY' && !isWeekend(day)) {
      problems.push(`${at}: a makeup working day must be a Saturday or Sunday; a weekday is a working day anyway`);
    }
    if (h.kind === 'COMPENSATORY_DAY_OFF' && isWeekend(day)) {
      problems.push(`${at}: a compensatory day off must be a weekday; a weekend day is off anyway`);
    }
  });
  return problems;
}

/**
 * Working-day calendar.
 *
 * Rule for periods in working days (used for legal limits such as "plan within 7 working days"):
 * a period of n working days is n × 24 hours of working-day time; time on weekends, holidays and days off
 * does not run. Hence:
 * - starting on a working day at local time T, the period ends at T on the n-th following working day
 *   (the start day is not counted as a whole day, as in Civil Code 2015 art. 147(1); keeping T instead of
 *   moving to 24:00 is the stricter reading, so nobody can be late under either reading);
 * - starting on a day off (e.g. a report on Saturday night), the clock starts at 00:00 of the next working
 *   day and the period ends at 24:00 of the n-th working day, exactly the Civil Code result (arts. 147–148);
 * - a period therefore never ends inside a day off: one that would, ends on the next working day instead.
 * 24:00 of a day is returned as the instant 00:00 of the following calendar day.
 *
 * A year with no entry at all has not been entered (every year has public holidays): a period reaching it is
 * refused by addWorkingDays and shortened by addWorkingDaysAtMost, never counted Monday–Friday in silence.
 */
export class WorkingCalendar {
  private readonly exceptions = new Map<number, Holiday>();
  /** Years with at least one entry. Every year has holidays, so a year without any has not been entered. */
  private readonly years = new Set<number>();

  constructor(holidays: readonly Holiday[]) {
    for (const h of holidays) {
      const day = dayNumberOf(h.date);
      if (day === null) throw new Error(`Holiday "${h.name}" has an invalid date "${h.date}"; use YYYY-MM-DD`);
      this.years.add(yearOf(day));
      if (!HOLIDAY_KINDS.includes(h.kind)) {
        throw new Error(`Holiday "${h.name}" (${h.date}) has unknown kind "${h.kind}"; use one of ${HOLIDAY_KINDS.join(', ')}`);
      }
      const other = this.exceptions.get(day);
      // Two entries for one date are harmless when both say "day off"; a working day vs a day off is not.
      if (other && (other.kind === 'MAKEUP_WORKING_DAY') !== (h.kind === 'MAKEUP_WORKING_DAY')) {
        throw new Error(`${h.date} is listed both as "${other.name}" (${other.kind}) and "${h.name}" (${h.kind})`);
      }
      if (!other) this.exceptions.set(day, h);
    }
  }

  /** True when the local (Vietnam) day containing `date` is a working day (Monday–Friday in a year without data). */
  isWorkingDay(date: Date): boolean {
    return this.isWorkingLocalDay(localDayOf(requireValidDate(date, 'date')));
  }

  /** The holiday, day off or makeup working day on the local day of `date`, if any (to explain a due date). */
  exceptionOn(date: Date): Holiday | undefined {
    return this.exceptions.get(localDayOf(requireValidDate(date, 'date')));
  }

  /** Years the holiday list has entries for, ascending. */
  yearsWithData(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /** Years of the local days from `from` up to, not including, `until` that the holiday list has nothing for. */
  missingYears(from: Date, until: Date): number[] {
    const first = yearOf(localDayOf(requireValidDate(from, 'from')));
    const last = yearOf(localDayOf(Math.max(requireValidDate(until, 'until') - 1, from.getTime())));
    const missing: number[] = [];
    for (let year = first; year <= last; year++) if (!this.years.has(year)) missing.push(year);
    return missing;
  }

  /**
   * Adds n working days to `start` by the rule documented on the class. n = 0 returns `start`.
   * Refuses (HolidayDataMissingError) a period that reaches a year without holiday data.
   */
  addWorkingDays(start: Date, n: number): Date {
    const { at, missingYears } = this.addWorkingDaysAtMost(start, n);
    if (missingYears.length) throw new HolidayDataMissingError(missingYears);
    return at;
  }

  /**
   * Like addWorkingDays, but a period reaching a year without holiday data is still given an end: every day
   * of such a year counts as a working day (weekends included). Counting more days as working can only
   * bring the end earlier, so the result is never later than the real calendar's; `missingYears` says the
   * period was shortened and why. This is the safe answer for a child: an obligation is never untracked and
   * never due later than the law allows, at worst due a little early until the year is entered.
   */
  addWorkingDaysAtMost(start: Date, n: number): { at: Date; missingYears: number[] } {
    const t = requireValidDate(start, 'start');
    if (!Number.isInteger(n) || n < 0) throw new Error(`Working days to add must be a whole number ≥ 0, got ${n}`);
    if (n === 0) return { at: new Date(t), missingYears: [] };
    const startDay = localDayOf(t);
    let at: Date;
    if (this.isCountedDay(startDay)) {
      let day = startDay;
      for (let i = 0; i < n; i++) day = this.nextWorkingDay(day);
      at = new Date(t + (day - startDay) * DAY_MS);
    } else {
      let day = this.nextWorkingDay(startDay);
      for (let i = 1; i < n; i++) day = this.nextWorkingDay(day);
      at = new Date(startOfLocalDay(day + 1));
    }
    return { at, missingYears: this.missingYears(start, at) };
  }

  /**
   * Whole working days of working-day time between a and b (negative when b is before a): the inverse of
   * `addWorkingDays`, so `workingDaysBetween(s, addWorkingDays(s, n)) === n`.
   */
  workingDaysBetween(a: Date, b: Date): number {
    const ta = requireValidDate(a, 'a');
    const tb = requireValidDate(b, 'b');
    if (tb < ta) return -this.workingDaysBetween(b, a);
    return Math.floor(this.workingMsBetween(ta, tb) / DAY_MS);
  }

  private workingMsBetween(ta: number, tb: number): number {
    let total = 0;
    for (let day = localDayOf(ta); startOfLocalDay(day) < tb; day++) {
      if (!this.isWorkingLocalDay(day)) continue;
      const from = Math.max(ta, startOfLocalDay(day));
      const to = Math.min(tb, startOfLocalDay(day + 1));
      if (to > from) total += to - from;
    }
    return total;
  }

  private isWorkingLocalDay(day: number): boolean {
    const exception = this.exceptions.get(day);
    if (exception) return exception.kind === 'MAKEUP_WORKING_DAY';
    return !isWeekend(day);
  }

  /** A working day, or any day of a year without holiday data (see addWorkingDaysAtMost). */
  private isCountedDay(day: number): boolean {
    return !this.years.has(yearOf(day)) || this.isWorkingLocalDay(day);
  }

  private nextWorkingDay(day: number): number {
    // Every week has working days unless someone declares a whole year off; the bound turns that data error
    // into a message instead of a hang.
    for (let d = day + 1; d <= day + 366; d++) if (this.isCountedDay(d)) return d;
    const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    throw new Error(`No working day within a year after ${date}; check the holiday list`);
  }
}
