import { toCsv } from './csv.rules';
import { EXPORT_HEADER, exportFileName, ExportableStatistics, statisticsTable } from './statistics-export.rules';

const stats: ExportableStatistics = {
  period: { from: '2026-01-01', to: '2026-06-30' },
  area: { level: 'PROVINCE', provinceCode: '22', provinceName: 'Tỉnh Quảng Ninh', communeCode: null, communeName: null },
  indicators: [
    {
      code: 'TT13_X',
      nameVi: 'Số trẻ em, theo giới',
      nameEn: 'Children, by sex',
      unit: 'CHILDREN',
      value: 3,
      breakdowns: [
        {
          by: 'childrenBySex',
          items: [
            { key: 'FEMALE', value: 2 },
            { key: 'MALE', value: 1 },
          ],
        },
      ],
    },
    { code: 'TT13_Y', nameVi: 'Tỷ lệ', nameEn: 'Share', unit: 'PERCENT', value: null, breakdowns: [] },
  ],
  calls: { total: 2, rows: [{ callType: 'REPORT', channel: 'HOTLINE_111', count: 2 }] },
  reports: { total: 2, byChannel: { HOTLINE_111: 2 }, byPlace: { '06658': 1, '06652': 1 } },
  children: { total: 3, rows: [{ abuseType: 'NEGLECT', sex: 'FEMALE', ageGroup: '6-10', count: 2 }], byEthnicity: { Kinh: 2, UNKNOWN: 1 }, byPlace: { '06652': 3 } },
  cases: { opened: 2, closed: 1, closedByReason: { GOALS_MET: 1 } },
  referrals: { total: 1, rows: [{ agencyType: 'POLICE', status: 'SENT', count: 1 }] },
  timeliness: { CASE_ASSESSMENT: { metInTime: 1, metLate: 0, overdueOpen: 1, pending: 0, inTimeShare: 50, medianHours: 6 } },
};

describe('statisticsTable', () => {
  const rows = statisticsTable(stats);

  it('has a header row and four columns on every row', () => {
    expect(rows[0]).toEqual([...EXPORT_HEADER]);
    expect(rows.every((r) => r.length === 4)).toBe(true);
  });

  it('names the period and the area, then the indicators with their breakdowns', () => {
    expect(rows.slice(1, 4)).toEqual([
      ['Thông tin chung / General', 'Từ ngày / From', '', '2026-01-01'],
      ['Thông tin chung / General', 'Đến ngày / To', '', '2026-06-30'],
      ['Thông tin chung / General', 'Địa bàn / Area', 'PROVINCE', 'Tỉnh Quảng Ninh (22)'],
    ]);
    const indicator = rows.filter((r) => String(r[1]).startsWith('TT13_X'));
    expect(indicator.map((r) => [r[2], r[3]])).toEqual([
      ['', 3],
      ['childrenBySex: FEMALE', 2],
      ['childrenBySex: MALE', 1],
    ]);
    expect(rows.find((r) => String(r[1]).startsWith('TT13_Y'))).toEqual(['Chỉ tiêu Thông tư 13/2021 / Circular 13/2021 indicator', 'TT13_Y: Tỷ lệ / Share', '%', null]);
  });

  it('lists places and ethnicities in key order', () => {
    expect(rows.filter((r) => r[1] === 'PLACE' || r[1] === 'ETHNICITY').map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ['Thông tin, thông báo, tố giác / Reports', 'PLACE', '06652', 1],
      ['Thông tin, thông báo, tố giác / Reports', 'PLACE', '06658', 1],
      ['Trẻ em / Children', 'ETHNICITY', 'Kinh', 2],
      ['Trẻ em / Children', 'ETHNICITY', 'UNKNOWN', 1],
      ['Trẻ em / Children', 'PLACE', '06652', 3],
    ]);
  });

  it('survives CSV quoting: the comma in an indicator name is quoted, empty values stay empty', () => {
    const text = toCsv(rows).toString('utf8');
    expect(text).toContain('"TT13_X: Số trẻ em, theo giới / Children, by sex",,3\r\n');
    expect(text).toContain('TT13_Y: Tỷ lệ / Share,%,\r\n');
  });

  it('file names carry the place and period', () => {
    expect(exportFileName(stats, 'csv')).toBe('thong-ke-22-2026-01-01_2026-06-30.csv');
    expect(exportFileName({ ...stats, area: { ...stats.area, provinceCode: null } }, 'xlsx')).toBe('thong-ke-VN-2026-01-01_2026-06-30.xlsx');
  });
});
