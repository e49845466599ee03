import { RiskLevel } from '../cases/enums';
import { caseAgeDays, hoursOverdue, OverdueOrderFacts, TrendBucket, trendDays, trendFromBuckets, worstFirst, worstFirstSql } from './overdue.rules';

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

describe('trendFromBuckets', () => {
  const DAY = 86_400_000;
  // The buckets as ObligationsRepository.trend's SQL forms them: ceil((t - first day's start) / day) - 1.
  const dayOf = (t: number, start: number) => Math.max(-1, Math.ceil((t - start) / DAY) - 1);
  const bucketsOf = (rows: { due: number; resolved: number | null }[], start: number, n: number): TrendBucket[] => {
    const byKey = new Map<string, TrendBucket>();
    for (const r of rows) {
      const due_day = dayOf(r.due, start);
      const resolved_day = r.resolved === null ? n : Math.min(n, dayOf(r.resolved, start));
      const b = byKey.get(`${due_day}/${resolved_day}`) ?? { due_day, resolved_day, n: 0, became: 0 };
      b.n += 1;
      if (r.resolved === null || r.resolved > r.due) b.became += 1;
      byKey.set(`${due_day}/${resolved_day}`, b);
    }
    return [...byKey.values()];
  };

  it('counts each day as testing every obligation against it would, boundaries included', () => {
    // A small generator with a fixed seed: the same cases on every run.
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (const nowIso of ['2026-03-15T09:30:00Z', '2026-03-14T17:00:00Z', '2026-03-15T16:59:59.999Z']) {
      const now = new Date(nowIso);
      const days = trendDays(now, 30);
      const start = days[0].start.getTime();
      const boundaries = [...days.map((d) => d.start.getTime()), ...days.map((d) => d.at.getTime())];
      const pick = () => (rand() < 0.3 ? boundaries[Math.floor(rand() * boundaries.length)] : start - 5 * DAY + Math.floor(rand() * (now.getTime() - start + 5 * DAY)));
      const rows: { due: number; resolved: number | null }[] = [];
      for (let k = 0; k < 2_000; k++) {
        const due = Math.min(pick(), now.getTime());
        const resolved = rand() < 0.4 ? null : Math.min(pick(), now.getTime());
        // The repository reads open obligations and those met or cancelled since the first day began.
        if (resolved === null || resolved > start) rows.push({ due, resolved });
      }
      const expected = days.map((d) => ({
        date: d.date,
        overdue: rows.filter((r) => r.due <= d.at.getTime() && (r.resolved === null || r.resolved > d.at.getTime())).length,
        became_overdue: rows.filter((r) => r.due > d.start.getTime() && r.due <= d.at.getTime() && (r.resolved === null || r.resolved > r.due)).length,
      }));
      expect(trendFromBuckets(days, bucketsOf(rows, start, days.length))).toEqual(expected);
    }
  });

  it('gives zero days when nothing is overdue', () => {
    const days = trendDays(new Date('2026-03-15T09:30:00Z'), 3);
    expect(trendFromBuckets(days, [])).toEqual(days.map((d) => ({ date: d.date, overdue: 0, became_overdue: 0 })));
  });
});
