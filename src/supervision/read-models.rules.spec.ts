import { JurisdictionLevel } from '../identity/enums';
import { counterBuckets } from './read-models.rules';

describe('counterBuckets', () => {
  it.each([
    ['a whole year, nationally: twelve months', '2025-01-01', '2025-12-31', JurisdictionLevel.NATIONAL, 12, []],
    [
      'whole months and edge days',
      '2025-01-15',
      '2025-03-10',
      JurisdictionLevel.NATIONAL,
      1,
      [
        { from: '2025-01-15', to: '2025-01-31' },
        { from: '2025-03-01', to: '2025-03-10' },
      ],
    ],
    ['days inside one month', '2025-02-03', '2025-02-27', JurisdictionLevel.NATIONAL, 0, [{ from: '2025-02-03', to: '2025-02-27' }]],
    ['one day', '2024-02-29', '2024-02-29', JurisdictionLevel.NATIONAL, 0, [{ from: '2024-02-29', to: '2024-02-29' }]],
    ['February of a leap year ends on the 29th', '2024-02-01', '2024-02-29', JurisdictionLevel.NATIONAL, 1, []],
    ['a province reads days', '2025-01-01', '2025-12-31', JurisdictionLevel.PROVINCE, 0, [{ from: '2025-01-01', to: '2025-12-31' }]],
    ['a commune reads days', '2025-01-01', '2025-01-31', JurisdictionLevel.COMMUNE, 0, [{ from: '2025-01-01', to: '2025-01-31' }]],
  ])('%s', (_name, from, to, level, months, dayRanges) => {
    const b = counterBuckets(from, to, level);
    expect(b.months).toHaveLength(months);
    expect(b.dayRanges).toEqual(dayRanges);
  });

  it('covers every day of the period exactly once', () => {
    const b = counterBuckets('2024-11-20', '2026-02-02', JurisdictionLevel.NATIONAL);
    const days = new Set<string>();
    const add = (d: string) => {
      expect(days.has(d)).toBe(false);
      days.add(d);
    };
    for (const r of b.dayRanges)
      for (let d = new Date(`${r.from}T00:00:00Z`); d <= new Date(`${r.to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) add(d.toISOString().slice(0, 10));
    for (const m of b.months) {
      const start = new Date(`${m}T00:00:00Z`);
      for (let d = start; d.getUTCMonth() === start.getUTCMonth(); d = new Date(d.getTime() + 86_400_000)) add(d.toISOString().slice(0, 10));
    }
    let n = 0;
    for (let d = new Date('2024-11-20T00:00:00Z'); d <= new Date('2026-02-02T00:00:00Z'); d = new Date(d.getTime() + 86_400_000)) {
      expect(days.has(d.toISOString().slice(0, 10))).toBe(true);
      n++;
    }
    expect(days.size).toBe(n);
  });
});
