import { Injectable } from '@nestjs/common';
import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CaseAccessPolicy } from '../cases/case-access.policy';
import { Case } from '../cases/case.entity';
import { jurisdictionSql } from '../common/access/jurisdiction.rules';
import { Principal } from '../common/access/principal';
import { Deadline } from '../deadlines/deadline.entity';
import { JurisdictionLevel } from '../identity/enums';
import { Referral } from '../referrals/referral.entity';
import { OverdueTotal } from './overdue-totals.rules';
import { TrendCount, TrendDay, worstFirstSql } from './overdue.rules';
import { runNamed, unbound } from './sql';

export interface OverdueFilter {
  provinceCode?: string;
  communeCode?: string;
  agencyType?: string;
  risk?: string;
}

export interface OverdueRow {
  deadline_id: string;
  key: string;
  kind: string;
  deadline_kind: string | null;
  legal_basis: string | null;
  deadline_status: string;
  started_at: Date;
  due_at: Date;
  escalation_level: number;
  case_id: string;
  case_number: string;
  case_status: string;
  risk_level: string;
  immediate_danger: boolean;
  province_code: string | null;
  commune_code: string | null;
  commune_name: string | null;
  opened_at: Date;
  assignee_id: string | null;
  assignee_username: string | null;
  assignee_full_name: string | null;
  referral_id: string | null;
  referral_status: string | null;
  agency_id: string | null;
  agency_type: string | null;
  agency_name: string | null;
}

export interface CaseloadRow {
  assignee_id: string | null;
  open_cases: number;
  overdue: number;
  critical: number;
}

export interface WorkerRow {
  id: string;
  username: string;
  full_name: string;
  role: string;
  province_code: string | null;
  commune_code: string | null;
  active: boolean;
}

/** Past due at `:now`: marked OVERDUE, or still PENDING when the reconciler has not fired it yet. */
const PAST_DUE = `(d.status = 'OVERDUE' OR (d.status = 'PENDING' AND d.due_at <= :now))`;

/** A view of the whole country: a national principal without a province or commune filter. */
export function wholeCountry(principal: Principal, f: OverdueFilter): boolean {
  return principal.jurisdictionLevel === JurisdictionLevel.NATIONAL && !f.provinceCode && !f.communeCode;
}

/**
 * The SQL of the overdue dashboard. Every query starts from a query builder scoped by CaseAccessPolicy (the
 * policy of the cases list) and is aggregated in the database: one statement per panel (the items and their
 * counts share one), no per-row queries.
 */
@Injectable()
export class DashboardRepository {
  constructor(private readonly access: CaseAccessPolicy) {}

  /**
   * Deadlines past due of the cases the principal may see, with the columns the panels need. It reads the
   * past-due deadlines and their referrals from the CTEs `past_due` and `past_due_referral` (see `overdue`,
   * which fetches the referrals by primary key in one index scan), and fetches their cases by primary key too
   * when no place narrows the view (a national supervisor without a place filter), where a hash join would read
   * the whole case table for a few thousand rows; a place is narrower through the case place indexes.
   */
  private overdueBase(manager: EntityManager, principal: Principal, f: OverdueFilter): { sql: string; params: ObjectLiteral } {
    const qb = manager
      .createQueryBuilder()
      .from('past_due', 'd')
      .innerJoin(Case, 'c', `c.id = d.case_id${wholeCountry(principal, f) ? ' AND c.id = ANY(ARRAY(SELECT pd.case_id FROM past_due pd))' : ''}`)
      .leftJoin('past_due_referral', 'rf', `rf.id = d.subject_id AND d.subject_type = 'REFERRAL'`);
    this.access.scope(qb, principal, 'c');
    this.filter(qb, f, true);
    qb.select('d.id', 'deadline_id')
      .addSelect('d.key', 'key')
      .addSelect('d.subject_type', 'kind')
      .addSelect(`d.policy->>'kind'`, 'deadline_kind')
      .addSelect(`d.policy->>'legalBasis'`, 'legal_basis')
      .addSelect('d.status', 'deadline_status')
      .addSelect('d.started_at', 'started_at')
      .addSelect('d.due_at', 'due_at')
      .addSelect('d.escalation_level', 'escalation_level')
      .addSelect('c.id', 'case_id')
      .addSelect('c.case_number', 'case_number')
      .addSelect('c.status', 'case_status')
      .addSelect('c.risk_level', 'risk_level')
      .addSelect('c.immediate_danger', 'immediate_danger')
      .addSelect('c.province_code', 'province_code')
      .addSelect('c.commune_code', 'commune_code')
      .addSelect('c.opened_at', 'opened_at')
      .addSelect('c.assignee_id', 'assignee_id')
      .addSelect('rf.id', 'referral_id')
      .addSelect('rf.status', 'referral_status')
      .addSelect('rf.agency_id', 'agency_id')
      .addSelect('rf.agency_type', 'agency_type');
    return unbound(qb);
  }

