import { AGE_GROUPS, AgeGroup } from '../intake/age.rules';
import { Jurisdiction, jurisdictionCovers } from '../common/access/jurisdiction.rules';
import { JurisdictionLevel } from '../identity/enums';
import { DAY_MS, dayNumberOf, toVietnamDate, VIETNAM_UTC_OFFSET_MS, vietnamWallClock } from '../common/vietnam-time';

/**
 * Periods, areas and age groups of the statistics (Circular 13/2021/TT-BLĐTBXH). Days are calendar days in
 * Vietnam (UTC+7, no daylight saving): `from` and `to` are both included.
 */

/** Longer periods are refused: they are not an official reporting period and cost a scan of years of data. */
export const MAX_PERIOD_YEARS = 5;

export interface Period {
  from: string;
  to: string;
  /** First instant of `from` in Vietnam. */
  start: Date;
  /** First instant after `to` in Vietnam (exclusive end). */
  end: Date;
}

/** The instant a Vietnamese calendar day starts, or null when the text is not a real YYYY-MM-DD date. */
function dayStart(text: string): number | null {
  const day = dayNumberOf(text);
  return day === null ? null : day * DAY_MS - VIETNAM_UTC_OFFSET_MS;
}

/**
 * The period asked for, or the problems a person can fix. Missing `to` means today; missing `from` means the
 * first of January of `to`'s year.
 */
export function parsePeriod(from: string | undefined, to: string | undefined, now: Date): { period: Period } | { problems: string[] } {
  const problems: string[] = [];
  const toText = to ?? toVietnamDate(now);
  const fromText = from ?? `${toText.slice(0, 4)}-01-01`;
  const start = dayStart(fromText);
  const toStart = dayStart(toText);
  if (start === null) problems.push(`from must be a date as YYYY-MM-DD (e.g. 2026-01-01), not "${fromText}"`);
  if (toStart === null) problems.push(`to must be a date as YYYY-MM-DD (e.g. 2026-06-30), not "${toText}"`);
  if (start === null || toStart === null) return { problems };
  if (start > toStart) return { problems: [`from (${fromText}) is after to (${toText}); swap them`] };
  const f = vietnamWallClock(new Date(start));
  const limit = Date.UTC(f.getUTCFullYear() + MAX_PERIOD_YEARS, f.getUTCMonth(), f.getUTCDate()) - VIETNAM_UTC_OFFSET_MS;
  const end = toStart + DAY_MS;
  if (end > limit) {
    return { problems: [`The period ${fromText} – ${toText} is longer than ${MAX_PERIOD_YEARS} years; ask for ${MAX_PERIOD_YEARS} years or less at a time`] };
  }
  return { period: { from: fromText, to: toText, start: new Date(start), end: new Date(end) } };
}

/** The place the statistics cover: the whole country, a province, or a commune. */
export interface Area {
  level: JurisdictionLevel;
  provinceCode: string | null;
  communeCode: string | null;
}

export type AreaDecision = { ok: true; area: Area } | { ok: false; status: 400 | 403; message: string };

/**
 * The area from the caller's jurisdiction narrowed by the requested province/commune. `communeProvince` is
 * the province of the requested commune (null when the commune is unknown); `provinceKnown` whether the
 * requested province exists. Asking for a place outside one's jurisdiction is refused, not silently emptied.
 */
export function resolveArea(
  j: Jurisdiction,
  requested: { provinceCode?: string; communeCode?: string },
  facts: { provinceKnown: boolean; communeProvince: string | null },
): AreaDecision {
  const { provinceCode, communeCode } = requested;
  if (provinceCode && !facts.provinceKnown) {
    return { ok: false, status: 400, message: `provinceCode ${provinceCode} is not a province code; see GET /api/v1/geo/provinces` };
  }
  if (communeCode && !facts.communeProvince) {
    return { ok: false, status: 400, message: `communeCode ${communeCode} is not a commune code; see GET /api/v1/geo/provinces/{code}/communes` };
  }
  if (provinceCode && communeCode && facts.communeProvince !== provinceCode) {
    return { ok: false, status: 400, message: `Commune ${communeCode} is in province ${facts.communeProvince}, not ${provinceCode}` };
  }
  let area: Area;
  if (communeCode) area = { level: JurisdictionLevel.COMMUNE, provinceCode: facts.communeProvince, communeCode };
  else if (provinceCode) area = { level: JurisdictionLevel.PROVINCE, provinceCode, communeCode: null };
  else return { ok: true, area: { level: j.jurisdictionLevel, provinceCode: j.provinceCode, communeCode: j.communeCode } };

  const inside =
    j.jurisdictionLevel === JurisdictionLevel.NATIONAL ||
    (area.level === JurisdictionLevel.COMMUNE ? jurisdictionCovers(j, area) : j.jurisdictionLevel === JurisdictionLevel.PROVINCE && j.provinceCode === area.provinceCode);
  if (!inside) {
    const mine = j.jurisdictionLevel === JurisdictionLevel.COMMUNE ? `commune ${j.communeCode}` : `province ${j.provinceCode}`;
    const asked = area.level === JurisdictionLevel.COMMUNE ? `commune ${area.communeCode}` : `province ${area.provinceCode}`;
    return { ok: false, status: 403, message: `${asked} is outside your jurisdiction (${mine}); ask for a place inside it or leave provinceCode/communeCode out` };
  }
  return { ok: true, area };
}

