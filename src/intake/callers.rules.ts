import { Problem } from '../common/errors';

/** A flag outlives its reason quickly: a number changes hands, a caller's situation changes. */
export const MAX_FLAG_DAYS = 90;
const DAY = 86_400_000;

/** What is wrong with a flag's expiry and note, as catalogue problems; empty when it may be set. */
export function flagProblems(input: { until: Date; note: string }, now: Date): Problem[] {
  const problems: Problem[] = [];
  if (Number.isNaN(input.until.getTime()) || input.until.getTime() <= now.getTime()) problems.push({ code: 'CALLER_FLAG_UNTIL_PAST' });
  else if (input.until.getTime() - now.getTime() > MAX_FLAG_DAYS * DAY) problems.push({ code: 'CALLER_FLAG_TOO_LONG', params: { days: MAX_FLAG_DAYS } });
  if (!input.note.trim()) problems.push({ code: 'CALLER_FLAG_NOTE_REQUIRED' });
  return problems;
}

/** Whether a flag applies now: not cleared and not expired. */
export function flagActive(flag: { until: Date; clearedAt: Date | null }, now: Date): boolean {
  return flag.clearedAt === null && flag.until.getTime() > now.getTime();
}

/**
 * Whether a person of this province (null: national) may see or clear a flag set for `flagProvince`: national
 * flags are seen everywhere, a province's flags in that province and nationally.
 */
export function flagVisible(flagProvince: string | null, viewer: { provinceCode: string | null; national: boolean }): boolean {
  return viewer.national || flagProvince === null || flagProvince === viewer.provinceCode;
}

export function flagManageable(flagProvince: string | null, viewer: { provinceCode: string | null; national: boolean }): boolean {
  return viewer.national || (flagProvince !== null && flagProvince === viewer.provinceCode);
}
