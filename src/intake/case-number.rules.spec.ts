import { caseNumberYear, formatCaseNumber, parseCaseNumber } from './case-number.rules';

describe('formatCaseNumber', () => {
  it.each([
    ['22', 2026, 123, '22-2026-000123'],
    ['22', 2026, 1, '22-2026-000001'],
    ['01', 2026, 42, '01-2026-000042'],
    ['79', 2027, 999_999, '79-2027-999999'],
    [null, 2026, 1, 'VN-2026-000001'],
    ['', 2026, 7, 'VN-2026-000007'],
    // beyond six digits the sequence keeps growing instead of wrapping to a number already used
    ['22', 2026, 1_000_000, '22-2026-1000000'],
    ['22', 2026, 12_345_678, '22-2026-12345678'],
  ])('(%j, %j, %j) → %s', (province, year, sequence, expected) => {
    expect(formatCaseNumber(province, year, sequence)).toBe(expected);
  });

  it.each([
    ['2', 2026, 1, 'one-digit province'],
    ['222', 2026, 1, 'three-digit province'],
    ['QN', 2026, 1, 'letters'],
    ['00', 2026, 1, 'no province 00'],
    ['22', 999, 1, 'three-digit year'],
    ['22', 10_000, 1, 'five-digit year'],
    ['22', 2026.5, 1, 'fractional year'],
    ['22', 2026, 0, 'sequence 0'],
    ['22', 2026, -1, 'negative sequence'],
    ['22', 2026, 1.5, 'fractional sequence'],
    ['22', 2026, Number.MAX_SAFE_INTEGER + 1, 'unsafe sequence'],
    ['22', 2026, Number.NaN, 'NaN'],
  ])('rejects (%j, %j, %j): %s', (province, year, sequence) => {
    expect(() => formatCaseNumber(province, year, sequence)).toThrow(RangeError);
  });
});

describe('parseCaseNumber', () => {
  it.each([
    ['22-2026-000123', { provinceCode: '22', year: 2026, sequence: 123 }],
    ['VN-2026-000001', { provinceCode: null, year: 2026, sequence: 1 }],
    ['vn-2026-000001', { provinceCode: null, year: 2026, sequence: 1 }],
    ['  01-2025-999999 ', { provinceCode: '01', year: 2025, sequence: 999_999 }],
    ['22-2026-1000000', { provinceCode: '22', year: 2026, sequence: 1_000_000 }],
    ['22-2026-12345678', { provinceCode: '22', year: 2026, sequence: 12_345_678 }],
  ])('%j → %j', (text, expected) => {
    expect(parseCaseNumber(text)).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    ['22-2026-123', 'unpadded sequence'],
    ['22-2026-00123', 'five-digit sequence'],
    ['22-2026-0000123', 'seven digits with a leading zero (second spelling of 000123)'],
    ['22-2026-000000', 'sequence 0'],
    ['2-2026-000123', 'one-digit province'],
    ['00-2026-000123', 'province 00'],
    ['QN-2026-000123', 'letters for province'],
    ['22-26-000123', 'two-digit year'],
    ['22-0999-000123', 'year before 1000'],
    ['22/2026/000123', 'other separators'],
    ['22 2026 000123', 'spaces'],
    ['22-2026-000123x', 'trailing text'],
    ['case 22-2026-000123', 'leading text'],
    ['22-2026-99999999999999999', 'unsafe sequence'],
  ])('%j → null (%s)', (text) => {
    expect(parseCaseNumber(text)).toBeNull();
  });

  it.each([
    ['22', 2026, 123],
    [null, 2026, 1],
    ['96', 2030, 999_999],
    ['01', 2026, 1_000_000],
    ['45', 2099, 87_654_321],
  ])('round-trips (%j, %j, %j)', (provinceCode, year, sequence) => {
    expect(parseCaseNumber(formatCaseNumber(provinceCode, year, sequence))).toEqual({ provinceCode, year, sequence });
  });
});

describe('caseNumberYear (Vietnam time, UTC+7)', () => {
  it.each([
    ['2026-12-31T20:00:00Z', 2027],
    ['2026-12-31T17:00:00Z', 2027],
    ['2026-12-31T16:59:59.999Z', 2026],
    ['2026-01-01T00:00:00+07:00', 2026],
    ['2025-12-31T23:59:59+07:00', 2025],
    ['2026-06-15T08:00:00Z', 2026],
    ['2026-01-01T05:00:00Z', 2026],
    ['2027-01-01T00:30:00-05:00', 2027],
  ])('%s → %i', (iso, year) => {
    expect(caseNumberYear(new Date(iso))).toBe(year);
  });

  it('rejects an invalid date', () => {
    expect(() => caseNumberYear(new Date('not a date'))).toThrow(RangeError);
  });
});
