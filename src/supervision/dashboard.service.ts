import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '../common/access/principal';
import { Clock } from '../common/clock';
import { BadRequestError, ForbiddenError } from '../common/errors';
import { RiskLevel } from '../cases/enums';
import { communeName, provinceName } from '../geography/place-names';
import { DashboardRepository, OverdueFilter, wholeCountry } from './dashboard.repository';
import { OverdueQueryDto } from './dto/overdue-query.dto';
import { caseAgeDays, hoursOverdue, trendDays } from './overdue.rules';
import { ObligationsRepository } from './obligations.repository';
import { PlacesRepository } from './places.repository';
import { FigureSource } from './statistics.service';
import { resolveArea } from './statistics.rules';

export const TREND_DAYS = 30;

export interface OverdueItem {
  kind: string;
  deadlineId: string;
  /** What is due (the deadline policy key). */
  key: string;
  /** LEGAL: missing it breaks the law (legalBasis names the article); POLICY: our own target. */
  deadlineKind: string | null;
  legalBasis: string | null;
  dueAt: Date;
  hoursOverdue: number;
  escalationLevel: number;
  caseId: string;
  caseNumber: string;
  caseStatus: string;
  riskLevel: string;
  immediateDanger: boolean;
  provinceCode: string | null;
  communeCode: string | null;
  communeName: string | null;
  caseOpenedAt: Date;
  caseAgeDays: number;
  assignee: { id: string; username: string; fullName: string } | null;
  referral: { id: string; status: string; agencyId: string; agencyType: string; agencyName: string } | null;
}

export interface CaseloadEntry {
  worker: { id: string; username: string; fullName: string; role: string; active: boolean } | null;
  openCases: number;
  overdue: number;
  critical: number;
}

const count = (rows: { dim: string; key: string | null; n: number }[], dim: string) =>
  Object.fromEntries(rows.filter((r) => r.dim === dim).map((r) => [r.key ?? 'NONE', r.n])) as Record<string, number>;

/**
 * The overdue dashboard of a supervisor (product.md §7): what is past due in their jurisdiction, worst first,
 * its totals, the caseload per worker and the trend of overdue counts, all read through CaseAccessPolicy.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: DashboardRepository,
    private readonly obligations: ObligationsRepository,
    private readonly places: PlacesRepository,
    private readonly clock: Clock,
  ) {}

  /** `source`: the read models (every request), or the transactional tables (the check of the read models). */
  async overdue(principal: Principal, query: OverdueQueryDto, source: FigureSource = 'readModels') {
    // The pool, not a transaction: independent reads below run in parallel, each on its own connection.
    const pool = this.dataSource.manager;
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    if (query.provinceCode || query.communeCode) {
      const decision = resolveArea(principal, query, await this.places.facts(pool, query.provinceCode, query.communeCode));
      if (!decision.ok)
        throw decision.status === 403
          ? new ForbiddenError({ code: 'AREA_FORBIDDEN', text: decision.message })
          : new BadRequestError({ code: 'AREA_INVALID', text: decision.message });
    }
    const f: OverdueFilter = { provinceCode: query.provinceCode, communeCode: query.communeCode, agencyType: query.agencyType, risk: query.risk };
    const now = this.clock.now();
    const days = trendDays(now, TREND_DAYS);
    // In parallel on the pool (each query its own connection), never on one transaction's client.
    const repo = source === 'transactional' ? this.repo : this.obligations;
    const [{ items: rows, totals }, load, trend] = await Promise.all([
      repo.overdue(pool, principal, f, now, pageSize, (page - 1) * pageSize),
      repo.caseload(pool, principal, f, now),
      repo.trend(pool, principal, f, days, now),
    ]);
    const assigneeIds = load.map((l) => l.assignee_id).filter((x): x is string => !!x);
    const workers = await this.repo.workers(pool, principal, f, assigneeIds);
    const byPlace = (dim: string) => totals.filter((t) => t.dim === dim).sort((a, b) => b.n - a.n || String(a.key).localeCompare(String(b.key)));

    const items: OverdueItem[] = rows.map((r) => ({
      kind: r.kind,
      deadlineId: r.deadline_id,
      key: r.key,
      deadlineKind: r.deadline_kind,
      legalBasis: r.legal_basis,
      dueAt: r.due_at,
      hoursOverdue: hoursOverdue(r.due_at, now),
      escalationLevel: r.escalation_level,
      caseId: r.case_id,
      caseNumber: r.case_number,
      caseStatus: r.case_status,
      riskLevel: r.risk_level,
      immediateDanger: r.immediate_danger,
      provinceCode: r.province_code,
      communeCode: r.commune_code,
      communeName: r.commune_name,
      caseOpenedAt: r.opened_at,
      caseAgeDays: caseAgeDays(r.opened_at, now),
      assignee: r.assignee_id ? { id: r.assignee_id, username: r.assignee_username ?? '', fullName: r.assignee_full_name ?? '' } : null,
      referral: r.referral_id
        ? { id: r.referral_id, status: r.referral_status ?? '', agencyId: r.agency_id ?? '', agencyType: r.agency_type ?? '', agencyName: r.agency_name ?? '' }
        : null,
    }));

    const byId = new Map(workers.map((w) => [w.id, w]));
    const loadBy = new Map(load.map((l) => [l.assignee_id, l]));
    const caseload: CaseloadEntry[] = workers.map((w) => {
      const l = loadBy.get(w.id);
      return {
        worker: { id: w.id, username: w.username, fullName: w.full_name, role: w.role, active: w.active },
        openCases: l?.open_cases ?? 0,
        overdue: l?.overdue ?? 0,
        critical: l?.critical ?? 0,
      };
    });
    for (const l of load) if (l.assignee_id && !byId.has(l.assignee_id)) caseload.push({ worker: null, openCases: l.open_cases, overdue: l.overdue, critical: l.critical });
    caseload.sort((a, b) => b.overdue - a.overdue || b.critical - a.critical || b.openCases - a.openCases || (a.worker?.username ?? '').localeCompare(b.worker?.username ?? ''));
    const unassigned = loadBy.get(null);

    const total = totals.find((t) => t.dim === 'total')?.n ?? 0;
    return {
      generatedAt: now,
      filters: f,
      items,
      page,
      pageSize,
      total,
      totals: {
        items: total,
        cases: totals.find((t) => t.dim === 'cases')?.n ?? 0,
        byKind: count(totals, 'kind'),
        byKey: count(totals, 'key'),
        byEscalationLevel: count(totals, 'level'),
        byState: count(totals, 'state'),
        byRisk: orderedRisk(count(totals, 'risk')),
        byAgencyType: count(totals, 'agencyType'),
        byProvince: byPlace('province').map((t) => ({ provinceCode: t.key, provinceName: provinceName(t.key), count: t.n })),
        // Over the whole country, thousands of communes are no glance: narrow to a province to see them.
        byCommune: wholeCountry(principal, f) ? null : byPlace('commune').map((t) => ({ communeCode: t.key, communeName: communeName(t.key), count: t.n })),
      },
      caseload,
      unassigned: { openCases: unassigned?.open_cases ?? 0, overdue: unassigned?.overdue ?? 0, critical: unassigned?.critical ?? 0 },
      trend: trend.map((t) => ({ date: t.date, overdue: t.overdue, becameOverdue: t.became_overdue })),
    };
  }
}

function orderedRisk(byRisk: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of [RiskLevel.CRITICAL, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW]) if (byRisk[r]) out[r] = byRisk[r];
  return out;
}
