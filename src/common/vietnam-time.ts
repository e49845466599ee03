/**
 * Civil time in Vietnam (Asia/Ho_Chi_Minh): UTC+7 with no daylight saving since 1975, so a fixed offset is
 * exact and the machine's time zone never matters. Dates, years and days of the legal process are all
 * counted here. Pure: no clock, no I/O.
 */

export const VIETNAM_UTC_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or null when it is not a real calendar date. */
export function dayNumberOf(text: string): number | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / DAY_MS;
}

function requireValidTime(date: Date, what: string): number {
  const t = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${what} must be a valid date, got ${String(date)}`);
  return t;
}

/** The instant as if the clock read Vietnamese wall time in UTC: read it with the getUTC* methods. */
export function vietnamWallClock(date: Date | string): Date {
  return new Date(new Date(date).getTime() + VIETNAM_UTC_OFFSET_MS);
}

/** The local date (`YYYY-MM-DD`, Vietnam) of an instant. */
export function toVietnamDate(date: Date): string {
  const t = requireValidTime(date, 'date');
  return new Date(Math.floor((t + VIETNAM_UTC_OFFSET_MS) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** The instant (ms) at which the Vietnamese calendar day containing `at` began. */
export function vietnamDayStart(at: Date): number {
  const t = requireValidTime(at, 'date');
  return Math.floor((t + VIETNAM_UTC_OFFSET_MS) / DAY_MS) * DAY_MS - VIETNAM_UTC_OFFSET_MS;
}

/** The calendar year in Vietnam at an instant. */
export function vietnamYear(at: Date): number {
  return new Date(requireValidTime(at, 'date') + VIETNAM_UTC_OFFSET_MS).getUTCFullYear();
}
