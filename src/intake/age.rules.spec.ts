import { vietnamYear } from '../common/vietnam-time';
import { AGE_GROUPS, ageGroup, ageInYearOf, birthYearFrom, isChild } from './age.rules';

const at = (iso: string) => new Date(iso);
const received = at('2026-11-22T08:00:00+07:00');

describe('birthYearFrom', () => {
  it.each([
    [{ age: 9 }, received, 2017],
    [{ age: 0 }, received, 2026],
    [{ age: 0.5 }, received, 2026],
    [{ age: 15.9 }, received, 2011],
    [{ age: 17 }, received, 2009],
    [{ birthYear: 2015 }, received, 2015],
    [{ birthYear: 2026 }, received, 2026],
    // a stated birth year wins over an (often estimated) age
    [{ age: 9, birthYear: 2016 }, received, 2016],
    // implausible birth year: fall back to the age
    [{ age: 9, birthYear: 2030 }, received, 2017],
    [{ age: 9, birthYear: 1800 }, received, 2017],
    [{ age: 9, birthYear: 2016.5 }, received, 2017],
    // the year is Vietnam's: 20:00Z on 31 December is already the next year
    [{ age: 10 }, at('2026-12-31T20:00:00Z'), 2017],
    [{ age: 10 }, at('2026-12-31T16:00:00Z'), 2016],
    [{ birthYear: 2027 }, at('2026-12-31T20:00:00Z'), 2027],
    [{ birthYear: 2027 }, at('2026-12-31T16:00:00Z'), null],
    [{}, received, null],
    [{ age: -1 }, received, null],
    [{ age: 121 }, received, null],
    [{ age: Number.NaN }, received, null],
    [{ age: Number.POSITIVE_INFINITY }, received, null],
    [{ birthYear: 2030 }, received, null],
    [{ age: null, birthYear: null }, received, null],
  ])('%j at %s → %j', (input, when, expected) => {
    expect(birthYearFrom(input, when)).toBe(expected);
  });
});

describe('vietnamYear and ageInYearOf', () => {
  it.each([
    ['2026-12-31T16:59:59Z', 2026],
    ['2026-12-31T17:00:00Z', 2027],
    ['2027-01-01T06:59:59+07:00', 2027],
  ])('%s is in %i in Vietnam', (iso, year) => {
    expect(vietnamYear(at(iso))).toBe(year);
  });

  it('does not depend on the machine time zone', () => {
    // Dates carry an absolute instant; only UTC getters are used, so TZ cannot leak in.
    const d = at('2026-12-31T20:00:00Z');
    expect(vietnamYear(d)).toBe(2027);
    expect(d.getUTCFullYear()).toBe(2026);
  });

  it('gives the age reached in the year', () => {
    expect(ageInYearOf(2017, received)).toBe(9);
    expect(ageInYearOf(2017, at('2026-12-31T20:00:00Z'))).toBe(10);
  });

  it('rejects an invalid date', () => {
    expect(() => vietnamYear(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('ageGroup', () => {
  it.each([
    [0, '0-5'],
    [0.25, '0-5'],
    [5, '0-5'],
    [5.9, '0-5'],
    [6, '6-10'],
    [10, '6-10'],
    [11, '11-15'],
    [15, '11-15'],
    [15.99, '11-15'],
    [16, '16-17'],
    [17, '16-17'],
    [18, null],
    [40, null],
    [-1, null],
    [Number.NaN, null],
    [null, null],
    [undefined, null],
  ])('%j → %j', (age, group) => {
    expect(ageGroup(age)).toBe(group);
  });

  it('lists the groups in order and covers every age 0–17 exactly once', () => {
    expect(AGE_GROUPS).toEqual(['0-5', '6-10', '11-15', '16-17']);
    const counts = new Map<string, number>();
    for (let age = 0; age <= 17; age++) {
      const g = ageGroup(age)!;
      expect(AGE_GROUPS).toContain(g);
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ '0-5': 6, '6-10': 5, '11-15': 5, '16-17': 2 });
  });
});

describe('isChild (Law on Children: under 16)', () => {
  it.each([
    [0, true],
    [9, true],
    [15, true],
    [15.99, true],
    [16, false],
    [17, false],
    [30, false],
    [-1, false],
    [Number.NaN, false],
    [null, false],
    [undefined, false],
  ])('%j → %j', (age, expected) => {
    expect(isChild(age)).toBe(expected);
  });

  it('16–17 year olds are not children but still have a statistics group', () => {
    expect(isChild(16)).toBe(false);
    expect(ageGroup(16)).toBe('16-17');
  });
});
