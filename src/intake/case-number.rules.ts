/**
 * Case numbers: `<province code>-<year>-<sequence>`, e.g. `22-2026-000123` (Quảng Ninh), `VN-2026-000001`
 * when the province is unknown (product.md §4). The sequence is per province and year and is allocated
 * elsewhere; these functions only format and parse.
 *
 * The sequence is zero-padded to 6 digits. Past 999999 it keeps growing (`01-2026-1000000`) instead of
 * wrapping: a wrapped number would repeat an earlier case's number, and uniqueness matters more than width.
 */
import { vietnamYear } from '../common/vietnam-time';

export const UNKNOWN_PROVINCE = 'VN';
const SEQUENCE_WIDTH = 6;
const PROVINCE_CODE = /^(?!00)\d{2}$/;
const CASE_NUMBER = /^(VN|\d{2})-(\d{4})-(\d{6,})$/;

export interface ParsedCaseNumber {
  /** Null for `VN` (province unknown). */
  provinceCode: string | null;
  year: number;
  sequence: number;
}

export function formatCaseNumber(provinceCode: string | null, year: number, sequence: number): string {
  const province = provinceCode === null || provinceCode === '' ? UNKNOWN_PROVINCE : provinceCode;
  if (province !== UNKNOWN_PROVINCE && !PROVINCE_CODE.test(province)) {
    throw new RangeError(`Invalid province code: ${provinceCode}`);
  }
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Invalid year: ${year}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`Invalid sequence: ${sequence}`);
  return `${province}-${year}-${String(sequence).padStart(SEQUENCE_WIDTH, '0')}`;
}

/**
 * Parses a case number as typed (surrounding spaces and a lower-case `vn` tolerated); null unless it is
 * exactly what `formatCaseNumber` would produce, so one case has one spelling.
 */
export function parseCaseNumber(text: string): ParsedCaseNumber | null {
  if (typeof text !== 'string') return null;
  const m = CASE_NUMBER.exec(text.trim().toUpperCase());
  if (!m) return null;
  const [, province, yearText, sequenceText] = m;
  if (province !== UNKNOWN_PROVINCE && !PROVINCE_CODE.test(province)) return null;
  // Beyond 6 digits there is no padding, so a leading zero would be a second spelling.
  if (sequenceText.length > SEQUENCE_WIDTH && sequenceText.startsWith('0')) return null;
  const year = Number(yearText);
  const sequence = Number(sequenceText);
  if (year < 1000 || !Number.isSafeInteger(sequence) || sequence < 1) return null;
  return { provinceCode: province === UNKNOWN_PROVINCE ? null : province, year, sequence };
}

/** The year part: the calendar year in Vietnam when the report was received (2026-12-31T20:00Z is 2027). */
export function caseNumberYear(receivedAt: Date): number {
  return vietnamYear(receivedAt);
}
