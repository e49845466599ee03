import {
  addDuration,
  durationToMs,
  formatIsoDuration,
  IsoDuration,
  IsoDurationError,
  isValidIsoDuration,
  isWholeDaysOnly,
  isZeroDuration,
  parseIsoDuration,
} from './iso-duration.rules';

const H = 3_600_000;
const D = 24 * H;
const zero: IsoDuration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };

describe('parseIsoDuration', () => {
  it.each<[string, Partial<IsoDuration>, number | null]>([
    ['PT12H', { hours: 12 }, 12 * H],
    ['PT5S', { seconds: 5 }, 5_000],
    ['PT0.5S', { seconds: 0.5 }, 500],
    ['PT0,25S', { seconds: 0.25 }, 250],
    ['PT1.001S', { seconds: 1.001 }, 1_001],
    ['P1DT2H', { days: 1, hours: 2 }, 26 * H],
    ['P2W', { weeks: 2 }, 14 * D],
    ['P7D', { days: 7 }, 7 * D],
    ['PT30M', { minutes: 30 }, 30 * 60_000],
    ['PT90M', { minutes: 90 }, 90 * 60_000],
    ['PT36H', { hours: 36 }, 36 * H],
    ['P1W2DT3H4M5.5S', { weeks: 1, days: 2, hours: 3, minutes: 4, seconds: 5.5 }, 9 * D + 3 * H + 4 * 60_000 + 5_500],
    ['PT0S', {}, 0],
    ['P1Y', { years: 1 }, null],
    ['P1M', { months: 1 }, null],
    ['P1Y2M3DT4H', { years: 1, months: 2, days: 3, hours: 4 }, null],
  ])('%s', (text, parts, ms) => {
    const d = parseIsoDuration(text);
    expect(d).toEqual({ ...zero, ...parts });
    if (ms === null) expect(() => durationToMs(d)).toThrow(/no fixed length/);
    else expect(durationToMs(d)).toBe(ms);
    expect(isValidIsoDuration(text)).toBe(true);
  });

  it.each<[unknown, RegExp]>([
    ['', /"": it is empty/],
    ['   ', /it is empty/],
    ['P', /"P": it has no amount/],
    ['PT', /"PT": "T" must be followed by hours/],
    ['P1DT', /"P1DT": "T" must be followed/],
    ['-PT1H', /"-PT1H": negative durations are not allowed/],
    ['PT-1H', /negative/],
    ['12h', /"12h": not in the form PnYnMnWnDTnHnMnS/],
    ['pt12h', /must be upper case/],
    ['PT1.5H', /only seconds may have a fraction/],
    ['PT0.0001S', /at most 3 decimals/],
    ['P1H', /"P1H": not in the form/],
    ['PT12H ', /not in the form/],
    ['twelve hours', /"twelve hours"/],
    ['P99999999999999999D', /too large/],
    [12, /must be a string .*got number/],
    [null, /must be a string .*got object/],
  ])('rejects %j', (text, message) => {
    expect(() => parseIsoDuration(text as string)).toThrow(IsoDurationError);
    expect(() => parseIsoDuration(text as string)).toThrow(message);
    expect(isValidIsoDuration(text)).toBe(false);
  });

  it('shows an example the reader can copy in every error', () => {
    for (const bad of ['', 'P', 'PT', '-P1D', 'garbage']) {
      expect(() => parseIsoDuration(bad)).toThrow(/e\.g\. "PT12H"/);
    }
  });

  it('shortens a very long bad value in the message', () => {
    expect(() => parseIsoDuration('x'.repeat(500))).toThrow(/"x{40}…"/);
  });
});

