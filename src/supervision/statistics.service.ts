import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Clock } from '../common/clock';
import { BadRequestError, ForbiddenError } from '../common/errors';
import { DeadlineKey } from '../deadlines/enums';
import { AbuseSetting, AbuseType, CallType, Channel, Sex } from '../intake/enums';
import { AgencyType, ReferralStatus } from '../referrals/enums';
import { ClosureReason } from '../cases/enums';
import { toCsv } from './csv.rules';
import { StatisticsQueryDto } from './dto/statistics-query.dto';
import { StatisticsFormat } from './enums';
import { indicatorValues } from './indicators.rules';
import { PlacesRepository } from './places.repository';
import { exportFileName, statisticsTable } from './statistics-export.rules';
import { CallCount, StatisticsRepository } from './statistics.repository';
import { ObligationsRepository } from './obligations.repository';
import { CounterRow, ReadModelsRepository } from './read-models.repository';
import { parsePeriod, resolveArea, STATISTICS_AGE_GROUPS, timeliness, Timeliness } from './statistics.rules';
import { writeXlsx } from './xlsx';

export interface StatisticsFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/** Where the figures come from: the read models, or the transactional tables counted from scratch. */
export type FigureSource = 'readModels' | 'transactional';

/** The counters in the shapes of StatisticsRepository's from-scratch queries. */
function fromCounters(
  rows: CounterRow[],
): [
  CallCount[],
  { channel: string; place: string; n: number; danger: number }[],
  { part: 'opened' | 'closed'; key: string; n: number }[],
  { agency_type: AgencyType; status: ReferralStatus; n: number }[],
] {
  const group = <T>(metric: string, keyOf: (r: CounterRow) => string, make: (r: CounterRow) => T, merge: (acc: T, r: CounterRow) => void): T[] => {
    const out = new Map<string, T>();
    for (const r of rows.filter((x) => x.metric === metric)) {
      const k = keyOf(r);
      const acc = out.get(k);
      if (acc) merge(acc, r);
      else out.set(k, make(r));
    }
    return [...out.values()];
  };
  const calls = group<CallCount>(
    'call',
    (r) => `${r.k1}|${r.k2}`,
    (r) => ({ call_type: r.k1, channel: r.k2, n: r.n }),
    (a, r) => void (a.n += r.n),
  );
  const reports = group(
    'report',
    (r) => `${r.k1}|${r.place}`,
    (r) => ({ channel: r.k1, place: r.place, n: r.n, danger: r.k2 === '1' ? r.n : 0 }),
    (a, r) => {
      a.n += r.n;
      if (r.k2 === '1') a.danger += r.n;
    },
  );
  const opened = group(
    'opened',
    (r) => r.k1,
    (r) => ({ part: 'opened' as const, key: r.k1, n: r.n }),
    (a, r) => void (a.n += r.n),
  );
  const closed = group(
    'closed',
    (r) => r.k1,
    (r) => ({ part: 'closed' as const, key: r.k1, n: r.n }),
    (a, r) => void (a.n += r.n),
  );
  const referrals = group(
    'referral',
    (r) => `${r.k1}|${r.k2}`,
    (r) => ({ agency_type: r.k1 as AgencyType, status: r.k2 as ReferralStatus, n: r.n }),
    (a, r) => void (a.n += r.n),
  );
  return [calls, reports, [...opened, ...closed], referrals];
}

/** Zero for every value of an enum, so every category shows (a zero is a figure too). */
const zeros = (values: readonly string[]): Record<string, number> => Object.fromEntries(values.map((v) => [v, 0]));
const add = (m: Record<string, number>, key: string, n: number) => {
  m[key] = (m[key] ?? 0) + n;
};

