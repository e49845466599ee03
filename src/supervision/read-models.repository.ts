import { Injectable } from '@nestjs/common';
import { EntityManager, ObjectLiteral } from 'typeorm';
import { JurisdictionLevel } from '../identity/enums';
import { counterBuckets } from './read-models.rules';
import { runNamed } from './sql';
import { ChildrenPart } from './statistics.repository';
import { ageGroupSql, Area, areaSql, Period, placeBreakdownSql, UNKNOWN_PLACE } from './statistics.rules';

export type CounterMetric =
  | 'call'
  | 'report'
  | 'opened'
  | 'closed'
  | 'referral'
  | 'caseload'
  | 'child_kid'
  | 'child_eth'
  | 'child_setting'
  | 'child_abused'
  | 'child_confirmed'
  | 'child_supported'
  | 'child_special'
  | 'child_cell'
  | 'child_cform';

const CHILD_METRICS: CounterMetric[] = [
  'child_kid',
  'child_eth',
  'child_setting',
  'child_abused',
  'child_confirmed',
  'child_supported',
  'child_special',
  'child_cell',
  'child_cform',
];

export interface CounterRow {
  metric: CounterMetric;
  k1: string;
  k2: string;
  /** The next level of place down (province for the whole country, else commune), UNKNOWN when missing. */
  place: string;
  n: number;
}

/** The day the open-case counters ('caseload') are kept under: they have no date. */
const UNDATED = '1970-01-01';

/**
 * The counters of the read models (migration 1764800000001): `stat_count` plus the deltas not folded into it
 * yet, summed in one statement so that each delta is read exactly once (the fold moves it atomically).
 */
@Injectable()
export class ReadModelsRepository {
  /** Counters of the figures `metrics` over a period and an area, by k1 × k2 × place. */
  counters(manager: EntityManager, metrics: CounterMetric[], period: Pick<Period, 'from' | 'to'>, area: Area): Promise<CounterRow[]> {
    const b = counterBuckets(period.from, period.to, area.level);
    return this.sum(manager, metrics, b.months, b.dayRanges, area);
  }

  /** Open cases by assignee (k1, '' for none) × risk (k2) in an area. */
  caseloadSql(area: Area): { sql: string; params: ObjectLiteral } {
    // The whole country and a province read grain M (per province); a commune reads grain D.
    return area.level === JurisdictionLevel.COMMUNE ? sumSql(['caseload'], [], [{ from: UNDATED, to: UNDATED }], area)! : sumSql(['caseload'], [UNDATED], [], area)!;
  }

  /**
   * The overdue counters of an area (migration 1764850000003) as SQL to read with the rest of a statement:
   * rows (metric, k1, k2, province, place, n) of 'overdue' by kind | agency type | escalation level | case
   * state | key (k1) × risk (k2), and 'overdue_place' by kind | agency type × risk per place (`province`,
   * `place`: the commune code, '*' on a province's row, '' when missing). 'overdue' is read per province (grain
   * M) unless the area is a commune; 'overdue_place' per province over the whole country, else per commune.
   * Rows are not summed: a key may come several times (counted, and deltas not folded yet); grouping these
   * text keys in PostgreSQL cost more than the read itself (7k rows nationally: ~30 ms against ~5 ms), and the
   * reader adds every row anyway.
   */
  overdueSql(area: Area): { sql: string; params: ObjectLiteral } {
    const params: ObjectLiteral = { undated: UNDATED };
    const where = areaWhere(area, params);
    const columns = 'metric, k1, k2, province_code AS province, commune_code AS place, n::int AS n';
    return {
      sql: `${undatedCountSql(columns, 'overdue', area.level === JurisdictionLevel.COMMUNE ? 'D' : 'M', where)}
            UNION ALL
            ${undatedCountSql(columns, 'overdue_place', area.level === JurisdictionLevel.NATIONAL ? 'M' : 'D', where)}
            UNION ALL
            SELECT metric, k1, k2, province_code, commune_code, n FROM stat_delta WHERE metric IN ('overdue', 'overdue_place') AND day = CAST(:undated AS date)${where}`,
      params,
    };
  }

