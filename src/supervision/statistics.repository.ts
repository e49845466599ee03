import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JurisdictionLevel } from '../identity/enums';
import { AgencyType, ReferralStatus } from '../kernel/enums';
import { DeadlineKey } from '../deadlines/enums';
import { Area, ageGroupSql, areaSql, Period, placeBreakdownSql, vietnamYearSql } from './statistics.rules';
import { runNamed } from './sql';

export interface CallCount {
  call_type: string;
  channel: string;
  n: number;
}

export interface ChildrenPart {
  part: 'cell' | 'kid' | 'confirmed' | 'confirmedForm' | 'supported' | 'special' | 'place' | 'ethnicity' | 'setting' | 'abused';
  /**
   * The form of abuse (cell, confirmedForm), the place (place), the ethnicity (ethnicity) or the setting of
   * the abuse (setting; abused: the confirmed children by sex × age group × setting, indicator 0101).
   */
  key: string | null;
  sex: string | null;
  age_group: string | null;
  n: number;
}

export interface TimelinessRow {
  key: DeadlineKey;
  met_in_time: number;
  met_late: number;
  overdue_open: number;
  pending: number;
  cancelled: number;
  median_hours: number | null;
}

/**
 * The SQL of the statistics: every figure is an aggregate over the period and area, computed in the database
 * from the raw rows (calls, reports, persons, cases, referrals, deadlines). Each area condition applies to the
 * place of the row counted: a report's location, a case's location, and for a call the location of the report
 * it made, else the province of the hotline that took it.
 */
@Injectable()
export class StatisticsRepository {
  calls(manager: EntityManager, period: Period, area: Area): Promise<CallCount[]> {
    const a = areaSql(area, `coalesce(r.province_code, CASE WHEN h.report_id IS NULL THEN h.hotline_province_code END)`, 'r.commune_code');
    return runNamed<CallCount>(
      manager,
      `SELECT h.call_type, h.channel, count(*)::int AS n
         FROM hotline_call h LEFT JOIN report r ON r.id = h.report_id
        WHERE h.started_at >= :start AND h.started_at < :end AND ${a.sql}
        GROUP BY h.call_type, h.channel`,
      { start: period.start, end: period.end, ...a.params },
    );
  }

  /** Reports received in the period by channel and by the next level of place down (see placeBreakdownSql). */
  reports(manager: EntityManager, period: Period, area: Area): Promise<{ channel: string; place: string; n: number; danger: number }[]> {
    const a = areaSql(area, 'r.province_code', 'r.commune_code');
    return runNamed(
      manager,
      `SELECT r.channel, ${placeBreakdownSql(area, 'r.province_code', 'r.commune_code')} AS place,
              count(*)::int AS n, count(*) FILTER (WHERE r.immediate_danger)::int AS danger
         FROM report r
        WHERE r.received_at >= :start AND r.received_at < :end AND ${a.sql}
        GROUP BY 1, 2`,
      { start: period.start, end: period.end, ...a.params },
    );
  }