  private filter(qb: SelectQueryBuilder<ObjectLiteral>, f: OverdueFilter, withAgency: boolean): void {
    if (f.provinceCode) qb.andWhere('c.province_code = :fProvince', { fProvince: f.provinceCode });
    if (f.communeCode) qb.andWhere('c.commune_code = :fCommune', { fCommune: f.communeCode });
    if (f.risk) qb.andWhere('c.risk_level = :fRisk', { fRisk: f.risk });
    if (f.agencyType && withAgency) qb.andWhere(`d.subject_type = 'REFERRAL' AND rf.agency_type = :fAgencyType`, { fAgencyType: f.agencyType });
  }

  /**
   * One page of overdue items, worst first (with assignee, agency and commune names), and the counts of all
   * the overdue items by dimension. One statement: the scoped overdue set is computed once and both the page
   * and the counts are read from it. The counts travel as JSON (integers and text only) on the first row; an
   * empty page still returns that one row.
   */
  async overdue(
    manager: EntityManager,
    principal: Principal,
    f: OverdueFilter,
    now: Date,
    limit: number,
    offset: number,
  ): Promise<{ items: OverdueRow[]; totals: OverdueTotal[] }> {
    const base = this.overdueBase(manager, principal, f);
    const rows = await runNamed<OverdueRow & { totals: OverdueTotal[] }>(
      manager,
      `WITH past_due AS MATERIALIZED (SELECT d.* FROM deadline d WHERE ${PAST_DUE}),
       past_due_referral AS MATERIALIZED (
         SELECT rf.id, rf.status, rf.agency_id, rf.agency_type FROM referral rf
          WHERE rf.id = ANY(ARRAY(SELECT pd.subject_id FROM past_due pd WHERE pd.subject_type = 'REFERRAL'))),
       o AS MATERIALIZED (${base.sql}),
       totals AS (
         SELECT coalesce(json_agg(t), '[]'::json) AS totals FROM (
                     SELECT 'total' AS dim, NULL AS key, count(*)::int AS n FROM o
           UNION ALL SELECT 'cases', NULL, count(DISTINCT case_id)::int FROM o
           UNION ALL SELECT 'kind', kind, count(*)::int FROM o GROUP BY kind
           UNION ALL SELECT 'key', key, count(*)::int FROM o GROUP BY key
           UNION ALL SELECT 'level', escalation_level::text, count(*)::int FROM o GROUP BY escalation_level
           UNION ALL SELECT 'state', case_status, count(*)::int FROM o GROUP BY case_status
           UNION ALL SELECT 'risk', risk_level, count(*)::int FROM o GROUP BY risk_level
           UNION ALL SELECT 'agencyType', agency_type, count(*)::int FROM o WHERE agency_type IS NOT NULL GROUP BY agency_type
           UNION ALL SELECT 'province', province_code, count(*)::int FROM o GROUP BY province_code
           ${wholeCountry(principal, f) ? '' : `UNION ALL SELECT 'commune', commune_code, count(*)::int FROM o GROUP BY commune_code`}) t),
       page AS (SELECT o.* FROM o ORDER BY ${worstFirstSql('o')} LIMIT :limit OFFSET :offset)
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
   * Open cases the principal may see, by assignee: how many, how many with something overdue, how many critical.
   * "Something overdue": for the whole country a join with the set of cases that have a past-due deadline
   * (read once, each case once) rather than a probe of the deadline index per open case (hundreds of
   * thousands); for a province or commune the probes of its own open cases are fewer than that set.
   */
  async caseload(manager: EntityManager, principal: Principal, f: OverdueFilter, now: Date): Promise<CaseloadRow[]> {
    const qb = manager.createQueryBuilder().from(Case, 'c').where(`c.status <> 'CLOSED'`);
    this.access.scope(qb, principal, 'c');
    this.filter(qb, f, false);
    qb.select('c.id', 'id').addSelect('c.assignee_id', 'assignee_id').addSelect('c.risk_level', 'risk_level');
    const base = unbound(qb);
    return runNamed<CaseloadRow>(
      manager,
      wholeCountry(principal, f)
        ? `WITH sc AS (${base.sql}),
                od AS (SELECT DISTINCT d.case_id FROM deadline d WHERE ${PAST_DUE})
           SELECT sc.assignee_id, count(*)::int AS open_cases,
                  count(od.case_id)::int AS overdue,
                  count(*) FILTER (WHERE sc.risk_level = 'CRITICAL')::int AS critical
             FROM sc LEFT JOIN od ON od.case_id = sc.id GROUP BY sc.assignee_id`
        : `WITH sc AS (${base.sql})
           SELECT sc.assignee_id, count(*)::int AS open_cases,
                  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM deadline d WHERE d.case_id = sc.id AND ${PAST_DUE}))::int AS overdue,
                  count(*) FILTER (WHERE sc.risk_level = 'CRITICAL')::int AS critical
             FROM sc GROUP BY sc.assignee_id`,
      { ...base.params, now },
    );
  }

  /**
   * The people a caseload names: the assignees found, and the active case workers of the jurisdiction (or of
   * the filtered place) so that someone with no cases shows as free to take one. A national view without a
   * place filter lists assignees only.
   */
  async workers(manager: EntityManager, principal: Principal, f: OverdueFilter, assigneeIds: string[]): Promise<WorkerRow[]> {
    let place: { sql: string; params: ObjectLiteral } | null = null;
    if (f.communeCode) place = { sql: 'u.commune_code = :wCommune', params: { wCommune: f.communeCode } };
    else if (f.provinceCode) place = { sql: 'u.province_code = :wProvince', params: { wProvince: f.provinceCode } };
    else if (principal.jurisdictionLevel !== JurisdictionLevel.NATIONAL) place = jurisdictionSql(principal, 'u', 'w');
    const jur = jurisdictionSql(principal, 'u', 'wj');
    const staff = place ? `(u.role = 'CASE_WORKER' AND u.active AND ${jur.sql} AND ${place.sql})` : 'FALSE';
    return runNamed<WorkerRow>(
      manager,
      `SELECT u.id, u.username, u.full_name, u.role, u.province_code, u.commune_code, u.active FROM app_user u
        WHERE u.id = ANY(CAST(:ids AS uuid[])) OR ${staff}`,
      { ids: assigneeIds, ...jur.params, ...(place?.params ?? {}) },
    );
  }

  /**
   * Overdue counts at the end of each day (today: at `now`), from the deadline rows: an item counts on a day
   * when its due time had passed and it was neither met nor cancelled by then.
   */
  async trend(manager: EntityManager, principal: Principal, f: OverdueFilter, days: TrendDay[], now: Date): Promise<TrendCount[]> {
    const qb = manager
      .createQueryBuilder()
      .from(Deadline, 'd')
      .innerJoin(Case, 'c', 'c.id = d.case_id')
      .leftJoin(Referral, 'rf', `rf.id = d.subject_id AND d.subject_type = 'REFERRAL'`)
      .where('d.due_at <= :now', { now })
      .andWhere(`(d.status IN ('PENDING','OVERDUE') OR coalesce(d.met_at, d.cancelled_at) > :trendStart)`, { trendStart: days[0].start });
    this.access.scope(qb, principal, 'c');
    this.filter(qb, f, true);
    qb.select('d.due_at', 'due_at').addSelect('coalesce(d.met_at, d.cancelled_at)', 'resolved_at');
    const base = unbound(qb);
    // One pass over the deadlines with two counters per day (FILTERs), rather than two scans of them per day.
    const params: ObjectLiteral = { ...base.params };
    const counters = days.map((d, i) => {
      params[`dayStart${i}`] = d.start;
      params[`dayAt${i}`] = d.at;
      return `count(*) FILTER (WHERE sd.due_at <= :dayAt${i} AND (sd.resolved_at IS NULL OR sd.resolved_at > :dayAt${i}))::int AS overdue_${i},
              count(*) FILTER (WHERE sd.due_at > :dayStart${i} AND sd.due_at <= :dayAt${i} AND (sd.resolved_at IS NULL OR sd.resolved_at > sd.due_at))::int AS became_${i}`;
    });
    const [row] = await runNamed<Record<string, number>>(manager, `SELECT ${counters.join(',\n              ')} FROM (${base.sql}) sd`, params);
    return days.map((d, i) => ({ date: d.date, overdue: row[`overdue_${i}`], became_overdue: row[`became_${i}`] }));
  }
}
