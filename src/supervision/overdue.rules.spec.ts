import { RiskLevel } from '../cases/enums';
import { caseAgeDays, hoursOverdue, OverdueOrderFacts, trendDays, worstFirst, worstFirstSql } from './overdue.rules';

const at = (iso: string) => new Date(iso);
const item = (id: string, level: number, due: string, risk: RiskLevel, danger = false): OverdueOrderFacts => ({
  deadlineId: id,
  escalationLevel: level,
  dueAt: at(due),
  riskLevel: risk,
  immediateDanger: danger,
});

describe('worstFirst', () => {
  it.each([
    ['a higher escalation level comes first, however recent', item('a', 2, '2026-11-20T00:00:00Z', RiskLevel.LOW), item('b', 1, '2026-01-01T00:00:00Z', RiskLevel.CRITICAL)],
    ['at the same level, the longest overdue first', item('a', 1, '2026-11-01T00:00:00Z', RiskLevel.LOW), item('b', 1, '2026-11-02T00:00:00Z', RiskLevel.CRITICAL)],
    ['same level and due time: higher risk first', item('a', 0, '2026-11-01T00:00:00Z', RiskLevel.HIGH), item('b', 0, '2026-11-01T00:00:00Z', RiskLevel.MEDIUM)],
    ['then immediate danger', item('a', 0, '2026-11-01T00:00:00Z', RiskLevel.HIGH, true), item('b', 0, '2026-11-01T00:00:00Z', RiskLevel.HIGH, false)],
    ['then the id, so the order is total', item('a', 0, '2026-11-01T00:00:00Z', RiskLevel.HIGH), item('b', 0, '2026-11-01T00:00:00Z', RiskLevel.HIGH)],
  ])('%s', (_, worse, better) => {
    expect(worstFirst(worse, better)).toBeLessThan(0);
    expect(worstFirst(better, worse)).toBeGreaterThan(0);
    expect([better, worse].sort(worstFirst)).toEqual([worse, better]);
  });

  it('the SQL order names the same keys in the same order', () => {
    expect(worstFirstSql('o')).toBe(
      "o.escalation_level DESC, o.due_at ASC, CASE o.risk_level WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'LOW' THEN 3 ELSE 9 END ASC, o.immediate_danger DESC, o.deadline_id ASC",
    );
  });
});

describe('ages', () => {
  it('counts whole hours overdue and whole days open, never negative', () => {
    const now = at('2026-11-30T12:00:00Z');
    expect(hoursOverdue(at('2026-11-30T09:30:00Z'), now)).toBe(2);
    expect(hoursOverdue(at('2026-11-30T13:00:00Z'), now)).toBe(0);
    expect(caseAgeDays(at('2026-11-27T12:00:01Z'), now)).toBe(2);
    expect(caseAgeDays(at('2026-12-01T00:00:00Z'), now)).toBe(0);
  });
});

describe('trendDays', () => {
  it('gives Vietnamese calendar days ending today, each counted at its end and today at now', () => {
    // 2026-11-30 20:00 UTC is already 1 December in Vietnam.
    const now = at('2026-11-30T20:00:00Z');
    const days = trendDays(now, 3);
    expect(days.map((d) => d.date)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01']);
    expect(days[0].start.toISOString()).toBe('2026-11-28T17:00:00.000Z');
    expect(days[0].at.toISOString()).toBe('2026-11-29T17:00:00.000Z');
    expect(days[2].at).toEqual(now);
  });
});
