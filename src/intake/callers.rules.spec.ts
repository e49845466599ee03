import { flagActive, flagManageable, flagProblems, flagVisible, MAX_FLAG_DAYS } from './callers.rules';

const NOW = new Date('2026-12-01T03:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

describe('caller flags', () => {
  it.each([
    [days(7), 'gọi đùa nhiều lần', []],
    [days(MAX_FLAG_DAYS), 'gọi đùa', []],
    [days(MAX_FLAG_DAYS + 1), 'gọi đùa', ['CALLER_FLAG_TOO_LONG']],
    [NOW, 'gọi đùa', ['CALLER_FLAG_UNTIL_PAST']],
    [days(-1), '  ', ['CALLER_FLAG_UNTIL_PAST', 'CALLER_FLAG_NOTE_REQUIRED']],
    [new Date('nope'), 'x', ['CALLER_FLAG_UNTIL_PAST']],
  ])('until %s with note %j → %j', (until, note, codes) => {
    expect(flagProblems({ until, note }, NOW).map((p) => p.code)).toEqual(codes);
  });

  it('is active until it expires or is cleared', () => {
    expect(flagActive({ until: days(1), clearedAt: null }, NOW)).toBe(true);
    expect(flagActive({ until: NOW, clearedAt: null }, NOW)).toBe(false);
    expect(flagActive({ until: days(1), clearedAt: NOW }, NOW)).toBe(false);
  });

  it.each([
    [null, { provinceCode: '22', national: false }, true, false],
    ['22', { provinceCode: '22', national: false }, true, true],
    ['31', { provinceCode: '22', national: false }, false, false],
    ['31', { provinceCode: null, national: true }, true, true],
    [null, { provinceCode: null, national: true }, true, true],
  ])('a flag of %s is seen / managed by %j: %s / %s', (province, viewer, seen, managed) => {
    expect(flagVisible(province, viewer)).toBe(seen);
    expect(flagManageable(province, viewer)).toBe(managed);
  });
});
