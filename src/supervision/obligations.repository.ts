import { Injectable } from '@nestjs/common';
import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CaseAccessPolicy } from '../cases/case-access.policy';
import { Principal } from '../common/access/principal';
import { JurisdictionLevel, Role } from '../identity/enums';
import { CaseloadRow, OverdueFilter, OverdueRow, OverdueTotal } from './dashboard.repository';
import { TrendBucket, TrendCount, TrendDay, trendFromBuckets, worstFirstSql } from './overdue.rules';
import { DAY_MS } from '../common/vietnam-time';
import { ReadModelsRepository } from './read-models.repository';
import { Area, Period } from './statistics.rules';
import { TimelinessRow } from './statistics.repository';
import { runNamed, unbound } from './sql';

/** Past due at `:now`: marked OVERDUE, or still PENDING when the reconciler has not fired it yet. */
const PAST_DUE = [`o.status = 'OVERDUE'`, `o.status = 'PENDING' AND o.due_at <= :now`];

/**
 * The overdue dashboard and the timeliness figures from the read models: `supervision_obligation` (one row per
 * deadline with its case's and referral's columns) and the open-case counters. The same answers as
 * DashboardRepository and StatisticsRepository.timeliness, which compute them from the transactional tables
 * (and check these in the read-model test). Scoping is CaseAccessPolicy's, applied to the obligation's case
 * columns (the projection exposes its case id as `id`).
 */
@Injectable()
export class ObligationsRepository {
  constructor(
    private readonly access: CaseAccessPolicy,
    private readonly counters: ReadModelsRepository,
  ) {}

  /**
   * The obligations the principal sees that meet one of `alternatives`, narrowed by the filters. The
   * alternatives are distributed over the place (CaseAccessPolicy.scopeEach), so a province reads its own rows
   * through the place indexes instead of every past-due row in the country.
   */
  private scoped(manager: EntityManager, principal: Principal, f: OverdueFilter, withAgency: boolean, alternatives: string[]): SelectQueryBuilder<ObjectLiteral> {
    const qb = manager.createQueryBuilder().from((sq) => sq.select('s.*').addSelect('s.case_id', 'id').from('supervision_obligation', 's'), 'o');
    this.access.scopeEach(qb, principal, 'o', alternatives);
    if (f.provinceCode) qb.andWhere('o.province_code = :fProvince', { fProvince: f.provinceCode });
    if (f.communeCode) qb.andWhere('o.commune_code = :fCommune', { fCommune: f.communeCode });
    if (f.risk) qb.andWhere('o.risk_level = :fRisk', { fRisk: f.risk });
    if (f.agencyType && withAgency) qb.andWhere(`o.subject_type = 'REFERRAL' AND o.agency_type = :fAgencyType`, { fAgencyType: f.agencyType });
    return qb;
  }

