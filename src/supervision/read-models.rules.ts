import { JurisdictionLevel } from '../identity/enums';

/**
 * Which counter rows answer a period (read-model migration 1764800000001): `stat_count` keeps each figure per
 * Vietnamese day × commune (grain D) and per month × province (grain M, for the whole country). A national
 * period reads its whole months from grain M and its other days from grain D; a province or commune reads
 * grain D (its commune breakdown and filter need the commune).
 */
export interface CounterBuckets {
  /** First days (YYYY-MM-DD) of the months read from grain M. */
  months: string[];
  /** Inclusive day ranges read from grain D. */
  dayRanges: { from: string; to: string }[];
}

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

export function counterBuckets(from: string, to: string, level: JurisdictionLevel): CounterBuckets {
  if (level !== JurisdictionLevel.NATIONAL) return { months: [], dayRanges: [{ from, to }] };
  const months: string[] = [];
  const dayRanges: { from: string; to: string }[] = [];
  let cursor = from;
  while (cursor <= to) {
    const [y, m, d] = cursor.split('-').map(Number);
    const monthEnd = iso(y, m, 0); // the last day of cursor's month
    if (d === 1 && monthEnd <= to) {
      months.push(cursor);
    } else {
      const last = monthEnd <= to ? monthEnd : to;
      const prev = dayRanges[dayRanges.length - 1];
      if (prev && nextDay(prev.to) === cursor) prev.to = last;
      else dayRanges.push({ from: cursor, to: last });
    }
    cursor = iso(y, m, 1); // the first day of the next month
  }
  return { months, dayRanges };
}

function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return iso(y, m - 1, d + 1);
}
