import { VN_PUBLIC_HOLIDAYS } from './data/vn-holidays';
import { toVietnamDate } from '../common/vietnam-time';
import { Holiday, HolidayDataMissingError, HOLIDAY_NOTICE_DAYS, validateHolidays, WorkingCalendar, yearsNeedingHolidays } from './working-calendar.rules';

const calendar = new WorkingCalendar(VN_PUBLIC_HOLIDAYS);
/** A Vietnamese local time, written as people say it. */
const vn = (local: string): Date => new Date(`${local}+07:00`);
const h = (date: string, kind: Holiday['kind'], name = 'x'): Holiday => ({ date, name, kind });

describe('WorkingCalendar.isWorkingDay (seed holidays)', () => {
  it.each([
    ['2026-02-13T23:59:59', true, 'Friday before Tết'],
    ['2026-02-14T00:00:00', false, 'Saturday'],
    ['2026-02-16T00:00:00', false, '29 tháng Chạp (Sunday 17:00 in UTC)'],
    ['2026-02-17T09:00:00', false, 'mùng 1 Tết'],
    ['2026-02-20T23:59:59', false, 'mùng 4 Tết'],
    ['2026-02-23T00:00:00', true, 'first working day after Tết'],
    ['2026-01-02T10:00:00', false, 'weekday swapped off'],
    ['2026-01-10T10:00:00', true, 'Saturday worked back'],
    ['2026-04-26T10:00:00', false, 'Giỗ Tổ on a Sunday'],
    ['2026-04-27T10:00:00', false, 'its compensatory Monday'],
    ['2026-04-30T10:00:00', false, '30/4'],
    ['2026-05-01T10:00:00', false, '1/5'],
    ['2026-05-04T10:00:00', true, 'Monday after'],
    ['2025-04-26T10:00:00', true, 'Saturday worked back for 02/05/2025'],
    ['2025-05-02T10:00:00', false, 'Friday swapped off'],
    ['2025-09-01T10:00:00', false, 'Quốc khánh, day before 2/9'],
    ['2027-02-10T10:00:00', false, 'Tết 2027 compensatory day'],
    ['2027-02-12T10:00:00', true, 'first working day after Tết 2027'],
    ['2027-05-03T10:00:00', false, 'compensatory Monday for 1/5 on Saturday'],
    ['2026-11-22T08:00:00', false, 'ordinary Sunday'],
    ['2026-11-23T08:00:00', true, 'ordinary Monday'],
  ])('%s → %s (%s)', (local, expected) => {
    expect(calendar.isWorkingDay(vn(local))).toBe(expected);
  });

  it('uses the Vietnamese date, not UTC: 06:59 UTC Friday is Friday, 17:00 UTC Friday is Saturday', () => {
    expect(calendar.isWorkingDay(new Date('2026-03-06T06:59:00Z'))).toBe(true);
    expect(calendar.isWorkingDay(new Date('2026-03-06T17:00:00Z'))).toBe(false);
    expect(toVietnamDate(new Date('2026-03-06T17:00:00Z'))).toBe('2026-03-07');
    expect(toVietnamDate(new Date('2026-03-06T16:59:59.999Z'))).toBe('2026-03-06');
  });

  it('names the exception on a day', () => {
    expect(calendar.exceptionOn(vn('2026-04-27T08:00:00'))).toMatchObject({ kind: 'COMPENSATORY_DAY_OFF' });
    expect(calendar.exceptionOn(vn('2026-04-28T08:00:00'))).toBeUndefined();
  });
});