  /**
   * Undated counters of an area keyed by k1 × k2 as SQL to read with the rest of a statement: 'overdue_case'
   * (migration 1764870000001: cases with an obligation marked OVERDUE by assignee id or '' × risk|case state)
   * or 'overdue_due' (migration 1764870000002: obligations marked OVERDUE by the day they fell due × risk).
   * Rows (k1, k2, n) are not summed: a key may come from the counters and from deltas not folded yet. Read per
   * province (grain M) unless the area is a commune.
   */
  overdueKeysSql(metric: 'overdue_case' | 'overdue_due', area: Area): { sql: string; params: ObjectLiteral } {
    const params: ObjectLiteral = { undated: UNDATED };
    const where = areaWhere(area, params);
    return {
      sql: `${undatedCountSql('k1, k2, n::int AS n', metric, area.level === JurisdictionLevel.COMMUNE ? 'D' : 'M', where)}
            UNION ALL
            SELECT k1, k2, n FROM stat_delta WHERE metric = '${metric}' AND day = CAST(:undated AS date)${where}`,
      params,
    };
  }

  private async sum(manager: EntityManager, metrics: CounterMetric[], months: string[], dayRanges: { from: string; to: string }[], area: Area): Promise<CounterRow[]> {
    const q = sumSql(metrics, months, dayRanges, area);
    return q ? runNamed<CounterRow>(manager, q.sql, q.params) : [];
  }

  /**
   * The children figures of StatisticsRepository.children from the read models. A child named in one report
   * only (nearly all) is counted in the counters like a call or a report; the few named in several
   * (`stat_child.shared`) are grouped per person from their `stat_child` rows, as the from-scratch query groups
   * everyone. The counters count every supported child: those supported only after the period are taken off.
   */
  async children(manager: EntityManager, period: Period, area: Area): Promise<ChildrenPart[]> {
    // One after the other: the manager may be a transaction's, whose client runs one query at a time.
    const counted = await this.counters(manager, CHILD_METRICS, period, area);
    const shared = await this.sharedChildren(manager, period, area);
    const parts = new Map<string, ChildrenPart>();
    const add = (p: ChildrenPart) => {
      const k = `${p.part}|${p.key}|${p.sex}|${p.age_group}`;
      const had = parts.get(k);
      if (had) had.n += p.n;
      else parts.set(k, { ...p });
    };
    const sexAge = (k2: string) => k2.split('/') as [string, string];
    for (const c of counted) {
      if (c.metric === 'child_kid') {
        add({ part: 'kid', key: null, sex: c.k1, age_group: c.k2, n: c.n });
        add({ part: 'place', key: c.place, sex: null, age_group: null, n: c.n });
      } else if (c.metric === 'child_eth') add({ part: 'ethnicity', key: c.k1, sex: null, age_group: null, n: c.n });
      else if (c.metric === 'child_setting') add({ part: 'setting', key: c.k1, sex: null, age_group: null, n: c.n });
      else if (c.metric === 'child_abused') add({ part: 'abused', key: c.k1, sex: sexAge(c.k2)[0], age_group: sexAge(c.k2)[1], n: c.n });
      else if (c.metric === 'child_confirmed') add({ part: 'confirmed', key: null, sex: null, age_group: null, n: c.n });
      else if (c.metric === 'child_supported') add({ part: 'supported', key: null, sex: null, age_group: null, n: c.n });
      else if (c.metric === 'child_special') add({ part: 'special', key: null, sex: null, age_group: null, n: c.n });
      else if (c.metric === 'child_cell') add({ part: 'cell', key: c.k1, sex: sexAge(c.k2)[0], age_group: sexAge(c.k2)[1], n: c.n });
      else if (c.metric === 'child_cform') add({ part: 'confirmedForm', key: c.k1, sex: null, age_group: null, n: c.n });
    }
    for (const p of shared) add(p);
    const always = new Set(['confirmed', 'supported', 'special']);
    return [...parts.values()].filter((p) => p.n !== 0 || always.has(p.part));
  }

