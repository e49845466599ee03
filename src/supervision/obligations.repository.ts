import { Injectable } from '@nestjs/common';
import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CaseAccessPolicy } from '../cases/case-access.policy';
import { Principal } from '../common/access/principal';
import { JurisdictionLevel, Role } from '../identity/enums';
import { CaseloadRow, OverdueFilter, OverdueRow, wholeCountry } from './dashboard.repository';
import { OverdueCounter, OverdueTotal, overdueTotals } from './overdue-totals.rules';
import { TrendBucket, TrendCount, TrendDay, trendFromBuckets, worstFirstSql } from './overdue.rules';
import { DAY_MS } from '../common/vietnam-time';
import { ReadModelsRepository } from './read-models.repository';
import { Area, Period } from './statistics.rules';
import { TimelinessRow } from './statistics.repository';
import { runNamed, unbound } from './sql';

type Bound = { sql: string; params: ObjectLiteral };
/** The named parameters of several arms of one statement (the same names hold the same values). */
const paramsOf = (arms: Bound[]): ObjectLiteral => arms.reduce<ObjectLiteral>((all, a) => ({ ...all, ...a.params }), {});
interface PastDueArms {
  overdueInPlace: Bound;
  pendingInPlace: Bound;
  grantedElsewhere: Bound;
}
const allOf = (a: PastDueArms): Bound[] => [a.overdueInPlace, a.pendingInPlace, a.grantedElsewhere];

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

  /** The projection (its case id also as `id`, for CaseAccessPolicy) narrowed by the dashboard's filters. */
  private filtered(manager: EntityManager, f: OverdueFilter, withAgency: boolean): SelectQueryBuilder<ObjectLiteral> {
    const qb = manager
      .createQueryBuilder()
      .from((sq) => sq.select('s.*').addSelect('s.case_id', 'id').from('supervision_obligation', 's'), 'o')
      .where('TRUE');
    if (f.provinceCode) qb.andWhere('o.province_code = :fProvince', { fProvince: f.provinceCode });
    if (f.communeCode) qb.andWhere('o.commune_code = :fCommune', { fCommune: f.communeCode });
    if (f.risk) qb.andWhere('o.risk_level = :fRisk', { fRisk: f.risk });
    if (f.agencyType && withAgency) qb.andWhere(`o.subject_type = 'REFERRAL' AND o.agency_type = :fAgencyType`, { fAgencyType: f.agencyType });
    return qb;
  }

  /**
   * The obligations in scope meeting one of `conditions`, as arms each read through its own index: one per
   * condition in the principal's place, and one for the cases granted outside it (few). The arms are disjoint
   * when the conditions are; each is a complete SELECT of `select`. Null for a role that sees no case this way.
   */
  private arms(manager: EntityManager, principal: Principal, f: OverdueFilter, withAgency: boolean, select: string, conditions: string[], params: ObjectLiteral): Bound[] | null {
    const parts = this.access.scopeParts(principal, 'o');
    if (!parts) return null;
    const arm = (where: string) =>
      unbound(
        this.filtered(manager, f, withAgency)
          .andWhere(where, { ...parts.params, ...params })
          .select(select),
      );
    const any = conditions.map((c) => `(${c})`).join(' OR ');
    return [...conditions.map((c) => arm(`${parts.place} AND ${c}`)), arm(`${parts.granted} AND NOT coalesce(${parts.place}, FALSE) AND (${any})`)];
  }

  /**
   * The past-due obligations in scope: those marked OVERDUE in the principal's place (the ones the counters
   * count), those still PENDING past their due time there (the firer has not marked them yet), and those of
   * cases granted outside the place.
   */
  private pastDueArms(manager: EntityManager, principal: Principal, f: OverdueFilter, withAgency: boolean, now: Date, select: string): PastDueArms | null {
    const arms = this.arms(manager, principal, f, withAgency, select, [`o.status = 'OVERDUE'`, `o.status = 'PENDING' AND o.due_at <= :now`], { now });
    if (!arms) return null;
    const [overdueInPlace, pendingInPlace, grantedElsewhere] = arms;
    return { overdueInPlace, pendingInPlace, grantedElsewhere };
  }

  /**
   * The page of past-due obligations, worst first, and the totals. The totals of what is marked OVERDUE in
   * the principal's area come from the overdue counters; the other arms are few and added row by row; the
   * distinct cases are read from an index. One query at a time: the manager may be a transaction's.
   */
  async overdue(
    manager: EntityManager,
    principal: Principal,
    f: OverdueFilter,
    now: Date,
    limit: number,
    offset: number,
  ): Promise<{ items: OverdueRow[]; totals: OverdueTotal[] }> {
    const ids = this.pastDueArms(manager, principal, f, true, now, 'o.case_id');
    const area = counterArea(principal, f);
    if (!ids || !area) return { items: [], totals: overdueTotals([], f, true) };
    const counted = this.counters.overdueSql(area);
    const notMarked = this.pastDueArms(manager, principal, f, true, now, 'o.deadline_id')!;
    // The cases of the marked rows: from the overdue-case counters, unless an agency type narrows the view (a
    // case has obligations of several kinds); then counted in case order from idx_obligation_overdue_cases.
    const cases = this.counters.overdueKeysSql('overdue_case', area);
    const markedCases = f.agencyType
      ? `(SELECT count(DISTINCT m.case_id) FROM (${ids.overdueInPlace.sql}) m)`
      : `(SELECT coalesce(sum(x.n), 0) FROM (${cases.sql}) x ${f.risk ? `WHERE split_part(x.k2, '|', 1) = :fRisk` : ''})`;
    // One statement, one snapshot: the counters, the past-due rows they do not hold (as the same facts), and
    // the distinct cases: those of the marked rows, then the few cases only the other arms have.
    const totals = await runNamed<OverdueCounter>(
      manager,
      `${counted.sql}
       UNION ALL
       SELECT f.metric, f.k1, f.k2, f.province_code, f.commune_code, 1 FROM supervision_overdue_facts(ARRAY(
         SELECT ROW(s.*)::supervision_obligation FROM supervision_obligation s
          WHERE s.deadline_id IN (${notMarked.pendingInPlace.sql} UNION ALL ${notMarked.grantedElsewhere.sql}))) f
        WHERE f.metric <> 'overdue_due'
       UNION ALL
       SELECT 'cases', '', '', '', '',
              ${markedCases}::int
              + (SELECT count(DISTINCT c.case_id) FROM (${ids.pendingInPlace.sql} UNION ALL ${ids.grantedElsewhere.sql}) c
                  WHERE NOT EXISTS (SELECT 1 FROM (${ids.overdueInPlace.sql}) m WHERE m.case_id = c.case_id))::int`,
      { ...counted.params, ...cases.params, ...paramsOf(allOf(ids)), ...paramsOf(allOf(notMarked)), fRisk: f.risk },
    );
    const order = this.pastDueArms(manager, principal, f, true, now, 'o.deadline_id, o.escalation_level, o.due_at, o.risk_level, o.immediate_danger')!;
    // The first pages of the marked ones come in order from idx_obligation_*_worst; the other arms are few.
    const items = await runNamed<OverdueRow>(
      manager,
      `WITH k AS (
         (${order.overdueInPlace.sql} ORDER BY ${worstFirstSql('o')} LIMIT :upTo)
         UNION ALL (${order.pendingInPlace.sql})
         UNION ALL (${order.grantedElsewhere.sql})),
       page AS (
         SELECT s.deadline_id, s.key, s.subject_type AS kind, s.deadline_kind, s.legal_basis, s.status AS deadline_status, s.started_at, s.due_at,
                s.escalation_level, s.case_id, s.case_number, s.case_status, s.risk_level, s.immediate_danger, s.province_code, s.commune_code,
                s.opened_at, s.assignee_id,
                CASE WHEN s.subject_type = 'REFERRAL' THEN s.subject_id END AS referral_id,
                CASE WHEN s.subject_type = 'REFERRAL' THEN s.referral_status END AS referral_status,
                CASE WHEN s.subject_type = 'REFERRAL' THEN s.agency_id END AS agency_id,
                CASE WHEN s.subject_type = 'REFERRAL' THEN s.agency_type END AS agency_type
           FROM (SELECT k.deadline_id FROM k ORDER BY ${worstFirstSql('k')} LIMIT :limit OFFSET :offset) p
           JOIN supervision_obligation s ON s.deadline_id = p.deadline_id)
       SELECT p.*, u.username AS assignee_username, u.full_name AS assignee_full_name, a.name AS agency_name, cm.name AS commune_name
         FROM page p
         LEFT JOIN app_user u ON u.id = p.assignee_id
         LEFT JOIN agency a ON a.id = p.agency_id
         LEFT JOIN commune cm ON cm.code = p.commune_code
        ORDER BY ${worstFirstSql('p')}`,
      { ...paramsOf(allOf(order)), upTo: offset + limit, limit, offset },
    );
    return { items, totals: overdueTotals(totals, f, !wholeCountry(principal, f)) };
  }

  /**
   * Open cases by assignee: the open-case counters of the area the principal sees, plus the open cases granted
   * to them outside it; "overdue" counts the open cases with a past-due obligation, from the projection. One
   * statement (three parts, one snapshot): a round trip each cost more than reading the parts.
   */
  async caseload(manager: EntityManager, principal: Principal, f: OverdueFilter, now: Date): Promise<CaseloadRow[]> {
    // Deny by default, as CaseAccessPolicy.scope.
    if (principal.role !== Role.CASE_WORKER && principal.role !== Role.SUPERVISOR) return [];
    const area = counterArea(principal, f);
    const counted = area ? this.counters.caseloadSql(area) : null;
    const cases = area ? this.counters.overdueKeysSql('overdue_case', area) : null;
    // The cases with a past-due obligation per assignee (a case has one assignee): those of the marked rows
    // from the overdue-case counters (k2: risk|case state), then the few only the other arms have.
    const pairs = this.pastDueArms(manager, principal, { ...f, agencyType: undefined }, false, now, 'o.assignee_id, o.case_id')!;
    const open = ` AND o.case_status <> 'CLOSED'`;
    const parts: { assignee: string | null; open_cases: number; critical: number; overdue: number }[] = await runNamed(
      manager,
      `${counted ? `SELECT nullif(x.k1, '') AS assignee, x.n AS open_cases, CASE WHEN x.k2 = 'CRITICAL' THEN x.n ELSE 0 END AS critical, 0 AS overdue FROM (${counted.sql}) x ${f.risk ? 'WHERE x.k2 = :fRisk' : ''} UNION ALL` : ''}
         -- Cases granted to the principal outside their jurisdiction (the counters cover the jurisdiction).
         SELECT c.assignee_id::text AS assignee, count(*)::int AS open_cases,
                count(*) FILTER (WHERE c.risk_level = 'CRITICAL')::int AS critical, 0 AS overdue
           FROM protection_case c
          WHERE c.id = ANY(ARRAY(SELECT g.case_id FROM case_access_grant g WHERE g.grantee_id = :user AND g.revoked_at IS NULL AND g.expires_at > now()))
            AND c.status <> 'CLOSED' AND NOT ${insideSql(principal, 'c')}
            ${f.provinceCode ? 'AND c.province_code = :fProvince' : ''} ${f.communeCode ? 'AND c.commune_code = :fCommune' : ''} ${f.risk ? 'AND c.risk_level = :fRisk' : ''}
          GROUP BY c.assignee_id
         ${
           cases
             ? `UNION ALL
         SELECT nullif(x.k1, ''), 0, 0, sum(x.n)::int FROM (${cases.sql}) x
          WHERE split_part(x.k2, '|', 2) <> 'CLOSED' ${f.risk ? `AND split_part(x.k2, '|', 1) = :fRisk` : ''}
          GROUP BY x.k1`
             : ''
         }
         UNION ALL
         SELECT d.assignee_id::text, 0, 0, count(DISTINCT d.case_id)::int
           FROM (${pairs.pendingInPlace.sql}${open} UNION ALL ${pairs.grantedElsewhere.sql}${open}) d
          WHERE NOT EXISTS (SELECT 1 FROM (${pairs.overdueInPlace.sql}${open}) m WHERE m.case_id = d.case_id)
          GROUP BY d.assignee_id`,
      {
        ...(counted?.params ?? {}),
        ...(cases?.params ?? {}),
        user: principal.id,
        fProvince: f.provinceCode,
        fCommune: f.communeCode,
        fRisk: f.risk,
        ...insideParams(principal),
        ...paramsOf(allOf(pairs)),
      },
    );
    const byAssignee = new Map<string | null, CaseloadRow>();
    const row = (id: string | null) => {
      let r = byAssignee.get(id);
      if (!r) byAssignee.set(id, (r = { assignee_id: id, open_cases: 0, overdue: 0, critical: 0 }));
      return r;
    };
    for (const p of parts) {
      const r = row(p.assignee);
      r.open_cases += p.open_cases;
      r.critical += p.critical;
      r.overdue += p.overdue;
    }
    return [...byAssignee.values()].filter((r) => r.open_cases > 0);
  }

  /**
   * Overdue counts at the end of each day (today: at `now`), from the read models (see DashboardRepository.trend).
   * Each obligation is placed in the day it fell due and the day it was met or cancelled, the marked ones by
   * their counters; the days' counts then follow from those few buckets (trendFromBuckets), instead of testing
   * every row against every day.
   */
  async trend(manager: EntityManager, principal: Principal, f: OverdueFilter, days: TrendDay[], now: Date): Promise<TrendCount[]> {
    const params = { now, trendStart: days[0].start };
    const open = `o.status IN ('PENDING','OVERDUE') AND o.due_at <= :now`;
    const resolvedSince = `o.resolved_at > :trendStart AND o.due_at <= :now`;
    const area = counterArea(principal, f);
    // The obligations marked OVERDUE in the area come from the counters by the day they fell due, unless an
    // agency type narrows the view (the counters do not hold it). The rest are read row by row: past due but
    // not marked yet, met or cancelled since the first day, and those of cases granted elsewhere (disjoint arms).
    const counted = area && !f.agencyType ? this.counters.overdueKeysSql('overdue_due', area) : null;
    const arms = counted
      ? this.arms(manager, principal, f, true, 'o.due_at, o.resolved_at', [`o.status = 'PENDING' AND o.due_at <= :now`, resolvedSince, `o.status = 'OVERDUE'`], params)
      : this.arms(manager, principal, f, true, 'o.due_at, o.resolved_at', [open, resolvedSince], params);
    if (!arms) return trendFromBuckets(days, []);
    // Without the marked ones in the area (the third condition's own arm): the granted arm still holds them.
    const [pendingInPlace, resolvedInPlace, , grantedElsewhere] = arms;
    const rows = counted ? [pendingInPlace, resolvedInPlace, grantedElsewhere] : arms;
    // date_part is double precision (exact to the microsecond over these spans); extract's numeric cost about
    // 40 % of the statement at 29,000 rows.
    const day = (column: string) => `greatest(-1, ceil(date_part('epoch', ${column} - CAST(:trendStart AS timestamptz)) / :daySeconds)::int - 1)`;
    const buckets = await runNamed<TrendBucket>(
      manager,
      `${
        counted
          ? `SELECT greatest(-1, CAST(x.k1 AS date) - CAST(:firstDay AS date)) AS due_day, CAST(:dayCount AS int) AS resolved_day, sum(x.n)::int AS n, sum(x.n)::int AS became
               FROM (${counted.sql}) x ${f.risk ? 'WHERE x.k2 = :fRisk' : ''}
              GROUP BY 1
             UNION ALL `
          : ''
      }SELECT ${day('sd.due_at')} AS due_day,
              CASE WHEN sd.resolved_at IS NULL THEN :dayCount ELSE least(:dayCount, ${day('sd.resolved_at')}) END AS resolved_day,
              count(*)::int AS n,
              count(*) FILTER (WHERE sd.resolved_at IS NULL OR sd.resolved_at > sd.due_at)::int AS became
         FROM (${rows.map((a) => a.sql).join(' UNION ALL ')}) sd
        GROUP BY 1, 2`,
      { ...(counted?.params ?? {}), ...paramsOf(arms), firstDay: days[0].date, fRisk: f.risk, daySeconds: DAY_MS / 1000, dayCount: days.length },
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
    // A commune's own province narrows nothing.
    if (principal.jurisdictionLevel === JurisdictionLevel.COMMUNE)
      return principal.provinceCode === f.provinceCode ? { level: JurisdictionLevel.COMMUNE, provinceCode: f.provinceCode, communeCode: principal.communeCode } : null;
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