describe('WorkingCalendar.addWorkingDays (seed holidays)', () => {
  // [start (Vietnam local), n, due (Vietnam local), why]
  const cases: [string, number, string, string][] = [
    ['2026-03-04T10:00:00', 1, '2026-03-05T10:00:00', 'ordinary weekday: same time next working day'],
    ['2026-03-06T17:00:00', 1, '2026-03-09T17:00:00', 'Friday → Monday'],
    ['2026-03-02T10:00:00', 7, '2026-03-11T10:00:00', 'plan deadline over one weekend'],
    // Tết 2026: 14/02–22/02 off.
    ['2026-02-12T15:00:00', 1, '2026-02-13T15:00:00', 'Thursday before Tết'],
    ['2026-02-12T15:00:00', 2, '2026-02-23T15:00:00', 'jumps the whole Tết break'],
    ['2026-02-13T10:00:00', 7, '2026-03-03T10:00:00', 'plan deadline received on the last day before Tết'],
    ['2026-02-17T09:00:00', 7, '2026-03-04T00:00:00', 'received on mùng 1: counts from 23/02, ends at 24:00 of the 7th'],
    ['2026-02-14T22:00:00', 1, '2026-02-24T00:00:00', 'Saturday night before Tết: ends at the end of 23/02'],
    // A report on an ordinary Saturday night.
    ['2026-03-07T22:30:00', 7, '2026-03-18T00:00:00', 'Saturday night: Monday is day 1, ends at 24:00 of Tuesday 17/03'],
    ['2026-03-08T23:30:00', 7, '2026-03-18T00:00:00', 'Sunday night: same as Saturday night'],
    ['2026-03-09T00:30:00', 7, '2026-03-18T00:30:00', 'Monday 00:30 (still Sunday in UTC): a working day, time kept'],
    // Giỗ Tổ on Sunday 26/04 with Monday 27/04 off, then 30/4–1/5 on Thursday–Friday.
    ['2026-04-24T09:00:00', 1, '2026-04-28T09:00:00', 'skips the compensatory Monday'],
    ['2026-04-24T09:00:00', 7, '2026-05-08T09:00:00', 'across Giỗ Tổ and 30/4–1/5'],
    ['2026-04-29T17:00:00', 1, '2026-05-04T17:00:00', 'eve of 30/4'],
    ['2026-04-30T08:00:00', 1, '2026-05-05T00:00:00', 'received on 30/4: ends at the end of Monday 04/05'],
    // 2025: Friday 02/05 swapped with Saturday 26/04.
    ['2025-04-25T10:00:00', 1, '2025-04-26T10:00:00', 'a makeup Saturday is a working day'],
    ['2025-04-26T08:00:00', 2, '2025-04-29T08:00:00', 'starting on a makeup Saturday'],
    ['2025-04-29T10:00:00', 1, '2025-05-05T10:00:00', 'skips 30/4, 1/5, the swapped Friday and the weekend'],
    // New Year 2026: Friday 02/01 swapped with Saturday 10/01.
    ['2025-12-31T16:00:00', 1, '2026-01-05T16:00:00', 'New Year break'],
    ['2025-12-31T16:00:00', 6, '2026-01-10T16:00:00', 'lands on the makeup Saturday'],
    // Tết 2027 with two compensatory days, and 1/5/2027 on a Saturday.
    ['2027-02-04T14:00:00', 1, '2027-02-12T14:00:00', 'Tết 2027: 05/02–11/02 off'],
    ['2027-04-29T10:00:00', 1, '2027-05-04T10:00:00', '30/4 Friday, 1/5 Saturday, compensatory Monday'],
  ];

  it.each(cases)('%s + %d working days = %s (%s)', (start, n, due) => {
    expect(calendar.addWorkingDays(vn(start), n).toISOString()).toBe(vn(due).toISOString());
  });

  it.each(cases)('workingDaysBetween(%s, due) gives back n', (start, n, due) => {
    expect(calendar.workingDaysBetween(vn(start), vn(due))).toBe(n);
    expect(calendar.workingDaysBetween(vn(due), vn(start))).toBe(-n);
  });

  it('adds nothing for n = 0, even on a holiday', () => {
    expect(calendar.addWorkingDays(vn('2026-02-17T09:00:00'), 0).toISOString()).toBe(vn('2026-02-17T09:00:00').toISOString());
  });

  it.each([-1, 1.5, Number.NaN])('refuses n = %s', (n) => {
    expect(() => calendar.addWorkingDays(vn('2026-03-02T10:00:00'), n)).toThrow(/whole number/);
  });

  it('refuses an invalid start', () => {
    expect(() => calendar.addWorkingDays(new Date('nope'), 1)).toThrow(/start must be a valid date/);
  });
});

describe('WorkingCalendar.workingDaysBetween', () => {
  it.each([
    ['2026-03-02T00:00:00', '2026-03-06T00:00:00', 4, 'Monday → Friday'],
    ['2026-03-02T10:00:00', '2026-03-09T10:00:00', 5, 'one week'],
    ['2026-02-13T10:00:00', '2026-02-23T10:00:00', 1, 'across Tết'],
    ['2026-02-13T10:00:00', '2026-02-23T09:59:59', 0, 'one second short of a working day'],
    ['2026-02-14T00:00:00', '2026-02-23T00:00:00', 0, 'the whole Tết break'],
    ['2026-03-07T10:00:00', '2026-03-08T22:00:00', 0, 'a weekend'],
    ['2026-03-04T10:00:00', '2026-03-04T10:00:00', 0, 'same instant'],
    ['2026-01-01T00:00:00', '2027-01-01T00:00:00', 250, 'the year 2026: 261 weekdays − 13 days off + 2 makeup Saturdays'],
  ])('%s → %s = %d (%s)', (a, b, n) => {
    expect(calendar.workingDaysBetween(vn(a), vn(b))).toBe(n);
  });
});