  /** The children parts of the shared children (grouped per person), and the supported-after-the-period correction. */
  private sharedChildren(manager: EntityManager, period: Period, area: Area): Promise<ChildrenPart[]> {
    const a = areaSql(area, 's.province_code', 's.commune_code');
    const inPeriod = `s.received_at >= :start AND s.received_at < :end AND ${a.sql}`;
    return runNamed<ChildrenPart>(
      manager,
      `WITH links AS MATERIALIZED (
         SELECT s.person_id, s.received_at, s.report_year, s.forms, s.setting, s.sex, s.birth_year, s.ethnicity, s.special, s.founded,
                s.supported_at < :end AS supported, ${placeBreakdownSql(area, 's.province_code', 's.commune_code')} AS place
           FROM stat_child s WHERE ${inPeriod} AND s.shared),
       kids AS MATERIALIZED (
         SELECT k.sex, k.age_group, k.ethnicity, k.confirmed, k.supported, k.special, k.setting, f.forms FROM (
           SELECT l.person_id, coalesce(l.sex, 'UNKNOWN') AS sex, ${ageGroupSql('min(l.report_year) - l.birth_year')} AS age_group,
                  l.ethnicity, bool_or(l.founded) AS confirmed, bool_or(l.supported IS TRUE) AS supported, l.special,
                  -- One setting per child: that of their first report in the period which says one.
                  (array_agg(l.setting ORDER BY l.setting = 'UNKNOWN', l.received_at))[1] AS setting
             FROM links l GROUP BY l.person_id, l.sex, l.birth_year, l.special, l.ethnicity) k
           JOIN (SELECT l.person_id, array_agg(DISTINCT x) AS forms FROM links l CROSS JOIN LATERAL unnest(l.forms) x GROUP BY l.person_id) f ON f.person_id = k.person_id),
       late AS (
         SELECT count(*)::int AS supported, count(*) FILTER (WHERE s.special)::int AS special
           FROM stat_child s WHERE ${inPeriod} AND s.supported_at IS NOT NULL AND NOT s.shared AND s.supported_at >= :end)
       SELECT 'cell' AS part, f.abuse_type AS key, k.sex, k.age_group, count(*)::int AS n FROM kids k CROSS JOIN LATERAL unnest(k.forms) AS f(abuse_type) GROUP BY 2, 3, 4
       UNION ALL SELECT 'confirmedForm', f.abuse_type, NULL, NULL, count(*)::int FROM kids k CROSS JOIN LATERAL unnest(k.forms) AS f(abuse_type) WHERE k.confirmed GROUP BY 2
       UNION ALL SELECT 'kid', NULL, k.sex, k.age_group, count(*)::int FROM kids k GROUP BY 3, 4
       UNION ALL SELECT 'confirmed', NULL, NULL, NULL, count(*)::int FROM kids WHERE confirmed
       UNION ALL SELECT 'supported', NULL, NULL, NULL, (SELECT count(*)::int FROM kids WHERE supported) - late.supported FROM late
       UNION ALL SELECT 'special', NULL, NULL, NULL, (SELECT count(*)::int FROM kids WHERE supported AND special) - late.special FROM late
       UNION ALL SELECT 'ethnicity', k.ethnicity, NULL, NULL, count(*)::int FROM kids k GROUP BY 2
       UNION ALL SELECT 'setting', k.setting, NULL, NULL, count(*)::int FROM kids k GROUP BY 2
       UNION ALL SELECT 'abused', k.setting, k.sex, k.age_group, count(*)::int FROM kids k WHERE k.confirmed GROUP BY 2, 3, 4
       UNION ALL SELECT 'place', l.place, NULL, NULL, count(DISTINCT l.person_id)::int FROM links l GROUP BY 2`,
      { start: period.start, end: period.end, ...a.params },
    );
  }

