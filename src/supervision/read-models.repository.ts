import { Injectable } from '@nestjs/common';
import { EntityManager, ObjectLiteral } from 'typeorm';
import { JurisdictionLevel } from '../identity/enums';
import { counterBuckets } from './read-models.rules';
import { runNamed } from './sql';
import { ChildrenPart } from './statistics.repository';
import { ageGroupSql, Area, areaSql, Period, placeBreakdownSql, UNKNOWN_PLACE, vietnamYearSql } from './statistics.rules';

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
   * report, with the facts of the report, the person and the report's case): the same grouping, without joins.
   */
  children(manager: EntityManager, period: Period, area: Area): Promise<ChildrenPart[]> {
    const a = areaSql(area, 's.province_code', 's.commune_code');
    const age = `${vietnamYearSql('min(l.received_at)')} - l.birth_year`;
    return runNamed<ChildrenPart>(
      manager,
      `WITH links AS MATERIALIZED (
         SELECT s.person_id, s.received_at, s.abuse_types, s.setting, s.sex, s.birth_year, s.ethnicity, s.special, s.founded,
                s.supported_at < :end AS supported, ${placeBreakdownSql(area, 's.province_code', 's.commune_code')} AS place
           FROM stat_child s
          WHERE s.received_at >= :start AND s.received_at < :end AND ${a.sql}),
       kid AS (
         SELECT l.person_id, coalesce(l.sex, 'UNKNOWN') AS sex, ${ageGroupSql(age)} AS age_group, coalesce(nullif(btrim(l.ethnicity), ''), 'UNKNOWN') AS ethnicity,
                bool_or(l.founded) AS confirmed,
                bool_or(l.supported IS TRUE) AS supported,
                l.special,
                -- One setting per child: that of their first report in the period which says one.
                (array_agg(l.setting ORDER BY l.setting = 'UNKNOWN', l.received_at))[1] AS setting
           FROM links l
          GROUP BY l.person_id, l.sex, l.birth_year, l.special, l.ethnicity),
       forms AS (
         SELECT DISTINCT l.person_id, f.abuse_type
           FROM links l CROSS JOIN LATERAL unnest(CASE WHEN cardinality(l.abuse_types) = 0 THEN ARRAY['OTHER']::text[] ELSE l.abuse_types END) AS f(abuse_type))
       SELECT 'cell' AS part, f.abuse_type AS key, k.sex, k.age_group, count(*)::int AS n FROM forms f JOIN kid k USING (person_id) GROUP BY f.abuse_type, k.sex, k.age_group
       UNION ALL SELECT 'kid', NULL, k.sex, k.age_group, count(*)::int FROM kid k GROUP BY k.sex, k.age_group
       UNION ALL SELECT 'confirmed', NULL, NULL, NULL, count(*)::int FROM kid WHERE confirmed
       UNION ALL SELECT 'confirmedForm', f.abuse_type, NULL, NULL, count(*)::int FROM forms f JOIN kid k USING (person_id) WHERE k.confirmed GROUP BY f.abuse_type
       UNION ALL SELECT 'supported', NULL, NULL, NULL, count(*)::int FROM kid WHERE supported
       UNION ALL SELECT 'special', NULL, NULL, NULL, count(*)::int FROM kid WHERE supported AND special
       UNION ALL SELECT 'ethnicity', k.ethnicity, NULL, NULL, count(*)::int FROM kid k GROUP BY k.ethnicity
       UNION ALL SELECT 'setting', k.setting, NULL, NULL, count(*)::int FROM kid k GROUP BY k.setting
       UNION ALL SELECT 'abused', k.setting, k.sex, k.age_group, count(*)::int FROM kid k WHERE k.confirmed GROUP BY k.setting, k.sex, k.age_group
       UNION ALL SELECT 'place', l.place, NULL, NULL, count(DISTINCT l.person_id)::int FROM links l GROUP BY l.place`,
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