describe('holiday list checks', () => {
  it.each<[unknown, RegExp[]]>([
    ['not a list', [/must be a list/]],
    [[h('2026-02-30', 'HOLIDAY')], [/real calendar date written YYYY-MM-DD/]],
    [[h('2026/02/03', 'HOLIDAY')], [/real calendar date/]],
    [[{ date: '2026-02-03', name: 'x', kind: 'FESTIVAL' }], [/kind must be one of HOLIDAY, COMPENSATORY_DAY_OFF, MAKEUP_WORKING_DAY/]],
    [[h('2026-02-03', 'HOLIDAY', ' ')], [/name is required/]],
    [[h('2026-02-03', 'HOLIDAY', 'a'), h('2026-02-03', 'HOLIDAY', 'b')], [/listed twice \(also "a"\)/]],
    [[h('2026-03-04', 'MAKEUP_WORKING_DAY')], [/must be a Saturday or Sunday/]],
    [[h('2026-03-07', 'COMPENSATORY_DAY_OFF')], [/must be a weekday/]],
    [[null], [/must be an object/]],
  ])('%j', (list, messages) => {
    const problems = validateHolidays(list);
    expect(problems).toHaveLength(messages.length);
    messages.forEach((m, i) => expect(problems[i]).toMatch(m));
  });

  it('the constructor refuses dates it cannot read and contradictory entries, tolerates double days off', () => {
    expect(() => new WorkingCalendar([h('2026-13-01', 'HOLIDAY', 'Bad')])).toThrow(/"Bad" has an invalid date "2026-13-01"/);
    expect(() => new WorkingCalendar([h('2026-03-07', 'MAKEUP_WORKING_DAY', 'a'), h('2026-03-07', 'HOLIDAY', 'b')])).toThrow(
      /2026-03-07 is listed both as "a" \(MAKEUP_WORKING_DAY\) and "b" \(HOLIDAY\)/,
    );
    const twice = new WorkingCalendar([h('2026-03-04', 'HOLIDAY'), h('2026-03-04', 'COMPENSATORY_DAY_OFF')]);
    expect(twice.isWorkingDay(vn('2026-03-04T10:00:00'))).toBe(false);
  });

  it('with no holidays at all, no year has data: working days are refused, or counted short', () => {
    const empty = new WorkingCalendar([]);
    expect(() => empty.addWorkingDays(vn('2026-02-13T10:00:00'), 1)).toThrow(HolidayDataMissingError);
    expect(empty.addWorkingDaysAtMost(vn('2026-02-13T10:00:00'), 1)).toEqual({ at: vn('2026-02-14T10:00:00'), missingYears: [2026] });
  });
});

/**
 * A year with no holiday data (the seed has 2025–2027). Counting it Monday–Friday would end a period inside
 * Tết 2028 (25–31/01/2028), later than the law allows once Tết is known; so it is refused, or counted with
 * every day a working day, which can only end earlier.
 */
