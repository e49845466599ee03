import { Cell } from './csv.rules';
import { IndicatorValue } from './indicators.rules';

/** What the export needs of the statistics answer (StatisticsService.compute). */
export interface ExportableStatistics {
  period: { from: string; to: string };
  area: { level: string; provinceCode: string | null; provinceName: string | null; communeCode: string | null; communeName: string | null };
  indicators: IndicatorValue[];
  calls: { total: number; rows: { callType: string; channel: string; count: number }[] };
  reports: { total: number; byChannel: Record<string, number>; byPlace: Record<string, number> };
  children: {
    total: number;
    rows: { abuseType: string; sex: string; ageGroup: string; count: number }[];
    byEthnicity: Record<string, number>;
    byPlace: Record<string, number>;
  };
  cases: { opened: number; closed: number; closedByReason: Record<string, number> };
  referrals: { total: number; rows: { agencyType: string; status: string; count: number }[] };
  timeliness: Record<string, { metInTime: number; metLate: number; overdueOpen: number; pending: number; inTimeShare: number | null; medianHours: number | null }>;
}

export const EXPORT_HEADER = ['Mục / Section', 'Chỉ tiêu / Item', 'Phân loại / Breakdown', 'Giá trị / Value'] as const;

const SECTION = {
  meta: 'Thông tin chung / General',
  indicator: 'Chỉ tiêu Thông tư 13/2021 / Circular 13/2021 indicator',
  calls: 'Cuộc gọi / Calls',
  reports: 'Thông tin, thông báo, tố giác / Reports',
  children: 'Trẻ em / Children',
  cases: 'Vụ việc / Cases',
  referrals: 'Chuyển gửi / Referrals',
  timeliness: 'Tính kịp thời / Timeliness',
};

/**
 * The statistics as one table for CSV and XLSX: a header row, then one row per figure (section, item,
 * breakdown, value), so a spreadsheet can filter and pivot it.
 */
export function statisticsTable(s: ExportableStatistics): Cell[][] {
  const rows: Cell[][] = [[...EXPORT_HEADER]];
  const place = s.area.communeCode
    ? `${s.area.communeName ?? ''} (${s.area.communeCode})`
    : s.area.provinceCode
      ? `${s.area.provinceName ?? ''} (${s.area.provinceCode})`
      : 'Toàn quốc / Whole country';
  rows.push([SECTION.meta, 'Từ ngày / From', '', s.period.from]);
  rows.push([SECTION.meta, 'Đến ngày / To', '', s.period.to]);
  rows.push([SECTION.meta, 'Địa bàn / Area', s.area.level, place.trim()]);
  for (const i of s.indicators) {
    const name = `${i.code}: ${i.nameVi} / ${i.nameEn}`;
    rows.push([SECTION.indicator, name, i.unit === 'PERCENT' ? '%' : '', i.value]);
    for (const b of i.breakdowns) for (const item of b.items) rows.push([SECTION.indicator, name, `${b.by}: ${item.key}`, item.value]);
  }
  rows.push([SECTION.calls, 'TOTAL', '', s.calls.total]);
  for (const r of s.calls.rows) rows.push([SECTION.calls, r.callType, r.channel, r.count]);
  rows.push([SECTION.reports, 'TOTAL', '', s.reports.total]);
  for (const [channel, n] of Object.entries(s.reports.byChannel)) rows.push([SECTION.reports, 'CHANNEL', channel, n]);
  for (const [place, n] of sorted(s.reports.byPlace)) rows.push([SECTION.reports, 'PLACE', place, n]);
  rows.push([SECTION.children, 'TOTAL', '', s.children.total]);
  for (const r of s.children.rows) rows.push([SECTION.children, r.abuseType, `${r.sex} ${r.ageGroup}`, r.count]);
  for (const [ethnicity, n] of sorted(s.children.byEthnicity)) rows.push([SECTION.children, 'ETHNICITY', ethnicity, n]);
  for (const [place, n] of sorted(s.children.byPlace)) rows.push([SECTION.children, 'PLACE', place, n]);
  rows.push([SECTION.cases, 'OPENED', '', s.cases.opened]);
  rows.push([SECTION.cases, 'CLOSED', '', s.cases.closed]);
  for (const [reason, n] of Object.entries(s.cases.closedByReason)) rows.push([SECTION.cases, 'CLOSED', reason, n]);
  rows.push([SECTION.referrals, 'TOTAL', '', s.referrals.total]);
  for (const r of s.referrals.rows) rows.push([SECTION.referrals, r.agencyType, r.status, r.count]);
  for (const [key, t] of Object.entries(s.timeliness)) {
    rows.push([SECTION.timeliness, key, 'metInTime', t.metInTime]);
    rows.push([SECTION.timeliness, key, 'metLate', t.metLate]);
    rows.push([SECTION.timeliness, key, 'overdueOpen', t.overdueOpen]);
    rows.push([SECTION.timeliness, key, 'pending', t.pending]);
    rows.push([SECTION.timeliness, key, 'inTimeShare %', t.inTimeShare]);
    rows.push([SECTION.timeliness, key, 'medianHours', t.medianHours]);
  }
  return rows;
}

function sorted(m: Record<string, number>): [string, number][] {
  return Object.entries(m).sort(([a], [b]) => a.localeCompare(b));
}

/** A file name for the export, without characters a file system or header would mind. */
export function exportFileName(s: Pick<ExportableStatistics, 'period' | 'area'>, extension: string): string {
  const place = s.area.communeCode ?? s.area.provinceCode ?? 'VN';
  return `thong-ke-${place}-${s.period.from}_${s.period.to}.${extension}`;
}