  /** Moves pending deltas into the counters (one folder at a time); how many counter rows it touched. */
  async fold(manager: EntityManager): Promise<number> {
    const [row] = await manager.query(`SELECT supervision_fold() AS n`);
    return Number(row.n);
  }

  /** Recomputes every read model from the transactional tables (writes to them wait meanwhile). */
  async rebuild(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT supervision_rebuild()`);
  }
}

/** The counters' condition for an area (added to `params`); '' for the whole country. */
/** The counters of `metrics` over whole months and day ranges of an area, summed per key and place (CounterRow). */
function sumSql(metrics: CounterMetric[], months: string[], dayRanges: { from: string; to: string }[], area: Area): { sql: string; params: ObjectLiteral } | null {
  const params: ObjectLiteral = { metrics, months };
  const where = areaWhere(area, params);
  const days = dayRanges.map((r, i) => {
    params[`from${i}`] = r.from;
    params[`to${i}`] = r.to;
    return { count: `bucket BETWEEN CAST(:from${i} AS date) AND CAST(:to${i} AS date)`, delta: `day BETWEEN CAST(:from${i} AS date) AND CAST(:to${i} AS date)` };
  });
  // Deltas are per day: a month read from grain M takes the deltas of all its days.
  const deltaDays = [...days.map((d) => d.delta), ...(months.length ? [`date_trunc('month', day)::date = ANY(CAST(:months AS date[]))`] : [])];
  const place = area.level === JurisdictionLevel.NATIONAL ? 'province_code' : 'commune_code';
  const parts = [
    ...(months.length
      ? [`SELECT metric, k1, k2, province_code, commune_code, n FROM stat_count WHERE metric = ANY(:metrics) AND grain = 'M' AND bucket = ANY(CAST(:months AS date[]))${where}`]
      : []),
    ...days.map((d) => `SELECT metric, k1, k2, province_code, commune_code, n FROM stat_count WHERE metric = ANY(:metrics) AND grain = 'D' AND ${d.count}${where}`),
    ...(deltaDays.length ? [`SELECT metric, k1, k2, province_code, commune_code, n FROM stat_delta WHERE metric = ANY(:metrics) AND (${deltaDays.join(' OR ')})${where}`] : []),
  ];
  if (parts.length === 0) return null;
  return {
    sql: `SELECT metric, k1, k2, CASE WHEN ${place} = '' THEN '${UNKNOWN_PLACE}' ELSE ${place} END AS place, sum(n)::int AS n
            FROM (${parts.join('\n UNION ALL ')}) x
           GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`,
    params,
  };
}

/** The folded rows of an undated counter at one grain, with `where` (areaWhere) narrowing them to an area. */
function undatedCountSql(columns: string, metric: string, grain: 'D' | 'M', where: string): string {
  return `SELECT ${columns} FROM stat_count WHERE metric = '${metric}' AND grain = '${grain}' AND bucket = CAST(:undated AS date)${where}`;
}

function areaWhere(area: Area, params: ObjectLiteral): string {
  if (area.level === JurisdictionLevel.PROVINCE) {
    params.areaProvince = area.provinceCode;
    return ' AND province_code = :areaProvince';
  }
  if (area.level === JurisdictionLevel.COMMUNE) {
    params.areaProvince = area.provinceCode;
    params.areaCommune = area.communeCode;
    // The commune's province narrows the index range; the commune decides.
    return area.provinceCode ? ' AND province_code = :areaProvince AND commune_code = :areaCommune' : ' AND commune_code = :areaCommune';
  }
  return '';
}