  /**
   * Children named in the period's reports, each person counted once however many reports or cases name
   * them: by form of abuse × sex × age group (a child counts once under each form reported about them), the
   * children per sex × age group, and those confirmed (a founded assessment), supported (an approved plan or
   * an urgent measure by the end of the period) and, of those, in special circumstances. The age is the one
   * reached in the calendar year of the child's first report in the period. By place (the next level down), a
   * child reported in two places counts in each; by ethnicity as recorded (UNKNOWN when not).
   *
   * The children, persons and cases of the period's reports are each fetched once by key (an id array, one
   * index scan per table): joined by hash, a year of reports read the whole case_person, person and
   * protection_case tables. (Each array is used by one scan only; in a join condition it would be searched
   * once per outer row.)
   */
  children(manager: EntityManager, period: Period, area: Area): Promise<ChildrenPart[]> {
    const a = areaSql(area, 'r.province_code', 'r.commune_code');
    const age = `${vietnamYearSql('min(l.received_at)')} - p.birth_year`;
    return runNamed<ChildrenPart>(
      manager,
      `WITH reports AS MATERIALIZED (
         SELECT r.id, r.received_at, r.abuse_types, r.setting, r.case_id, ${placeBreakdownSql(area, 'r.province_code', 'r.commune_code')} AS place
           FROM report r
          WHERE r.received_at >= :start AND r.received_at < :end AND ${a.sql}),
       children AS MATERIALIZED (
         SELECT cp.person_id, cp.report_id FROM case_person cp
          WHERE cp.report_id = ANY(ARRAY(SELECT id FROM reports)) AND cp.role = 'CHILD'),
       links AS MATERIALIZED (
         SELECT ch.person_id, r.received_at, r.abuse_types, r.setting, r.case_id, r.place
           FROM reports r JOIN children ch ON ch.report_id = r.id),
       persons AS MATERIALIZED (
         SELECT p.id, p.sex, p.birth_year, p.circumstances, p.ethnicity FROM person p WHERE p.id = ANY(ARRAY(SELECT person_id FROM links))),
       cases AS MATERIALIZED (
         SELECT c.id, c.last_assessment_founded FROM protection_case c WHERE c.id = ANY(ARRAY(SELECT case_id FROM links))),
       supported AS (
         SELECT DISTINCT l.case_id FROM links l
          WHERE EXISTS (SELECT 1 FROM case_plan pl WHERE pl.case_id = l.case_id AND pl.decided_at IS NOT NULL AND pl.return_reason IS NULL AND pl.decided_at < :end)
             OR EXISTS (SELECT 1 FROM case_emergency_measure m WHERE m.case_id = l.case_id AND m.taken_at < :end)),
       kid AS (
         SELECT l.person_id, coalesce(p.sex, 'UNKNOWN') AS sex, ${ageGroupSql(age)} AS age_group, coalesce(nullif(btrim(p.ethnicity), ''), 'UNKNOWN') AS ethnicity,
                bool_or(c.last_assessment_founded IS TRUE) AS confirmed,
                bool_or(s.case_id IS NOT NULL) AS supported,
                cardinality(p.circumstances) > 0 AS special,
                -- One setting per child: that of their first report in the period which says one.
                (array_agg(l.setting ORDER BY l.setting = 'UNKNOWN', l.received_at))[1] AS setting
           FROM links l JOIN persons p ON p.id = l.person_id JOIN cases c ON c.id = l.case_id
           LEFT JOIN supported s ON s.case_id = l.case_id
          GROUP BY l.person_id, p.sex, p.birth_year, p.circumstances, p.ethnicity),
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

  /** Cases opened in the period (by risk) and closed in it (by closure reason; reopened ones no longer count). */
  cases(manager: EntityManager, period: Period, area: Area): Promise<{ part: 'opened' | 'closed'; key: string; n: number }[]> {
    const a = areaSql(area, 'c.province_code', 'c.commune_code');
    return runNamed(
      manager,
      `SELECT 'opened' AS part, c.risk_level AS key, count(*)::int AS n FROM protection_case c
        WHERE c.opened_at >= :start AND c.opened_at < :end AND ${a.sql} GROUP BY c.risk_level
       UNION ALL
       SELECT 'closed', coalesce(c.closure_reason, 'OTHER'), count(*)::int FROM protection_case c
        WHERE c.status = 'CLOSED' AND c.closed_at >= :start AND c.closed_at < :end AND ${a.sql} GROUP BY 2`,
      { start: period.start, end: period.end, ...a.params },
    );
  }

  /** Referrals sent in the period, by agency type and where they stand now. */
  referrals(manager: EntityManager, period: Period, area: Area): Promise<{ agency_type: AgencyType; status: ReferralStatus; n: number }[]> {
    const a = areaSql(area, 'c.province_code', 'c.commune_code');
    // Every referral has its case (NOT NULL, foreign key): the whole country needs no case row.
    const join = area.level === JurisdictionLevel.NATIONAL ? '' : 'JOIN protection_case c ON c.id = rf.case_id';
    return runNamed(
      manager,
      `SELECT rf.agency_type, rf.status, count(*)::int AS n
         FROM referral rf ${join}
        WHERE rf.sent_at >= :start AND rf.sent_at < :end AND ${a.sql}
        GROUP BY rf.agency_type, rf.status`,
      { start: period.start, end: period.end, ...a.params },
    );
  }

  /** Obligations started in the period, by key: kept in time, late, still overdue, pending; median hours to meet. */
  timeliness(manager: EntityManager, period: Period, area: Area, now: Date): Promise<TimelinessRow[]> {
    const a = areaSql(area, 'c.province_code', 'c.commune_code');
    return runNamed<TimelinessRow>(
      manager,
      `SELECT d.key,
              count(*) FILTER (WHERE d.status = 'MET' AND d.met_at <= d.due_at)::int AS met_in_time,
              count(*) FILTER (WHERE d.status = 'MET' AND d.met_at > d.due_at)::int AS met_late,
              count(*) FILTER (WHERE d.status IN ('PENDING','OVERDUE') AND d.due_at <= :now)::int AS overdue_open,
              count(*) FILTER (WHERE d.status IN ('PENDING','OVERDUE') AND d.due_at > :now)::int AS pending,
              count(*) FILTER (WHERE d.status = 'CANCELLED')::int AS cancelled,
              (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.met_at - d.started_at) / 3600) FILTER (WHERE d.status = 'MET'))::float8 AS median_hours
         FROM deadline d JOIN protection_case c ON c.id = d.case_id
        WHERE d.started_at >= :start AND d.started_at < :end AND ${a.sql}
        GROUP BY d.key`,
      { start: period.start, end: period.end, now, ...a.params },
    );
  }
}