  async overdue(
    manager: EntityManager,
    principal: Principal,
    f: OverdueFilter,
    now: Date,
    limit: number,
    offset: number,
  ): Promise<{ items: OverdueRow[]; totals: OverdueTotal[] }> {
    // The overdue set carries only what the totals and the order need; the page's rows are read by key after.
    const qb = this.scoped(manager, principal, f, true, PAST_DUE).setParameter('now', now);
    qb.select('o.deadline_id', 'deadline_id')
      .addSelect('o.subject_type', 'kind')
      .addSelect('o.key', 'key')
      .addSelect('o.escalation_level', 'escalation_level')
      .addSelect('o.due_at', 'due_at')
      .addSelect('o.case_id', 'case_id')
      .addSelect('o.case_status', 'case_status')
      .addSelect('o.risk_level', 'risk_level')
      .addSelect('o.immediate_danger', 'immediate_danger')
      .addSelect('o.commune_code', 'commune_code')
      .addSelect(`CASE WHEN o.subject_type = 'REFERRAL' THEN o.agency_type END`, 'agency_type');
    const base = unbound(qb);
    const rows = await runNamed<OverdueRow & { totals: OverdueTotal[] }>(
      manager,
      `WITH o AS MATERIALIZED (${base.sql}),
       totals AS (
         -- The six small dimensions are grouped once by all six, and the grouping sets then read those few
         -- groups; the communes and the distinct cases, many, are counted apart (hashed, not sorted).
         SELECT coalesce(json_agg(t), '[]'::json) AS totals FROM (
                     SELECT 'total' AS dim, NULL AS key, count(*)::int AS n FROM o
           UNION ALL SELECT 'cases', NULL, count(*)::int FROM (SELECT DISTINCT case_id FROM o) c
           UNION ALL SELECT 'commune', commune_code, count(*)::int FROM o GROUP BY commune_code
           UNION ALL SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(key) = 0 THEN 'key' WHEN GROUPING(escalation_level) = 0 THEN 'level'
                                 WHEN GROUPING(case_status) = 0 THEN 'state' WHEN GROUPING(risk_level) = 0 THEN 'risk' ELSE 'agencyType' END,
                            coalesce(kind, key, escalation_level::text, case_status, risk_level, agency_type), sum(n)::int
                       FROM (SELECT kind, key, escalation_level, case_status, risk_level, agency_type, count(*) AS n
                               FROM o GROUP BY kind, key, escalation_level, case_status, risk_level, agency_type) g
                      GROUP BY GROUPING SETS ((kind), (key), (escalation_level), (case_status), (risk_level), (agency_type))
                     HAVING GROUPING(agency_type) = 1 OR agency_type IS NOT NULL) t),
       page AS (
         SELECT s.deadline_id, s.key, s.subject_type AS kind, s.deadline_kind, s.legal_basis, s.status AS deadline_status, s.started_at, s.due_at,
                s.escalation_level, s.case_id, s.case_number, s.case_status, s.risk_level, s.immediate_danger, s.province_code, s.commune_code,
                s.opened_at, s.assignee_id,
                CASE WHEN s.subject_type = 'REFERRAL' THEN s.subject_id END AS referral_id,
                CASE WHEN s.subject_type = 'REFERRAL' THEN s.referral_status END AS referral_status,
                CASE WHEN s.subject_type = 'REFERRAL' THEN s.agency_id END AS agency_id,
                CASE WHEN s.subject_type = 'REFERRAL' THEN s.agency_type END AS agency_type
           FROM (SELECT o.deadline_id FROM o ORDER BY ${worstFirstSql('o')} LIMIT :limit OFFSET :offset) k
           JOIN supervision_obligation s ON s.deadline_id = k.deadline_id)
       SELECT p.*, u.username AS assignee_username, u.full_name AS assignee_full_name, a.name AS agency_name, cm.name AS commune_name,
              CASE WHEN row_number() OVER (ORDER BY ${worstFirstSql('p')}) = 1 THEN totals.totals END AS totals
         FROM totals
         LEFT JOIN page p ON TRUE
         LEFT JOIN app_user u ON u.id = p.assignee_id
         LEFT JOIN agency a ON a.id = p.agency_id
         LEFT JOIN commune cm ON cm.code = p.commune_code
        ORDER BY ${worstFirstSql('p')}`,
      { ...base.params, now, limit, offset },
    );
    const items = rows.filter((r) => r.deadline_id !== null).map(({ totals: _totals, ...item }) => item);
    return { items, totals: rows[0]?.totals ?? [] };
  }

