import { Injectable } from '@nestjs/common';
import { Principal } from '../common/access/principal';
import { DashboardService } from '../supervision/dashboard.service';
import { StatisticsService } from '../supervision/statistics.service';
import { OverdueQueryDto } from '../supervision/dto/overdue-query.dto';
import { StatisticsQueryDto } from '../supervision/dto/statistics-query.dto';
import { DomainError } from '../common/errors';
import { BarDatum } from './charts';
import { PageContext } from './layout';
import { DashboardModel, StatisticsModel } from './pages/supervisor.pages';

const bars = (counts: Record<string, number>, label: (key: string) => string, tone?: (key: string) => string): BarDatum[] =>
  Object.entries(counts).map(([k, n]) => ({ label: label(k), value: n, tone: tone?.(k) }));

/**
 * The supervisor's screens, drawn from the supervision services: the overdue dashboard and the statistics are
 * computed there (jurisdiction scoping, indicators, exports); this class only turns them into chart data.
 */
@Injectable()
export class WebDashboard {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly statisticsService: StatisticsService,
  ) {}

  async overdue(user: Principal, ctx: PageContext): Promise<DashboardModel> {
    const { t } = ctx;
    const d = await this.dashboard.overdue(user, Object.assign(new OverdueQueryDto(), { page: 1, pageSize: 100 }));
    const dayLabel = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}`;
    return {
      items: d.items.map((i) => ({
        subjectType: i.kind,
        key: i.key,
        deadlineKind: i.deadlineKind,
        legalBasis: i.legalBasis,
        caseId: i.caseId,
        caseNumber: i.caseNumber,
        referralId: i.referral?.id ?? null,
        dueAt: i.dueAt,
        overdueHours: i.hoursOverdue,
        escalationLevel: i.escalationLevel,
        assignee: i.assignee?.username ?? null,
        agency: i.referral ? i.referral.agencyName : null,
        riskLevel: i.riskLevel,
        immediateDanger: i.immediateDanger,
      })),
      total: d.total,
      byState: bars(d.totals.byState, (k) => t(`casestatus.${k}`)),
      byRisk: bars(
        d.totals.byRisk,
        (k) => t(`risk.${k}`),
        (k) => `risk-${k}`,
      ),
      byAgency: bars(d.totals.byAgencyType, (k) => t(`agency.${k}`)),
      // The last two weeks keep the chart readable; the API gives the whole trend.
      trend: d.trend.slice(-14).map((p) => ({ label: dayLabel(p.date), value: p.overdue })),
      caseload: d.caseload.map((c) => ({
        username: c.worker?.username ?? '',
        fullName: c.worker?.fullName ?? t('common.unknown'),
        open: c.openCases,
        overdue: c.overdue,
        critical: c.critical,
      })),
    };
  }

  async statistics(user: Principal, ctx: PageContext, query: Record<string, unknown>, provinces: { code: string; name: string }[]): Promise<StatisticsModel> {
    const { t } = ctx;
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 20) : undefined);
    const dto = Object.assign(new StatisticsQueryDto(), { from: text(query.from), to: text(query.to), provinceCode: text(query.provinceCode) });
    const exportQuery = (from: string, to: string) => new URLSearchParams({ from, to, ...(dto.provinceCode ? { provinceCode: dto.provinceCode } : {}) }).toString();
    const base = { provinceCode: dto.provinceCode ?? '', provinces };
    let s;
    try {
      s = await this.statisticsService.compute(user, dto);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const from = dto.from ?? '';
      const to = dto.to ?? '';
      return { ...base, from, to, groups: [], figures: [], exportQuery: exportQuery(from, to), errors: ([] as string[]).concat(error.messages) };
    }
    const share = (v: number | null) => (v === null ? '—' : `${v}%`);
    return {
      ...base,
      from: s.period.from,
      to: s.period.to,
      exportQuery: exportQuery(s.period.from, s.period.to),
      errors: [],
      figures: [
        { label: t('stats.calls'), value: String(s.calls.total) },
        { label: t('stats.reports'), value: String(s.reports.total) },
        { label: t('stats.children'), value: String(s.children.total) },
        { label: t('stats.casesOpened'), value: String(s.cases.opened) },
        { label: t('stats.casesClosed'), value: String(s.cases.closed) },
        { label: t('stats.timelyAssessment'), value: share(s.timeliness.CASE_ASSESSMENT.inTimeShare) },
        { label: t('stats.timelyAck'), value: share(s.timeliness.REFERRAL_ACKNOWLEDGE.inTimeShare) },
      ],
      groups: [
        { title: t('stats.reportsByChannel'), data: bars(s.reports.byChannel, (k) => t(`channel.${k}`)) },
        { title: t('stats.callsByType'), data: bars(s.calls.byType, (k) => t(`calltype.${k}`)) },
        { title: t('stats.childrenByAbuse'), data: bars(s.children.byAbuseType, (k) => t(`abuse.${k}`)) },
        { title: t('stats.childrenBySex'), data: bars(s.children.bySex, (k) => t(`report.sex.${k}`)) },
        { title: t('stats.childrenByAge'), data: bars(s.children.byAgeGroup, (k) => (k === 'UNKNOWN' ? t('common.unknown') : k)) },
        { title: t('stats.casesByOutcome'), data: bars(s.cases.closedByReason, (k) => t(`closure.${k}`)) },
        { title: t('stats.referralsByAgency'), data: bars(s.referrals.byAgencyType, (k) => t(`agency.${k}`)) },
        { title: t('stats.referralsByResult'), data: bars(s.referrals.byStatus, (k) => t(`refstatus.${k}`)) },
      ],
    };
  }
}
