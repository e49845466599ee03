import { overdueTotals, OverdueCounter } from './overdue-totals.rules';

const byDim = (totals: { dim: string; key: string | null; n: number }[]) => Object.fromEntries(totals.map((t) => [`${t.dim}:${t.key ?? ''}`, t.n]));

describe('overdueTotals', () => {
  const rows: OverdueCounter[] = [
    { metric: 'overdue', k1: 'CASE||1|ASSESSING|ASSESSMENT', k2: 'HIGH', place: '*', n: 3 },
    { metric: 'overdue', k1: 'REFERRAL|POLICE|0|INTERVENTION|REFERRAL_RESPONSE', k2: 'CRITICAL', place: '*', n: 2 },
    { metric: 'overdue_place', k1: 'CASE|', k2: 'HIGH', place: '06652', n: 3 },
    { metric: 'overdue_place', k1: 'REFERRAL|POLICE', k2: 'CRITICAL', place: '', n: 2 },
    // A delta not folded yet, and a row past due but not marked, come as more rows of the same keys.
    { metric: 'overdue', k1: 'CASE||0|ASSESSING|PLAN', k2: 'HIGH', place: '06652', n: 1 },
    { metric: 'overdue_place', k1: 'CASE|', k2: 'HIGH', place: '06652', n: 1 },
    { metric: 'cases', k1: '', k2: '', place: '', n: 5 },
  ];

  it('adds every row into its dimensions', () => {
    expect(byDim(overdueTotals(rows, {}))).toEqual({
      'total:': 6,
      'cases:': 5,
      'kind:CASE': 4,
      'kind:REFERRAL': 2,
      'key:ASSESSMENT': 3,
      'key:REFERRAL_RESPONSE': 2,
      'key:PLAN': 1,
      'level:1': 3,
      'level:0': 3,
      'state:ASSESSING': 4,
      'state:INTERVENTION': 2,
      'risk:HIGH': 4,
      'risk:CRITICAL': 2,
      'agencyType:POLICE': 2,
      'commune:06652': 4,
      // A commune missing is counted under no commune.
      'commune:': 2,
    });
  });

  it('keeps only the filtered risk and agency type (the distinct cases come filtered)', () => {
    expect(byDim(overdueTotals(rows, { agencyType: 'POLICE' }))).toEqual({
      'total:': 2,
      'cases:': 5,
      'kind:REFERRAL': 2,
      'key:REFERRAL_RESPONSE': 2,
      'level:0': 2,
      'state:INTERVENTION': 2,
      'risk:CRITICAL': 2,
      'agencyType:POLICE': 2,
      'commune:': 2,
    });
    expect(byDim(overdueTotals([], { risk: 'LOW' }))).toEqual({ 'total:': 0, 'cases:': 0 });
  });

  it('keeps a key holding the separator whole, and drops keys that add up to nothing', () => {
    const odd: OverdueCounter[] = [
      { metric: 'overdue', k1: 'CASE||0|RECEIVED|A|B', k2: 'LOW', place: '*', n: 1 },
      { metric: 'overdue', k1: 'CASE||0|RECEIVED|C', k2: 'LOW', place: '*', n: 1 },
      { metric: 'overdue', k1: 'CASE||0|RECEIVED|C', k2: 'LOW', place: '*', n: -1 },
    ];
    const totals = byDim(overdueTotals(odd, {}));
    expect(totals['key:A|B']).toBe(1);
    expect(totals['key:C']).toBeUndefined();
  });
});