describe('WorkingCalendar: a year without holiday data', () => {
  // A plausible 2028, only to compare with: the real announcement may differ, the fallback must beat any.
  const with2028 = new WorkingCalendar([
    ...VN_PUBLIC_HOLIDAYS,
    h('2028-01-01', 'HOLIDAY', 'Tết Dương lịch'),
    h('2028-01-03', 'COMPENSATORY_DAY_OFF', 'Nghỉ bù Tết Dương lịch'),
    ...['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28', '2028-01-29'].map((d) => h(d, 'HOLIDAY', 'Tết Nguyên đán')),
    h('2028-01-31', 'COMPENSATORY_DAY_OFF', 'Nghỉ bù Tết Nguyên đán'),
  ]);

  it('refuses a working-day period that reaches the year, naming it and how to add it', () => {
    const run = () => calendar.addWorkingDays(vn('2028-01-24T10:00:00'), 5);
    expect(run).toThrow(HolidayDataMissingError);
    expect(run).toThrow(/No public holidays are recorded for 2028[\s\S]*PUT \/api\/v1\/admin\/holidays\?year=2028/);
    expect(() => calendar.addWorkingDays(vn('2027-12-27T10:00:00'), 5)).toThrow(expect.objectContaining({ years: [2028] }));
  });

  it('a period that stays in years with data is unchanged and not flagged, also when it ends at 24:00 on 31/12', () => {
    expect(calendar.addWorkingDaysAtMost(vn('2026-02-13T10:00:00'), 7)).toEqual({ at: vn('2026-03-03T10:00:00'), missingYears: [] });
    // Saturday 25/12/2027, one working day: ends at 24:00 of Monday 27/12; and 24:00 of Friday 31/12 is still 2027.
    expect(calendar.addWorkingDaysAtMost(vn('2027-12-25T22:00:00'), 5)).toEqual({ at: vn('2028-01-01T00:00:00'), missingYears: [] });
    expect(calendar.addWorkingDays(vn('2027-12-25T22:00:00'), 5).toISOString()).toBe(vn('2028-01-01T00:00:00').toISOString());
  });

  // [start, n, counted short (every 2028 day a working day), what a Monday–Friday count gave, why]
  const cases: [string, number, string, string, string][] = [
    ['2028-01-24T10:00:00', 5, '2028-01-29T10:00:00', '2028-01-31T10:00:00', 'the Tết 2028 example: Mon–Fri ended on a Tết day off'],
    ['2027-12-27T10:00:00', 5, '2028-01-01T10:00:00', '2028-01-03T10:00:00', 'crossing into 2028 from a year with data'],
    ['2028-01-22T22:00:00', 5, '2028-01-27T22:00:00', '2028-01-29T00:00:00', 'starting on a 2028 Saturday night'],
    ['2027-12-31T16:00:00', 7, '2028-01-07T16:00:00', '2028-01-11T16:00:00', 'a plan deadline from New Year’s Eve'],
  ];

  it.each(cases)('%s + %d working days is counted short to %s, never later than the real calendar (%s)', (start, n, short) => {
    const { at, missingYears } = calendar.addWorkingDaysAtMost(vn(start), n);
    expect(at.toISOString()).toBe(vn(short).toISOString());
    expect(missingYears).toEqual([2028]);
    expect(at.getTime()).toBeLessThanOrEqual(with2028.addWorkingDays(vn(start), n).getTime());
  });

  it.each(cases)('%s + %d: the Monday–Friday count the fallback replaces (%s) would have been later', (start, n, short, mondayToFriday) => {
    expect(vn(short).getTime()).toBeLessThan(vn(mondayToFriday).getTime());
  });

  it('is never later than the real calendar, for every start hour of late 2027 and early 2028', () => {
    for (let t = vn('2027-12-15T00:00:00').getTime(); t < vn('2028-02-15T00:00:00').getTime(); t += 7 * 3_600_000) {
      for (const n of [1, 2, 5, 7]) {
        const start = new Date(t);
        const short = calendar.addWorkingDaysAtMost(start, n).at.getTime();
        expect([start.toISOString(), n, short <= with2028.addWorkingDays(start, n).getTime()]).toEqual([start.toISOString(), n, true]);
      }
    }
  });

  it('missingYears lists the years of the local days in [from, until)', () => {
    expect(calendar.missingYears(vn('2027-06-01T00:00:00'), vn('2029-03-01T00:00:00'))).toEqual([2028, 2029]);
    expect(calendar.missingYears(vn('2027-06-01T00:00:00'), vn('2028-01-01T00:00:00'))).toEqual([]);
    expect(calendar.missingYears(vn('2024-12-31T23:00:00'), vn('2025-01-01T08:00:00'))).toEqual([2024]);
    expect(calendar.yearsWithData()).toEqual([2025, 2026, 2027]);
  });

  it('yearsNeedingHolidays: the years from now to the furthest open deadline, a month ahead at least, and those counted short', () => {
    const now = vn('2026-11-30T10:00:00');
    expect(yearsNeedingHolidays(calendar, now, null, [])).toEqual([]);
    expect(yearsNeedingHolidays(calendar, vn('2027-12-01T10:00:00'), null, [])).toEqual([2028]);
    expect(yearsNeedingHolidays(calendar, vn('2027-11-29T10:00:00'), null, [])).toEqual([]);
    expect(HOLIDAY_NOTICE_DAYS).toBe(31);
    expect(yearsNeedingHolidays(calendar, now, vn('2029-02-01T10:00:00'), [])).toEqual([2028, 2029]);
    expect(yearsNeedingHolidays(calendar, now, vn('2026-12-01T10:00:00'), [2030, 2027])).toEqual([2030]);
    expect(yearsNeedingHolidays(with2028, vn('2027-12-01T10:00:00'), null, [2028])).toEqual([]);
  });
});

