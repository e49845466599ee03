import { VIETNAM_UTC_OFFSET_MS } from '../common/vietnam-time';

/**
 * ISO-8601 durations (`PnYnMnWnDTnHnMnS`) as admins write them in deadline policies (product.md §8:
 * "PT12H", "P7D", and seconds must work, e.g. "PT5S" for demos and tests).
 * Pure: no framework, no I/O, no clock.
 */

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  /** May be fractional, to the millisecond ("PT0.5S"). */
  seconds: number;
}

export class IsoDurationError extends Error {
  override readonly name = 'IsoDurationError';
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const EXAMPLES = '"PT12H" (12 hours), "P7D" (7 days), "P1DT2H" or "PT5S" (5 seconds)';

// Fractions only on seconds: a fraction of a larger unit is legal ISO but nobody needs "PT1.5H" enough to
// justify the ambiguity with months and years. Comma is ISO's preferred decimal sign, the dot the common one.
const DURATION_RE = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d+))?S)?)?$/;

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function reject(text: string, why: string): never {
  throw new IsoDurationError(`Invalid duration ${quote(text)}: ${why}. Use ISO-8601, e.g. ${EXAMPLES}`);
}

/** Parses an ISO-8601 duration; throws IsoDurationError naming the bad value and showing examples. */
export function parseIsoDuration(text: string): IsoDuration {
  if (typeof text !== 'string') {
    throw new IsoDurationError(`A duration must be a string in ISO-8601 format, e.g. ${EXAMPLES}; got ${typeof text}`);
  }
  if (text.trim() === '') reject(text, 'it is empty');
  if (/^\s*-|[PTYMWDH]-\d/.test(text)) reject(text, 'negative durations are not allowed');
  const m = DURATION_RE.exec(text);
  if (!m) {
    if (DURATION_RE.test(text.toUpperCase())) reject(text, 'the letters P, Y, M, W, D, T, H and S must be upper case');
    if (/^P.*\d[.,]\d*[YMWDH]/.test(text)) reject(text, 'only seconds may have a fraction');
    reject(text, 'not in the form PnYnMnWnDTnHnMnS');
  }
  const [, y, mo, w, d, h, mi, s, frac] = m;
  if (text.includes('T') && h === undefined && mi === undefined && s === undefined) {
    reject(text, '"T" must be followed by hours (H), minutes (M) or seconds (S)');
  }
  if ([y, mo, w, d, h, mi, s].every((part) => part === undefined)) reject(text, 'it has no amount after "P"');
  if (frac !== undefined && frac.length > 3) reject(text, 'seconds are counted to the millisecond (at most 3 decimals)');
  const num = (part: string | undefined): number => {
    const n = part === undefined ? 0 : Number(part);
    if (!Number.isSafeInteger(n)) reject(text, `${part} is too large`);
    return n;
  };
  return {
    years: num(y),
    months: num(mo),
    weeks: num(w),
    days: num(d),
    hours: num(h),
    minutes: num(mi),
    seconds: num(s) + (frac === undefined ? 0 : Number(`0.${frac}`)),
  };
}

export function isValidIsoDuration(text: unknown): boolean {
  try {
    parseIsoDuration(text as string);
    return true;
  } catch {
    return false;
  }
}

export function isZeroDuration(d: IsoDuration): boolean {
  return d.years === 0 && d.months === 0 && durationFixedMs(d) === 0;
}

/** True when the duration is a whole number of days and nothing else ("P7D"), as working-day periods need. */
export function isWholeDaysOnly(d: IsoDuration): boolean {
  return d.years === 0 && d.months === 0 && d.weeks === 0 && d.hours === 0 && d.minutes === 0 && d.seconds === 0;
}

function durationFixedMs(d: IsoDuration): number {
  return (d.weeks * 7 + d.days) * DAY_MS + d.hours * HOUR_MS + d.minutes * 60_000 + Math.round(d.seconds * 1000);
}

/**
 * Length in milliseconds of the fixed-length parts. A day is 24 hours (exact in Vietnam, which has no
 * daylight saving); a week 7 days. Years and months have no fixed length, so they throw: add them to a
 * date with `addDuration` instead.
 */
export function durationToMs(d: IsoDuration): number {
  if (d.years !== 0 || d.months !== 0) {
    throw new IsoDurationError(
      `Duration ${formatParts(d)} has years or months, which have no fixed length in milliseconds; ` + 'write it in days (e.g. "P30D") or add it to a date with addDuration',
    );
  }
  return durationFixedMs(d);
}

/**
 * `start` + `d`. Years and months move the Vietnamese calendar date (31 Jan + P1M = 28/29 Feb, clamped like
 * Temporal and most legal practice) and keep the local time of day; the fixed parts are then added as
 * elapsed time. `utcOffsetMs` is the civil offset used for the calendar step (UTC+7 by default).
 */
export function addDuration(start: Date, d: IsoDuration, utcOffsetMs = VIETNAM_UTC_OFFSET_MS): Date {
  let t = start instanceof Date ? start.getTime() : NaN;
  if (Number.isNaN(t)) throw new IsoDurationError(`Cannot add a duration to an invalid date (${String(start)})`);
  if (d.years !== 0 || d.months !== 0) {
    const local = new Date(t + utcOffsetMs);
    const monthIndex = local.getUTCFullYear() * 12 + local.getUTCMonth() + d.years * 12 + d.months;
    const year = Math.floor(monthIndex / 12);
    const month = monthIndex - year * 12;
    const target = new Date(0);
    target.setUTCFullYear(year, month + 1, 0); // last day of the target month
    target.setUTCFullYear(year, month, Math.min(local.getUTCDate(), target.getUTCDate()));
    target.setUTCHours(local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds(), local.getUTCMilliseconds());
    t = target.getTime() - utcOffsetMs;
  }
  const result = new Date(t + durationFixedMs(d));
  if (Number.isNaN(result.getTime())) {
    throw new IsoDurationError(`${start.toISOString()} + ${formatParts(d)} is beyond the dates a computer can represent`);
  }
  return result;
}

/**
 * Canonical ISO-8601 text for a length in milliseconds, for display and storage: days, hours, minutes and
 * seconds (never weeks, months or years, which would change the meaning), e.g. 93_600_000 → "P1DT2H",
 * 500 → "PT0.5S", 0 → "PT0S". A negative length (e.g. "overdue by") gets a leading "-" (ISO 8601-2).
 */
export function formatIsoDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new IsoDurationError(`Cannot format ${ms} milliseconds as a duration`);
  const sign = ms < 0 ? '-' : '';
  let rest = Math.round(Math.abs(ms));
  const days = Math.floor(rest / DAY_MS);
  rest -= days * DAY_MS;
  const hours = Math.floor(rest / HOUR_MS);
  rest -= hours * HOUR_MS;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0').replace(/0+$/, '')}`;
  const time = (hours ? `${hours}H` : '') + (minutes ? `${minutes}M` : '') + (seconds || millis ? `${seconds}${fraction}S` : '');
  if (!days && !time) return 'PT0S';
  return `${sign}P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/** ISO text of a parsed duration with all its parts (used in messages). */
function formatParts(d: IsoDuration): string {
  const date = (d.years ? `${d.years}Y` : '') + (d.months ? `${d.months}M` : '') + (d.weeks ? `${d.weeks}W` : '') + (d.days ? `${d.days}D` : '');
  const time = (d.hours ? `${d.hours}H` : '') + (d.minutes ? `${d.minutes}M` : '') + (d.seconds ? `${d.seconds}S` : '');
  return `"P${date}${time ? `T${time}` : ''}${date || time ? '' : 'T0S'}"`;
}
