import { deadlineKind, isOverdue, oldestFirst, soonestFirst } from './tasks.rules';

describe('my tasks', () => {
  it.each([
    [['LEGAL'], 'LEGAL'],
    [['POLICY', 'LEGAL'], 'POLICY'],
    [[undefined, 'LEGAL'], 'LEGAL'],
    [[null, undefined], 'POLICY'],
    [['legal'], 'POLICY'],
    [[], 'POLICY'],
  ])('the kind read from %j is %s (absent: a policy target)', (sources, kind) => {
    expect(deadlineKind(...sources)).toBe(kind);
  });

  it('is overdue when marked so or past its due time', () => {
    const now = new Date('2026-12-01T03:00:00Z');
    expect(isOverdue('OVERDUE', new Date('2026-12-02T00:00:00Z'), now)).toBe(true);
    expect(isOverdue('PENDING', now, now)).toBe(true);
    expect(isOverdue('PENDING', new Date('2026-12-01T03:00:01Z'), now)).toBe(false);
  });

  it('orders the soonest first, legal limits before targets due at the same time', () => {
    const at = (iso: string) => new Date(iso);
    const items = [
      { deadlineId: 'c', dueAt: at('2026-12-02T00:00:00Z'), kind: 'POLICY' as const },
      { deadlineId: 'b', dueAt: at('2026-12-01T00:00:00Z'), kind: 'POLICY' as const },
      { deadlineId: 'a', dueAt: at('2026-12-01T00:00:00Z'), kind: 'LEGAL' as const },
      { deadlineId: 'd', dueAt: at('2026-11-30T00:00:00Z'), kind: 'POLICY' as const },
    ];
    expect([...items].sort(soonestFirst).map((i) => i.deadlineId)).toEqual(['d', 'a', 'b', 'c']);
  });

  it('orders approvals oldest first', () => {
    const items = [
      { caseId: '2', kind: 'PLAN', submittedAt: new Date('2026-11-30T00:00:00Z') },
      { caseId: '1', kind: 'CLOSURE', submittedAt: new Date('2026-11-29T00:00:00Z') },
    ];
    expect([...items].sort(oldestFirst).map((i) => i.caseId)).toEqual(['1', '2']);
  });
});