describe('VN_PUBLIC_HOLIDAYS seed', () => {
  it('passes the holiday list checks', () => {
    expect(validateHolidays(VN_PUBLIC_HOLIDAYS)).toEqual([]);
  });

  it('has a Vietnamese name on every entry', () => {
    for (const holiday of VN_PUBLIC_HOLIDAYS) expect(holiday.name).toMatch(/[ạ-ỹà-ýăđơư]/i);
  });

  // Labour Code art. 112 gives 11 holidays a year; each takes exactly one weekday off (itself, or its
  // compensatory day when it falls on a weekend), and each swapped weekday is worked back on a Saturday.
  it.each([
    ['2025', 11, 10], // the announced Tết 2025 break kept Sat 01/02 as a Tết day without a later day off (verify)
    ['2026', 11, 11],
    ['2027', 11, 11],
  ])('%s: %d holidays, %d weekdays off net of makeup days', (year, holidays, netWeekdaysOff) => {
    const ofYear = VN_PUBLIC_HOLIDAYS.filter((x) => x.date.startsWith(year));
    const weekday = (x: Holiday) => ![0, 6].includes(new Date(`${x.date}T00:00:00Z`).getUTCDay());
    expect(ofYear.filter((x) => x.kind === 'HOLIDAY')).toHaveLength(holidays);
    const off = ofYear.filter((x) => x.kind !== 'MAKEUP_WORKING_DAY' && weekday(x)).length;
    const makeup = ofYear.filter((x) => x.kind === 'MAKEUP_WORKING_DAY').length;
    expect(off - makeup).toBe(netWeekdaysOff);
  });

  it.each([
    ['2025-01-01', 'Tết Dương lịch'],
    ['2025-04-30', 'Ngày Chiến thắng'],
    ['2025-05-01', 'Quốc tế Lao động'],
    ['2025-09-02', 'Quốc khánh'],
    ['2026-01-01', 'Tết Dương lịch'],
    ['2026-04-30', 'Ngày Chiến thắng'],
    ['2026-05-01', 'Quốc tế Lao động'],
    ['2026-09-02', 'Quốc khánh'],
    ['2027-01-01', 'Tết Dương lịch'],
    ['2027-04-30', 'Ngày Chiến thắng'],
    ['2027-05-01', 'Quốc tế Lao động'],
    ['2027-09-02', 'Quốc khánh'],
  ])('solar holiday %s is %s', (date, name) => {
    expect(VN_PUBLIC_HOLIDAYS.find((x) => x.date === date && x.kind === 'HOLIDAY')?.name).toContain(name);
  });

  // Lunar holidays were computed; recompute them here so a typo in the seed cannot slip through.
  const lunarEntries = VN_PUBLIC_HOLIDAYS.filter((x) => x.kind === 'HOLIDAY' && /Tết Nguyên đán|Giỗ Tổ/.test(x.name));
  it.each(lunarEntries.map((x) => [x.date, x.name]))('%s is %s on the lunar calendar', (date, name) => {
    const [y, m, d] = date.split('-').map(Number);
    const lunar = solarToLunar(d, m, y);
    const next = solarToLunar(d + 1, m, y);
    const mung = /mùng (\d) Tết/.exec(name);
    if (mung) expect([lunar.day, lunar.month, lunar.leap]).toEqual([Number(mung[1]), 1, false]);
    else if (/tháng Chạp/.test(name)) {
      // The last day of the lunar year (29 or 30 Chạp): the next day is mùng 1.
      expect([lunar.day, lunar.month, next.day, next.month]).toEqual([Number(/(\d+) tháng Chạp/.exec(name)?.[1]), 12, 1, 1]);
    } else expect([lunar.day, lunar.month, lunar.leap]).toEqual([10, 3, false]);
  });

  it('the lunar calculation agrees with known dates', () => {
    expect(solarToLunar(22, 1, 2023)).toEqual({ day: 1, month: 1, leap: false }); // Tết Quý Mão
    expect(solarToLunar(10, 2, 2024)).toEqual({ day: 1, month: 1, leap: false }); // Tết Giáp Thìn
    expect(solarToLunar(18, 4, 2024)).toEqual({ day: 10, month: 3, leap: false }); // Giỗ Tổ 2024
    expect(solarToLunar(25, 7, 2025)).toEqual({ day: 1, month: 6, leap: true }); // leap 6th month of Ất Tỵ
  });
});

