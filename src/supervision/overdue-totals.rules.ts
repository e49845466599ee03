/**
 * The overdue dashboard's totals from the overdue counters (migration 1764850000003), with the few past-due
 * obligations the counters do not hold (not marked OVERDUE yet, or of cases granted outside the principal's
 * place) added as the same facts, and the distinct cases. The same figures DashboardRepository.overdue groups
 * from the transactional tables.
 */

export interface OverdueCounter {
  /** 'cases': the distinct cases (n), nothing else set. */
  metric: 'overdue' | 'overdue_place' | 'cases';
  /** 'overdue': kind|agency type|escalation level|case state|key; 'overdue_place': kind|agency type. */
  k1: string;
  /** The case's risk level. */
  k2: string;
  /** 'overdue_place': the province code ('' when missing). */
  province: string;
  /** 'overdue_place': the commune code ('' when missing; '*' on a province's row). */
  place: string;
  n: number;
}

/** One figure of the totals: a dimension ('total', 'cases', 'kind', 'key', 'level', …), its key and count. */
export interface OverdueTotal {
  dim: string;
  key: string | null;
  n: number;
}

/**
 * `byCommune`: whether the view is broken down by commune as well as by province; not over the whole country
 * (thousands of communes are no glance: a national supervisor narrows to a province to see its communes).
 */
export function overdueTotals(counters: OverdueCounter[], f: { risk?: string; agencyType?: string }, byCommune: boolean): OverdueTotal[] {
  const tally = new Map<string, OverdueTotal>();
  const add = (dim: string, key: string | null, n: number) => {
    const k = `${dim}\u0000${key ?? ''}`;
    const t = tally.get(k);
    if (t) t.n += n;
    else tally.set(k, { dim, key, n });
  };
  add('total', null, 0);
  add('cases', null, 0);
  for (const c of counters) {
    if (c.metric === 'cases') {
      add('cases', null, c.n);
      continue;
    }
    const [kind, agency, ...rest] = c.k1.split('|');
    if (f.risk && c.k2 !== f.risk) continue;
    if (f.agencyType && (kind !== 'REFERRAL' || agency !== f.agencyType)) continue;
    if (c.metric === 'overdue_place') {
      add('province', c.province || null, c.n);
      if (byCommune && c.place !== '*') add('commune', c.place || null, c.n);
      continue;
    }
    const [level, state, ...key] = rest;
    add('total', null, c.n);
    add('kind', kind, c.n);
    // The key is last: whatever it holds stays whole.
    add('key', key.join('|'), c.n);
    add('level', level, c.n);
    add('state', state, c.n);
    add('risk', c.k2, c.n);
    if (agency) add('agencyType', agency, c.n);
  }
  return [...tally.values()].filter((t) => t.n !== 0 || t.dim === 'total' || t.dim === 'cases');
}