/**
 * Statistics for a period and area (product.md §7, Circular 13/2021 indicators): calls, reports, children,
 * cases, referrals and timeliness, aggregated in SQL from the raw rows, and the indicators filled from them.
 * The area is the caller's jurisdiction, narrowed by provinceCode/communeCode inside it.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: StatisticsRepository,
    private readonly readModels: ReadModelsRepository,
    private readonly obligations: ObligationsRepository,
    private readonly places: PlacesRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * `source`: the read models (every request), or the transactional tables, from scratch (the check that the
   * read models hold the same figures).
   */
  async compute(principal: Principal, query: StatisticsQueryDto, source: FigureSource = 'readModels') {
    const manager = this.dataSource.manager;
    const now = this.clock.now();
    const parsed = parsePeriod(query.from, query.to, now);
    if ('problems' in parsed) throw new BadRequestError(parsed.problems.map((text) => ({ code: 'PERIOD_INVALID', text })));
    const period = parsed.period;
    const decision = resolveArea(principal, query, await this.places.facts(manager, query.provinceCode, query.communeCode));
    if (!decision.ok)
      throw decision.status === 403
        ? new ForbiddenError({ code: 'AREA_FORBIDDEN', text: decision.message })
        : new BadRequestError({ code: 'AREA_INVALID', text: decision.message });
    const area = decision.area;

    // In parallel on the pool (each query its own connection), never on one transaction's client.
    const fromScratch = source === 'transactional';
    const [counted, children, deadlines, provinceName, communeName] = await Promise.all([
      fromScratch
        ? Promise.all([
            this.repo.calls(manager, period, area),
            this.repo.reports(manager, period, area),
            this.repo.cases(manager, period, area),
            this.repo.referrals(manager, period, area),
          ])
        : this.readModels.counters(manager, ['call', 'report', 'opened', 'closed', 'referral'], period, area).then(fromCounters),
      fromScratch ? this.repo.children(manager, period, area) : this.readModels.children(manager, period, area),
      fromScratch ? this.repo.timeliness(manager, period, area, now) : this.obligations.timeliness(manager, period, area, now),
      area.provinceCode ? this.places.name(manager, 'PROVINCE', area.provinceCode) : Promise.resolve(null),
      area.communeCode ? this.places.name(manager, 'COMMUNE', area.communeCode) : Promise.resolve(null),
    ]);

    const [calls, reports, cases, referrals] = counted;
    const callsByType = zeros(Object.values(CallType));
    const callsByChannel: Record<string, number> = {};
    for (const r of calls) {
      add(callsByType, r.call_type, r.n);
      add(callsByChannel, r.channel, r.n);
    }
    const reportsByChannel = zeros(Object.values(Channel));
    const reportsByPlace: Record<string, number> = {};
    for (const r of reports) {
      add(reportsByChannel, r.channel, r.n);
      add(reportsByPlace, r.place, r.n);
    }

    const bySex = zeros(Object.values(Sex));
    const byAgeGroup = zeros(STATISTICS_AGE_GROUPS);
    const byAbuseType = zeros(Object.values(AbuseType));
    const confirmedByAbuseType = zeros(Object.values(AbuseType));
    const childrenByEthnicity: Record<string, number> = {};
    const childrenByPlace: Record<string, number> = {};
    const bySetting = zeros(Object.values(AbuseSetting));
    const abusedBySex = zeros(Object.values(Sex));
    const abusedByAgeGroup = zeros(STATISTICS_AGE_GROUPS);
    const abusedBySetting = zeros(Object.values(AbuseSetting));
    const abusedByCell: Record<string, number> = {};
    let childrenTotal = 0;
    const single = (part: string) => children.find((c) => c.part === part)?.n ?? 0;
    for (const c of children) {
      if (c.part === 'kid') {
        childrenTotal += c.n;
        add(bySex, c.sex!, c.n);
        add(byAgeGroup, c.age_group!, c.n);
      } else if (c.part === 'cell') add(byAbuseType, c.key!, c.n);
      else if (c.part === 'confirmedForm') add(confirmedByAbuseType, c.key!, c.n);
      else if (c.part === 'ethnicity') add(childrenByEthnicity, c.key!, c.n);
      else if (c.part === 'place') add(childrenByPlace, c.key!, c.n);
      else if (c.part === 'setting') add(bySetting, c.key!, c.n);
      else if (c.part === 'abused') {
        add(abusedBySex, c.sex!, c.n);
        add(abusedByAgeGroup, c.age_group!, c.n);
        add(abusedBySetting, c.key!, c.n);
        add(abusedByCell, `${c.sex}/${c.age_group}/${c.key}`, c.n);
      }
    }
    const abusedRows = children
      .filter((c) => c.part === 'abused')
      .map((c) => ({ sex: c.sex!, ageGroup: c.age_group!, setting: c.key!, count: c.n }))
      .sort((a, b) => a.sex.localeCompare(b.sex) || a.ageGroup.localeCompare(b.ageGroup) || a.setting.localeCompare(b.setting));
    const childRows = children
      .filter((c) => c.part === 'cell')
      .map((c) => ({ abuseType: c.key!, sex: c.sex!, ageGroup: c.age_group!, count: c.n }))
      .sort((a, b) => a.abuseType.localeCompare(b.abuseType) || a.sex.localeCompare(b.sex) || a.ageGroup.localeCompare(b.ageGroup));

    const openedByRisk: Record<string, number> = {};
    const closedByReason = zeros(Object.values(ClosureReason));
    for (const c of cases) add(c.part === 'opened' ? openedByRisk : closedByReason, c.key, c.n);
    const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);

    const referralsByAgencyType = zeros(Object.values(AgencyType));
    const referralsByStatus = zeros(Object.values(ReferralStatus));
    for (const r of referrals) {
      add(referralsByAgencyType, r.agency_type, r.n);
      add(referralsByStatus, r.status, r.n);
    }
    const police = referrals.filter((r) => r.agency_type === AgencyType.POLICE && r.status !== ReferralStatus.CANCELLED);

    const timelinessByKey = Object.fromEntries(
      Object.values(DeadlineKey).map((key) => {
        const r = deadlines.find((d) => d.key === key);
        return [
          key,
          timeliness({
            metInTime: r?.met_in_time ?? 0,
            metLate: r?.met_late ?? 0,
            overdueOpen: r?.overdue_open ?? 0,
            pending: r?.pending ?? 0,
            cancelled: r?.cancelled ?? 0,
            medianHours: r?.median_hours ?? null,
          }),
        ];
      }),
    ) as Record<DeadlineKey, Timeliness>;

    const indicators = indicatorValues({
      calls: sum(callsByType),
      reports: sum(reportsByChannel),
      reportsByChannel,
      reportsByPlace,
      children: childrenTotal,
      childrenByAbuseType: byAbuseType,
      childrenBySex: bySex,
      childrenByAgeGroup: byAgeGroup,
      childrenByEthnicity,
      childrenByPlace,
      childrenConfirmed: single('confirmed'),
      childrenConfirmedBySex: abusedBySex,
      childrenConfirmedByAgeGroup: abusedByAgeGroup,
      childrenConfirmedBySetting: abusedBySetting,
      childrenConfirmedBySexAgeSetting: abusedByCell,
      childrenConfirmedByAbuseType: confirmedByAbuseType,
      childrenBySetting: bySetting,
      childrenSupported: single('supported'),
      childrenSpecialSupported: single('special'),
      casesOpened: sum(openedByRisk),
      casesClosed: sum(closedByReason),
      casesClosedByReason: closedByReason,
      policeReferrals: police.reduce((a, r) => a + r.n, 0),
      policeReferralsCompleted: police.filter((r) => r.status === ReferralStatus.COMPLETED).reduce((a, r) => a + r.n, 0),
      assessedInTimeShare: timelinessByKey.CASE_ASSESSMENT.inTimeShare,
      plannedInTimeShare: timelinessByKey.CASE_PLAN.inTimeShare,
      referralsAcknowledgedInTimeShare: timelinessByKey.REFERRAL_ACKNOWLEDGE.inTimeShare,
    });

    return {
      generatedAt: now,
      period: { from: period.from, to: period.to, start: period.start, end: period.end },
      area: { level: area.level, provinceCode: area.provinceCode, provinceName, communeCode: area.communeCode, communeName },
      calls: {
        total: sum(callsByType),
        byType: callsByType,
        byChannel: callsByChannel,
        rows: calls
          .map((r) => ({ callType: r.call_type, channel: r.channel, count: r.n }))
          .sort((a, b) => a.callType.localeCompare(b.callType) || a.channel.localeCompare(b.channel)),
      },
      reports: {
        total: sum(reportsByChannel),
        immediateDanger: reports.reduce((a, r) => a + r.danger, 0),
        byChannel: reportsByChannel,
        /** By province (whole country) or commune (a province). */
        byPlace: reportsByPlace,
      },
      children: {
        total: childrenTotal,
        bySex,
        byAgeGroup,
        byAbuseType,
        /** Setting of the abuse (each child once: that of their first report in the period that names one). */
        bySetting,
        byEthnicity: childrenByEthnicity,
        /** By province (whole country) or commune (a province); a child reported in two places counts in each. */
        byPlace: childrenByPlace,
        rows: childRows,
        confirmed: single('confirmed'),
        confirmedByAbuseType,
        /** Indicator 0101: the confirmed children by sex × age group × setting of the abuse. */
        abused: { total: single('confirmed'), bySex: abusedBySex, byAgeGroup: abusedByAgeGroup, bySetting: abusedBySetting, rows: abusedRows },
        supported: single('supported'),
        specialCircumstancesSupported: single('special'),
      },
      cases: { opened: sum(openedByRisk), openedByRisk, closed: sum(closedByReason), closedByReason },
      referrals: {
        total: sum(referralsByAgencyType),
        byAgencyType: referralsByAgencyType,
        byStatus: referralsByStatus,
        rows: referrals
          .map((r) => ({ agencyType: r.agency_type, status: r.status, count: r.n }))
          .sort((a, b) => a.agencyType.localeCompare(b.agencyType) || a.status.localeCompare(b.status)),
      },
      timeliness: timelinessByKey,
      indicators,
    };
  }

  /** The statistics as a CSV or XLSX file; the export is audited (exports leave the system). */
  async export(principal: Principal, query: StatisticsQueryDto, meta: RequestMeta): Promise<StatisticsFile> {
    const stats = await this.compute(principal, query);
    const table = statisticsTable(stats);
    const format = query.format === StatisticsFormat.XLSX ? StatisticsFormat.XLSX : StatisticsFormat.CSV;
    await this.audit.record({
      actor: principal,
      action: 'STATISTICS_EXPORTED',
      subjectType: 'STATISTICS',
      provinceCode: stats.area.provinceCode,
      communeCode: stats.area.communeCode,
      after: { from: stats.period.from, to: stats.period.to, level: stats.area.level, format },
      meta,
    });
    if (format === StatisticsFormat.XLSX) {
      return {
        body: await writeXlsx(table, `Thống kê ${stats.period.from}`),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName: exportFileName(stats, 'xlsx'),
      };
    }
    return { body: toCsv(table), contentType: 'text/csv; charset=utf-8', fileName: exportFileName(stats, 'csv') };
  }
}

export type Statistics = Awaited<ReturnType<StatisticsService['compute']>>;