  /**
   * Open cases by assignee: the open-case counters of the area the principal sees, plus the open cases granted
   * to them outside it; "overdue" counts the open cases with a past-due obligation, from the projection.
   */
  async caseload(manager: EntityManager, principal: Principal, f: OverdueFilter, now: Date): Promise<CaseloadRow[]> {
    // Deny by default, as CaseAccessPolicy.scope.
    if (principal.role !== Role.CASE_WORKER && principal.role !== Role.SUPERVISOR) return [];
    const area = counterArea(principal, f);
    const byAssignee = new Map<string | null, CaseloadRow>();
    const row = (id: string | null) => {
      let r = byAssignee.get(id);
      if (!r) byAssignee.set(id, (r = { assignee_id: id, open_cases: 0, overdue: 0, critical: 0 }));
      return r;
    };
    if (area) {
      for (const c of await this.counters.caseload(manager, area)) {
        if (f.risk && c.k2 !== f.risk) continue;
        const r = row(c.k1 === '' ? null : c.k1);
        r.open_cases += c.n;
        if (c.k2 === 'CRITICAL') r.critical += c.n;
      }
    }
    // Cases granted to the principal outside their jurisdiction (the counters cover the jurisdiction).
    const granted: { assignee_id: string | null; open_cases: number; critical: number }[] = await runNamed(
      manager,
      `SELECT c.assignee_id, count(*)::int AS open_cases, count(*) FILTER (WHERE c.risk_level = 'CRITICAL')::int AS critical
         FROM protection_case c
        WHERE c.id = ANY(ARRAY(SELECT g.case_id FROM case_access_grant g WHERE g.grantee_id = :user AND g.revoked_at IS NULL AND g.expires_at > now()))
          AND c.status <> 'CLOSED' AND NOT ${insideSql(principal, 'c')}
          ${f.provinceCode ? 'AND c.province_code = :fProvince' : ''} ${f.communeCode ? 'AND c.commune_code = :fCommune' : ''} ${f.risk ? 'AND c.risk_level = :fRisk' : ''}
        GROUP BY c.assignee_id`,
      { user: principal.id, fProvince: f.provinceCode, fCommune: f.communeCode, fRisk: f.risk, ...insideParams(principal) },
    );
    for (const g of granted) {
      const r = row(g.assignee_id);
      r.open_cases += g.open_cases;
      r.critical += g.critical;
    }
    const qb = this.scoped(manager, principal, f, false, PAST_DUE).setParameter('now', now).andWhere(`o.case_status <> 'CLOSED'`);
    qb.select('o.assignee_id', 'assignee_id').addSelect('o.case_id', 'case_id').distinct(true);
    const base = unbound(qb);
    // Distinct (assignee, case) pairs first, hashed, then counted: cheaper than count(DISTINCT), which sorts.
    const overdue = await runNamed<{ assignee_id: string | null; overdue: number }>(
      manager,
      `SELECT d.assignee_id, count(*)::int AS overdue FROM (${base.sql}) d GROUP BY d.assignee_id`,
      base.params,
    );
    for (const o of overdue) row(o.assignee_id).overdue = o.overdue;
    return [...byAssignee.values()].filter((r) => r.open_cases > 0);
  }

  /**
   * Overdue counts at the end of each day (today: at `now`), from the projection (see DashboardRepository.trend).
   * Each obligation is placed in the day it fell due and the day it was met or cancelled; the days' counts
   * then follow from those few buckets (trendFromBuckets), instead of testing every row against every day.
   */
  async trend(manager: EntityManager, principal: Principal, f: OverdueFilter, days: TrendDay[], now: Date): Promise<TrendCount[]> {
    const qb = this.scoped(manager, principal, f, true, [`o.status IN ('PENDING','OVERDUE') AND o.due_at <= :now`, `o.resolved_at > :trendStart AND o.due_at <= :now`])
      .setParameter('now', now)
      .setParameter('trendStart', days[0].start);
    qb.select('o.due_at', 'due_at').addSelect('o.resolved_at', 'resolved_at');
    const base = unbound(qb);
    const day = (column: string) => `greatest(-1, ceil(extract(epoch FROM ${column} - CAST(:trendStart AS timestamptz)) / :daySeconds)::int - 1)`;
    const buckets = await runNamed<TrendBucket>(
      manager,
      `SELECT ${day('sd.due_at')} AS due_day,
              CASE WHEN sd.resolved_at IS NULL THEN :dayCount ELSE least(:dayCount, ${day('sd.resolved_at')}) END AS resolved_day,
              count(*)::int AS n,
              count(*) FILTER (WHERE sd.resolved_at IS NULL OR sd.resolved_at > sd.due_at)::int AS became
         FROM (${base.sql}) sd
        GROUP BY 1, 2`,
      { ...base.params, daySeconds: DAY_MS / 1000, dayCount: days.length },
    );
    return trendFromBuckets(days, buckets);
  }

