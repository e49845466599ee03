import { overdueTotals, OverdueCounter } from './overdue-totals.rules';

const byDim = (totals: { dim: string; key: string | null; n: number }[]) => Object.fromEntries(totals.map((t) => [`${t.dim}:${t.key ?? ''}`, t.n]));

describe('overdueTotals', () => {
  const rows: OverdueCounter[] = [
    { metric: 'overdue', k1: 'CASE||1|ASSESSING|ASSESSMENT', k2: 'HIGH', province: '', place: '*', n: 3 },
    { metric: 'overdue', k1: 'REFERRAL|POLICE|0|INTERVENTION|REFERRAL_RESPONSE', k2: 'CRITICAL', province: '', place: '*', n: 2 },
    { metric: 'overdue_place', k1: 'CASE|', k2: 'HIGH', province: '22', place: '06652', n: 3 },
    { metric: 'overdue_place', k1: 'REFERRAL|POLICE', k2: 'CRITICAL', province: '', place: '', n: 2 },
    // A delta not folded yet, and a row past due but not marked, come as more rows of the same keys.
    { metric: 'overdue', k1: 'CASE||0|ASSESSING|PLAN', k2: 'HIGH', province: '22', place: '06652', n: 1 },
    { metric: 'overdue_place', k1: 'CASE|', k2: 'HIGH', province: '22', place: '06652', n: 1 },
    { metric: 'cases', k1: '', k2: '', province: '', place: '', n: 5 },
  ];

  it('adds every row into its dimensions', () => {
    expect(byDim(overdueTotals(rows, {}, true))).toEqual({
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
      'province:22': 4,
      'commune:06652': 4,
      // A place missing is counted under no place.
      'province:': 2,
      'commune:': 2,
    });
  });

  it('keeps only the filtered risk and agency type (the distinct cases come filtered)', () => {
    expect(byDim(overdueTotals(rows, { agencyType: 'POLICE' }, true))).toEqual({
      'total:': 2,
      'cases:': 5,
      'kind:REFERRAL': 2,
      'key:REFERRAL_RESPONSE': 2,
      'level:0': 2,
      'state:INTERVENTION': 2,
      'risk:CRITICAL': 2,
      'agencyType:POLICE': 2,
      'province:': 2,
      'commune:': 2,
    });
    expect(byDim(overdueTotals([], { risk: 'LOW' }, true))).toEqual({ 'total:': 0, 'cases:': 0 });
  });

  it('over the whole country, counts provinces (their rows, and the facts of single obligations) but no commune', () => {
    const national: OverdueCounter[] = [
      { metric: 'overdue_place', k1: 'CASE|', k2: 'HIGH', province: '22', place: '*', n: 3 },
      { metric: 'overdue_place', k1: 'CASE|', k2: 'LOW', province: '22', place: '06652', n: 1 },
      { metric: 'overdue_place', k1: 'CASE|', k2: 'LOW', province: '01', place: '*', n: 2 },
    ];
    const totals = byDim(overdueTotals(national, {}, false));
    expect(Object.keys(totals).filter((k) => k.startsWith('commune:'))).toEqual([]);
    expect(totals['province:22']).toBe(4);
    expect(totals['province:01']).toBe(2);
    // A province's row ('*') is never a commune, even where communes are counted.
    expect(byDim(overdueTotals(national, {}, true))).toMatchObject({ 'commune:06652': 1 });
    expect(Object.keys(byDim(overdueTotals(national, {}, true))).filter((k) => k.startsWith('commune:'))).toEqual(['commune:06652']);
  });

  it('keeps a key holding the separator whole, and drops keys that add up to nothing', () => {
    const odd: OverdueCounter[] = [
      { metric: 'overdue', k1: 'CASE||0|RECEIVED|A|B', k2: 'LOW', province: '', place: '*', n: 1 },
      { metric: 'overdue', k1: 'CASE||0|RECEIVED|C', k2: 'LOW', province: '', place: '*', n: 1 },
      { metric: 'overdue', k1: 'CASE||0|RECEIVED|C', k2: 'LOW', province: '', place: '*', n: -1 },
    ];
    const totals = byDim(overdueTotals(odd, {}, true));
    expect(totals['key:A|B']).toBe(1);
    expect(totals['key:C']).toBeUndefined();
  });
});
