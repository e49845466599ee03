import { Injectable } from '@nestjs/common';
import { EntityManager, ObjectLiteral } from 'typeorm';
import { JurisdictionLevel } from '../identity/enums';
import { counterBuckets } from './read-models.rules';
import { runNamed } from './sql';
import { ChildrenPart } from './statistics.repository';
import { ageGroupSql, Area, areaSql, Period, placeBreakdownSql, UNKNOWN_PLACE } from './statistics.rules';

export type CounterMetric = 'call' | 'report' | 'opened' | 'closed' | 'referral' | 'caseload';

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
  caseload(manager: EntityManager, area: Area): Promise<CounterRow[]> {
    // The whole country and a province read grain M (per province); a commune reads grain D.
    return area.level === JurisdictionLevel.COMMUNE
      ? this.sum(manager, ['caseload'], [], [{ from: UNDATED, to: UNDATED }], area)
      : this.sum(manager, ['caseload'], [UNDATED], [], area);
  }

  private sum(manager: EntityManager, metrics: CounterMetric[], months: string[], dayRanges: { from: string; to: string }[], area: Area): Promise<CounterRow[]> {
    const params: ObjectLiteral = { metrics, months };
    let where = '';
    if (area.level === JurisdictionLevel.PROVINCE) {
      where = ' AND province_code = :areaProvince';
      params.areaProvince = area.provinceCode;
    } else if (area.level === JurisdictionLevel.COMMUNE) {
      // The commune's province narrows the index range; the commune decides.
      where = area.provinceCode ? ' AND province_code = :areaProvince AND commune_code = :areaCommune' : ' AND commune_code = :areaCommune';
      params.areaProvince = area.provinceCode;
      params.areaCommune = area.communeCode;
    }
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
    if (parts.length === 0) return Promise.resolve([]);
    return runNamed<CounterRow>(
      manager,
      `SELECT metric, k1, k2, CASE WHEN ${place} = '' THEN '${UNKNOWN_PLACE}' ELSE ${place} END AS place, sum(n)::int AS n
         FROM (${parts.join('\n UNION ALL ')}) x
        GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`,
      params,
    );
  }

  /**
   * The children figures of StatisticsRepository.children, from `stat_child` (one row per child named in a
   * report, with the facts of the report, the person and the report's case), in one pass. A child named in one
   * report only (nearly all) is one row as it stands; the rows of those named in several (`shared`) are grouped
   * per person first, as the from-scratch query groups everyone.
   */
  children(manager: EntityManager, period: Period, area: Area): Promise<ChildrenPart[]> {
    const a = areaSql(area, 's.province_code', 's.commune_code');
    const inPeriod = `s.received_at >= :start AND s.received_at < :end AND ${a.sql}`;
    const place = placeBreakdownSql(area, 's.province_code', 's.commune_code');
    return runNamed<ChildrenPart>(
      manager,
      `WITH links AS MATERIALIZED (
         SELECT s.person_id, s.received_at, s.report_year, s.forms, s.setting, s.sex, s.birth_year, s.ethnicity, s.special, s.founded,
                s.supported_at < :end AS supported, ${place} AS place
           FROM stat_child s WHERE ${inPeriod} AND s.shared),
       kids AS MATERIALIZED (
         SELECT coalesce(s.sex, 'UNKNOWN') AS sex, ${ageGroupSql('s.report_year - s.birth_year')} AS age_group, s.ethnicity,
                s.founded AS confirmed, s.supported_at < :end IS TRUE AS supported, s.special, s.setting, s.forms, ${place} AS place
           FROM stat_child s WHERE ${inPeriod} AND NOT s.shared
         UNION ALL
         SELECT k.sex, k.age_group, k.ethnicity, k.confirmed, k.supported, k.special, k.setting, f.forms, NULL FROM (
           SELECT l.person_id, coalesce(l.sex, 'UNKNOWN') AS sex, ${ageGroupSql('min(l.report_year) - l.birth_year')} AS age_group,
                  l.ethnicity, bool_or(l.founded) AS confirmed, bool_or(l.supported IS TRUE) AS supported, l.special,
                  -- One setting per child: that of their first report in the period which says one.
                  (array_agg(l.setting ORDER BY l.setting = 'UNKNOWN', l.received_at))[1] AS setting
             FROM links l GROUP BY l.person_id, l.sex, l.birth_year, l.special, l.ethnicity) k
           JOIN (SELECT l.person_id, array_agg(DISTINCT x) AS forms FROM links l CROSS JOIN LATERAL unnest(l.forms) x GROUP BY l.person_id) f ON f.person_id = k.person_id),
       by_kid AS (
         SELECT GROUPING(sex, age_group, ethnicity, setting, place) AS g, sex, age_group, ethnicity, setting, place, count(*)::int AS n,
                count(*) FILTER (WHERE confirmed)::int AS confirmed, count(*) FILTER (WHERE supported)::int AS supported,
                count(*) FILTER (WHERE supported AND special)::int AS special
           FROM kids GROUP BY GROUPING SETS ((sex, age_group), (ethnicity), (setting), (setting, sex, age_group), (place), ())),
       by_form AS (
         SELECT GROUPING(sex, age_group) AS g, f.abuse_type, sex, age_group, count(*)::int AS n, count(*) FILTER (WHERE confirmed)::int AS confirmed
           FROM kids CROSS JOIN LATERAL unnest(kids.forms) AS f(abuse_type)
          GROUP BY GROUPING SETS ((f.abuse_type, sex, age_group), (f.abuse_type)))
       SELECT 'cell' AS part, abuse_type AS key, sex, age_group, n FROM by_form WHERE g = 0
       UNION ALL SELECT 'confirmedForm', abuse_type, NULL, NULL, confirmed FROM by_form WHERE g = 3 AND confirmed > 0
       -- GROUPING bits of (sex, age_group, ethnicity, setting, place): 7 = (sex, age_group), 27 = (ethnicity),
       -- 29 = (setting), 5 = (setting, sex, age_group), 30 = (place), 31 = ().
       UNION ALL SELECT 'kid', NULL, sex, age_group, n FROM by_kid WHERE g = 7
       UNION ALL SELECT 'confirmed', NULL, NULL, NULL, confirmed FROM by_kid WHERE g = 31
       UNION ALL SELECT 'supported', NULL, NULL, NULL, supported FROM by_kid WHERE g = 31
       UNION ALL SELECT 'special', NULL, NULL, NULL, special FROM by_kid WHERE g = 31
       UNION ALL SELECT 'ethnicity', ethnicity, NULL, NULL, n FROM by_kid WHERE g = 27
       UNION ALL SELECT 'setting', setting, NULL, NULL, n FROM by_kid WHERE g = 29
       UNION ALL SELECT 'abused', setting, sex, age_group, confirmed FROM by_kid WHERE g = 5 AND confirmed > 0
       -- By place a child named in two places counts in each: the shared ones' places come from their links.
       UNION ALL SELECT 'place', place, NULL, NULL, sum(n)::int FROM (
                   SELECT place, n FROM by_kid WHERE g = 30 AND place IS NOT NULL
         UNION ALL SELECT l.place, count(DISTINCT l.person_id) FROM links l GROUP BY l.place) p
        GROUP BY place`,
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