describe('duration predicates', () => {
  it.each([
    // Zero is "whole days" too (0 of them); callers refuse zero first.
    ['PT0S', true, true],
    ['P0D', true, true],
    ['P0DT0H0M0.000S', true, true],
    ['PT0.001S', false, false],
    ['PT5S', false, false],
    ['P7D', false, true],
    ['P1W', false, false],
    ['P1M', false, false],
  ])('%s: zero=%s, whole days only=%s', (text, isZero, wholeDays) => {
    const d = parseIsoDuration(text);
    expect(isZeroDuration(d)).toBe(isZero);
    expect(isWholeDaysOnly(d)).toBe(wholeDays);
  });
});

describe('addDuration', () => {
  it.each([
    // Fixed parts are elapsed time.
    ['2026-11-22T08:00:00+07:00', 'PT12H', '2026-11-22T20:00:00+07:00'],
    ['2026-11-22T08:00:00+07:00', 'PT5S', '2026-11-22T08:00:05+07:00'],
    ['2026-11-22T08:00:00+07:00', 'PT0.5S', '2026-11-22T08:00:00.500+07:00'],
    ['2026-11-22T23:00:00+07:00', 'P1DT2H', '2026-11-24T01:00:00+07:00'],
    ['2026-11-22T08:00:00+07:00', 'P2W', '2026-12-06T08:00:00+07:00'],
    ['2026-12-31T20:00:00+07:00', 'PT6H', '2027-01-01T02:00:00+07:00'],
    // Years and months move the Vietnamese calendar date and keep the local time of day.
    ['2026-01-31T10:00:00+07:00', 'P1M', '2026-02-28T10:00:00+07:00'],
    ['2028-01-31T10:00:00+07:00', 'P1M', '2028-02-29T10:00:00+07:00'],
    ['2026-03-31T10:00:00+07:00', 'P1M1D', '2026-05-01T10:00:00+07:00'],
    ['2026-11-15T09:00:00+07:00', 'P2M', '2027-01-15T09:00:00+07:00'],
    ['2028-02-29T09:00:00+07:00', 'P1Y', '2029-02-28T09:00:00+07:00'],
    // 31 Jan 23:30 in Vietnam is still 31 Jan 16:30 UTC: the month step uses the Vietnamese date.
    ['2026-01-31T23:30:00+07:00', 'P1M', '2026-02-28T23:30:00+07:00'],
    // 1 Mar 02:00 in Vietnam is 28 Feb in UTC; a UTC month step would land on 28 Mar instead.
    ['2026-03-01T02:00:00+07:00', 'P1M', '2026-04-01T02:00:00+07:00'],
  ])('%s + %s = %s', (start, text, expected) => {
    expect(addDuration(new Date(start), parseIsoDuration(text)).toISOString()).toBe(new Date(expected).toISOString());
  });

  it('refuses an invalid start and results beyond the representable range', () => {
    expect(() => addDuration(new Date('nope'), parseIsoDuration('PT1H'))).toThrow(/invalid date/);
    expect(() => addDuration(new Date('2026-01-01T00:00:00Z'), parseIsoDuration('P300000Y'))).toThrow(/beyond the dates/);
  });
});

describe('formatIsoDuration', () => {
  it.each([
    [0, 'PT0S'],
    [5_000, 'PT5S'],
    [500, 'PT0.5S'],
    [50, 'PT0.05S'],
    [1_001, 'PT1.001S'],
    [12 * H, 'PT12H'],
    [26 * H, 'P1DT2H'],
    [14 * D, 'P14D'],
    [90 * 60_000, 'PT1H30M'],
    [D + 60_000 + 1_500, 'P1DT1M1.5S'],
    [-2 * H, '-PT2H'],
    [0.4, 'PT0S'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatIsoDuration(ms)).toBe(text);
  });

  it.each(['PT5S', 'PT0.5S', 'P1DT2H', 'PT12H', 'P7D', 'PT1H30M'])('round-trips %s', (text) => {
    expect(formatIsoDuration(durationToMs(parseIsoDuration(text)))).toBe(text);
  });

  it('refuses non-finite numbers', () => {
    expect(() => formatIsoDuration(Number.NaN)).toThrow(/Cannot format/);
  });
});
