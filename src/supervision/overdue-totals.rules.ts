/**
 * The overdue dashboard's totals from the overdue counters (migration 1764850000003) and the few past-due
 * obligations the counters do not hold: those not marked OVERDUE yet, and those of cases granted outside the
 * principal's place. The same figures DashboardRepository.overdue groups from the transactional tables.
 */

export interface OverdueCounter {
  metric: 'overdue' | 'overdue_place';
  /** 'overdue': kind|agency type|escalation level|case state|key; 'overdue_place': kind|agency type. */
  k1: string;
  /** The case's risk level. */
  k2: string;
  /** 'overdue_place': the commune code ('' when missing). */
  place: string;
  n: number;
}

/** A past-due obligation read from the projection. */
export interface PastDueFacts {
  kind: string;
  key: string;
  escalation_level: number;
  case_status: string;
  risk_level: string;
  agency_type: string | null;
  commune_code: string | null;
}

export interface TotalsFilter {
  risk?: string;
  agencyType?: string;
}

export interface Total {
  dim: string;
  key: string | null;
  n: number;
}

export function overdueTotals(counters: OverdueCounter[], live: PastDueFacts[], cases: number, f: TotalsFilter): Total[] {
  const tally = new Map<string, Total>();
  const add = (dim: string, key: string | null, n: number) => {
    const k = `${dim}\u0000${key ?? ''}`;
    const t = tally.get(k);
    if (t) t.n += n;
    else tally.set(k, { dim, key, n });
  };
  const kept = (kind: string, agency: string | null, risk: string) => (!f.risk || risk === f.risk) && (!f.agencyType || (kind === 'REFERRAL' && agency === f.agencyType));
  const count = (o: PastDueFacts, n: number, withCommune: boolean, withRest: boolean) => {
    if (withRest) {
      add('total', null, n);
      add('kind', o.kind, n);
      add('key', o.key, n);
      add('level', String(o.escalation_level), n);
      add('state', o.case_status, n);
      add('risk', o.risk_level, n);
      if (o.agency_type) add('agencyType', o.agency_type, n);
    }
    if (withCommune) add('commune', o.commune_code, n);
  };
  for (const c of counters) {
    const [kind, agency, ...rest] = c.k1.split('|');
    if (!kept(kind, agency || null, c.k2)) continue;
    if (c.metric === 'overdue_place') {
      count({ kind, agency_type: agency || null, risk_level: c.k2, commune_code: c.place || null, key: '', escalation_level: 0, case_status: '' }, c.n, true, false);
    } else {
      const [level, state, ...key] = rest;
      // The key is last: whatever it holds stays whole.
      count({ kind, agency_type: agency || null, risk_level: c.k2, commune_code: null, key: key.join('|'), escalation_level: Number(level), case_status: state }, c.n, false, true);
    }
  }
  for (const o of live) if (kept(o.kind, o.agency_type, o.risk_level)) count(o, 1, true, true);
  add('total', null, 0);
  add('cases', null, cases);
  return [...tally.values()].filter((t) => t.n !== 0 || t.dim === 'total' || t.dim === 'cases');
}