  /** Obligations started in the period, by key (see StatisticsRepository.timeliness). */
  timeliness(manager: EntityManager, period: Period, area: Area, now: Date): Promise<TimelinessRow[]> {
    const place =
      area.level === JurisdictionLevel.NATIONAL ? 'TRUE' : area.level === JurisdictionLevel.PROVINCE ? 'o.province_code = :areaProvince' : 'o.commune_code = :areaCommune';
    return runNamed<TimelinessRow>(
      manager,
      `SELECT o.key,
              count(*) FILTER (WHERE o.status = 'MET' AND o.met_at <= o.due_at)::int AS met_in_time,
              count(*) FILTER (WHERE o.status = 'MET' AND o.met_at > o.due_at)::int AS met_late,
              count(*) FILTER (WHERE o.status IN ('PENDING','OVERDUE') AND o.due_at <= :now)::int AS overdue_open,
              count(*) FILTER (WHERE o.status IN ('PENDING','OVERDUE') AND o.due_at > :now)::int AS pending,
              count(*) FILTER (WHERE o.status = 'CANCELLED')::int AS cancelled,
              (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.met_at - o.started_at) / 3600) FILTER (WHERE o.status = 'MET'))::float8 AS median_hours
         FROM supervision_obligation o
        WHERE o.started_at >= :start AND o.started_at < :end AND ${place}
        GROUP BY o.key`,
      { start: period.start, end: period.end, now, areaProvince: area.provinceCode, areaCommune: area.communeCode },
    );
  }
}

/**
 * The area whose open-case counters a principal sees on the dashboard: their jurisdiction narrowed by the
 * filters (already checked to lie inside it); null for a role that sees no case through its place.
 */
function counterArea(principal: Principal, f: OverdueFilter): Area | null {
  if (f.communeCode) {
    if (principal.jurisdictionLevel === JurisdictionLevel.COMMUNE && principal.communeCode !== f.communeCode) return null;
    if (principal.jurisdictionLevel === JurisdictionLevel.PROVINCE && f.provinceCode && principal.provinceCode !== f.provinceCode) return null;
    return { level: JurisdictionLevel.COMMUNE, provinceCode: f.provinceCode ?? null, communeCode: f.communeCode };
  }
  if (f.provinceCode) {
    if (principal.jurisdictionLevel === JurisdictionLevel.COMMUNE) return null;
    if (principal.jurisdictionLevel === JurisdictionLevel.PROVINCE && principal.provinceCode !== f.provinceCode) return null;
    return { level: JurisdictionLevel.PROVINCE, provinceCode: f.provinceCode, communeCode: null };
  }
  return { level: principal.jurisdictionLevel, provinceCode: principal.provinceCode, communeCode: principal.communeCode };
}

function insideSql(principal: Principal, alias: string): string {
  switch (principal.jurisdictionLevel) {
    case JurisdictionLevel.NATIONAL:
      return 'TRUE';
    case JurisdictionLevel.PROVINCE:
      return `coalesce(${alias}.province_code = :inProvince, FALSE)`;
    default:
      return `coalesce(${alias}.commune_code = :inCommune, FALSE)`;
  }
}

function insideParams(principal: Principal): ObjectLiteral {
  return { inProvince: principal.provinceCode, inCommune: principal.communeCode };
}