/** SQL condition keeping rows whose place (given as SQL expressions) lies in the area. */
export function areaSql(area: Area, provinceExpr: string, communeExpr: string): { sql: string; params: Record<string, unknown> } {
  switch (area.level) {
    case JurisdictionLevel.NATIONAL:
      return { sql: 'TRUE', params: {} };
    case JurisdictionLevel.PROVINCE:
      return { sql: `${provinceExpr} = :areaProvince`, params: { areaProvince: area.provinceCode } };
    default:
      return { sql: `${communeExpr} = :areaCommune`, params: { areaCommune: area.communeCode } };
  }
}

export const UNKNOWN_PLACE = 'UNKNOWN';

/**
 * The next level of place down for breakdowns: provinces for the whole country, communes for a province; a
 * commune is not broken down further. Rows without that level of place show as UNKNOWN.
 */
export function placeBreakdownSql(area: Area, provinceExpr: string, communeExpr: string): string {
  const expr = area.level === JurisdictionLevel.NATIONAL ? provinceExpr : communeExpr;
  return `coalesce(${expr}, '${UNKNOWN_PLACE}')`;
}

/** Age group bounds in completed years, the same groups as intake's ageGroup (age.rules.ts). */
export const AGE_GROUP_BOUNDS: readonly { group: AgeGroup; min: number; max: number }[] = [
  { group: '0-5', min: 0, max: 5 },
  { group: '6-10', min: 6, max: 10 },
  { group: '11-15', min: 11, max: 15 },
  { group: '16-17', min: 16, max: 17 },
];
export const UNKNOWN_AGE_GROUP = 'UNKNOWN';
export const STATISTICS_AGE_GROUPS = [...AGE_GROUPS, UNKNOWN_AGE_GROUP] as const;

/** A SQL CASE giving the age group of an age expression; UNKNOWN for no age or one outside 0–17. */
export function ageGroupSql(ageExpr: string): string {
  const whens = AGE_GROUP_BOUNDS.map((b) => `WHEN ${ageExpr} BETWEEN ${b.min} AND ${b.max} THEN '${b.group}'`).join(' ');
  return `CASE ${whens} ELSE '${UNKNOWN_AGE_GROUP}' END`;
}

/** The calendar year in Vietnam of a timestamptz SQL expression. */
export function vietnamYearSql(expr: string): string {
  return `extract(year from (${expr} AT TIME ZONE 'UTC') + interval '7 hours')::int`;
}

/** Share in percent with one decimal; null when there is nothing to divide. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** Timeliness of one kind of obligation: the items whose time limit has run, and how many were kept. */
export interface Timeliness {
  /** Met by the due time. */
  metInTime: number;
  /** Met after the due time. */
  metLate: number;
  /** Still open past the due time. */
  overdueOpen: number;
  /** Still open, not yet due: not counted in the share. */
  pending: number;
  /** Made moot (case closed, referral cancelled): not counted. */
  cancelled: number;
  /** metInTime / (metInTime + metLate + overdueOpen), in percent. */
  inTimeShare: number | null;
  /** Median hours from start to met, of those met. */
  medianHours: number | null;
}

export function timeliness(c: { metInTime: number; metLate: number; overdueOpen: number; pending: number; cancelled: number; medianHours: number | null }): Timeliness {
  return {
    ...c,
    inTimeShare: percent(c.metInTime, c.metInTime + c.metLate + c.overdueOpen),
    medianHours: c.medianHours === null ? null : Math.round(c.medianHours * 10) / 10,
  };
}
