/**
 * Ages and birth years of children in reports. Years are calendar years in Vietnam (UTC+7, no daylight
 * saving), whatever the server's time zone, so a report received on New Year's Eve counts where it happened.
 */

import { vietnamYear } from '../common/vietnam-time';

// Beyond this a typed age or year is a mistake, not a person.
const MAX_AGE = 120;

/**
 * The child's birth year from what the report says. A stated birth year wins over an age, since ages are
 * often estimated by the reporter. A year from an age may be one too high (the birthday is unknown), which is
 * why duplicate detection treats ±1 year as close. Implausible values (future year, negative or fractional
 * year, age over 120) are ignored; null when nothing usable remains.
 */
export function birthYearFrom(input: { age?: number | null; birthYear?: number | null }, receivedAt: Date): number | null {
  const year = vietnamYear(receivedAt);
  const { age, birthYear } = input;
  if (typeof birthYear === 'number' && Number.isInteger(birthYear) && birthYear <= year && birthYear >= year - MAX_AGE) {
    return birthYear;
  }
  if (typeof age === 'number' && Number.isFinite(age) && age >= 0 && age <= MAX_AGE) {
    // An infant's age may be given as a fraction (0.5); only completed years count.
    return year - Math.floor(age);
  }
  return null;
}

/** The age reached during the Vietnamese calendar year of `at`; the exact age would need a birthday, which reports rarely give. */
export function ageInYearOf(birthYear: number, at: Date): number {
  return vietnamYear(at) - birthYear;
}

/** Statistical age groups; 16–17 are not children under the Law on Children but are still counted (as minors). */
export const AGE_GROUPS = ['0-5', '6-10', '11-15', '16-17'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

/** The statistical group for an age in completed years; null for adults or an unusable age. */
export function ageGroup(age: number | null | undefined): AgeGroup | null {
  if (typeof age !== 'number' || !Number.isFinite(age) || age < 0) return null;
  const years = Math.floor(age);
  if (years <= 5) return '0-5';
  if (years <= 10) return '6-10';
  if (years <= 15) return '11-15';
  if (years <= 17) return '16-17';
  return null;
}

/** Law on Children 2016, art. 1: a child is a person under 16. */
export const CHILD_AGE_LIMIT = 16;

export function isChild(age: number | null | undefined): boolean {
  return typeof age === 'number' && Number.isFinite(age) && age >= 0 && age < CHILD_AGE_LIMIT;
}