/**
 * Gregorian → Vietnamese lunar date (UTC+7): months start on the day of the new moon; month 11 contains the
 * winter solstice; in a 13-month year the first month without a major solar term is the leap month.
 * New moons and solar longitude after Meeus, Astronomical Algorithms (the method of Hồ Ngọc Đức's
 * published Vietnamese calendar). Test-only: good for years around 1900–2100.
 */
function solarToLunar(dd: number, mm: number, yy: number): { day: number; month: number; leap: boolean } {
  const { floor, sin, PI } = Math;
  const rad = PI / 180;
  const tz = 7;
  const julianDay = (d: number, m: number, y: number): number => {
    const a = floor((14 - m) / 12);
    const yr = y + 4800 - a;
    const mo = m + 12 * a - 3;
    return d + floor((153 * mo + 2) / 5) + 365 * yr + floor(yr / 4) - floor(yr / 100) + floor(yr / 400) - 32045;
  };
  const newMoon = (k: number): number => {
    const T = k / 1236.85;
    const T2 = T * T;
    const T3 = T2 * T;
    let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
    jd += 0.00033 * sin((166.56 + 132.87 * T - 0.009173 * T2) * rad);
    const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
    const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
    const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
    const c =
      (0.1734 - 0.000393 * T) * sin(M * rad) +
      0.0021 * sin(2 * M * rad) -
      0.4068 * sin(Mpr * rad) +
      0.0161 * sin(2 * Mpr * rad) -
      0.0004 * sin(3 * Mpr * rad) +
      0.0104 * sin(2 * F * rad) -
      0.0051 * sin((M + Mpr) * rad) -
      0.0074 * sin((M - Mpr) * rad) +
      0.0004 * sin((2 * F + M) * rad) -
      0.0004 * sin((2 * F - M) * rad) -
      0.0006 * sin((2 * F + Mpr) * rad) +
      0.001 * sin((2 * F - Mpr) * rad) +
      0.0005 * sin((2 * Mpr + M) * rad);
    const deltaT = T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3 : -0.000278 + 0.000265 * T + 0.000262 * T2;
    return jd + c - deltaT;
  };
  /** Sector (0–11, 30° each) of the sun's longitude at local midnight starting day `jdn`. */
  const sunSector = (jdn: number): number => {
    const T = (jdn - 0.5 - tz / 24 - 2451545.0) / 36525;
    const T2 = T * T;
    const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
    const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
    const DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * sin(M * rad) + (0.019993 - 0.000101 * T) * sin(2 * M * rad) + 0.00029 * sin(3 * M * rad);
    let L = (L0 + DL) * rad;
    L -= 2 * PI * floor(L / (2 * PI));
    return floor((L / PI) * 6);
  };
  const newMoonDay = (k: number): number => floor(newMoon(k) + 0.5 + tz / 24);
  const month11 = (y: number): number => {
    const k = floor((julianDay(31, 12, y) - 2415021) / 29.530588853);
    const nm = newMoonDay(k);
    return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
  };
  const leapMonthOffset = (a11: number): number => {
    const k = floor((a11 - 2415021.076998695) / 29.530588853 + 0.5);
    let i = 1;
    let arc = sunSector(newMoonDay(k + i));
    let last: number;
    do {
      last = arc;
      i++;
      arc = sunSector(newMoonDay(k + i));
    } while (arc !== last && i < 14);
    return i - 1;
  };

  const dayNumber = julianDay(dd, mm, yy);
  const k = floor((dayNumber - 2415021.076998695) / 29.530588853);
  let monthStart = newMoonDay(k + 1);
  if (monthStart > dayNumber) monthStart = newMoonDay(k);
  let a11 = month11(yy);
  let b11 = a11;
  if (a11 >= monthStart) a11 = month11(yy - 1);
  else b11 = month11(yy + 1);
  const diff = floor((monthStart - a11) / 29);
  let month = diff + 11;
  let leap = false;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  return { day: dayNumber - monthStart + 1, month, leap };
}
