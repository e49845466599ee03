/**
 * The indicators of Circular 13/2021/TT-BLĐTBXH (statistics on children and child abuse) that the case data
 * can answer, as data: each names the figure it reads and, where the circular asks for one, its breakdown.
 * Names are the indicator's Vietnamese wording and an English rendering; the exact list is kept editable here
 * because it was recalled, not re-read from the circular (domain.md).
 */

export type IndicatorUnit = 'CHILDREN' | 'CASES' | 'REPORTS' | 'CALLS' | 'REFERRALS' | 'PERCENT';

/** The figures the statistics service computes for a period and area (see StatisticsService). */
export interface IndicatorFigures {
  calls: number;
  reports: number;
  reportsByChannel: Record<string, number>;
  reportsByPlace: Record<string, number>;
  children: number;
  childrenByAbuseType: Record<string, number>;
  childrenBySex: Record<string, number>;
  childrenByAgeGroup: Record<string, number>;
  childrenByEthnicity: Record<string, number>;
  childrenByPlace: Record<string, number>;
  childrenConfirmed: number;
  childrenConfirmedBySex: Record<string, number>;
  childrenConfirmedByAgeGroup: Record<string, number>;
  childrenConfirmedBySetting: Record<string, number>;
  /** Keys `SEX/AGE_GROUP/SETTING`, e.g. `FEMALE/6-10/FAMILY`. */
  childrenConfirmedBySexAgeSetting: Record<string, number>;
  childrenConfirmedByAbuseType: Record<string, number>;
  childrenBySetting: Record<string, number>;
  childrenSupported: number;
  childrenSpecialSupported: number;
  casesOpened: number;
  casesClosed: number;
  casesClosedByReason: Record<string, number>;
  policeReferrals: number;
  policeReferralsCompleted: number;
  assessedInTimeShare: number | null;
  plannedInTimeShare: number | null;
  referralsAcknowledgedInTimeShare: number | null;
}

export type Measure = keyof IndicatorFigures | 'policeReferralsCompletedShare';
type Breakdown =
  | 'reportsByChannel'
  | 'reportsByPlace'
  | 'childrenByAbuseType'
  | 'childrenBySex'
  | 'childrenByAgeGroup'
  | 'childrenByEthnicity'
  | 'childrenByPlace'
  | 'childrenBySetting'
  | 'childrenConfirmedBySex'
  | 'childrenConfirmedByAgeGroup'
  | 'childrenConfirmedBySetting'
  | 'childrenConfirmedBySexAgeSetting'
  | 'childrenConfirmedByAbuseType'
  | 'casesClosedByReason';

export interface IndicatorDefinition {
  code: string;
  /** The indicator's number in the circular's annex, where known (e.g. "0101"). */
  number?: string;
  nameVi: string;
  nameEn: string;
  unit: IndicatorUnit;
  measure: Measure;
  breakdowns: Breakdown[];
  /** Policy target, where one is set (seed 001: police resolve >95% of reports). */
  target?: number;
}

export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    code: 'TT13_CHILDREN_REPORTED',
    nameVi: 'Số trẻ em được thông báo, tố giác bị xâm hại hoặc có nguy cơ bị xâm hại',
    nameEn: 'Children reported as abused or at risk of abuse',
    unit: 'CHILDREN',
    measure: 'children',
    breakdowns: ['childrenBySex', 'childrenByAgeGroup', 'childrenByAbuseType', 'childrenBySetting', 'childrenByEthnicity', 'childrenByPlace'],
  },
  {
    // Indicator 0101: by form of abuse (Law on Children art. 4(5)), sex, age group and setting of the abuse.
    code: 'TT13_CHILDREN_ABUSED',
    number: '0101',
    nameVi: 'Số trẻ em bị xâm hại (đã xác minh), theo hình thức xâm hại, giới tính, nhóm tuổi và môi trường xâm hại',
    nameEn: 'Children abused (verified), by form of abuse, sex, age group and setting',
    unit: 'CHILDREN',
    measure: 'childrenConfirmed',
    breakdowns: ['childrenConfirmedByAbuseType', 'childrenConfirmedBySex', 'childrenConfirmedByAgeGroup', 'childrenConfirmedBySetting', 'childrenConfirmedBySexAgeSetting'],
  },
  {
    code: 'TT13_CASES_DETECTED',
    nameVi: 'Số vụ việc xâm hại trẻ em được phát hiện, tiếp nhận',
    nameEn: 'Child abuse cases detected and received',
    unit: 'CASES',
    measure: 'casesOpened',
    breakdowns: [],
  },
  {
    code: 'TT13_REPORTS_BY_CHANNEL',
    nameVi: 'Số thông tin, thông báo, tố giác về xâm hại trẻ em, theo kênh tiếp nhận',
    nameEn: 'Notifications and denunciations of child abuse, by channel',
    unit: 'REPORTS',
    measure: 'reports',
    breakdowns: ['reportsByChannel', 'reportsByPlace'],
  },
  {
    code: 'TT13_CALLS_111',
    nameVi: 'Số cuộc gọi đến tổng đài bảo vệ trẻ em',
    nameEn: 'Calls to the child-protection hotlines',
    unit: 'CALLS',
    measure: 'calls',
    breakdowns: [],
  },
  {
    code: 'TT13_CHILDREN_SUPPORTED',
    nameVi: 'Số trẻ em bị xâm hại được hỗ trợ, can thiệp',
    nameEn: 'Abused children supported or intervened for',
    unit: 'CHILDREN',
    measure: 'childrenSupported',
    breakdowns: [],
  },
  {
    code: 'TT13_SPECIAL_CIRCUMSTANCES_SUPPORTED',
    nameVi: 'Số trẻ em có hoàn cảnh đặc biệt được hỗ trợ',
    nameEn: 'Children in special circumstances supported',
    unit: 'CHILDREN',
    measure: 'childrenSpecialSupported',
    breakdowns: [],
  },
  {
    code: 'TT13_CASES_CLOSED',
    nameVi: 'Số vụ việc xâm hại trẻ em đã được giải quyết, theo kết quả',
    nameEn: 'Child abuse cases resolved, by outcome',
    unit: 'CASES',
    measure: 'casesClosed',
    breakdowns: ['casesClosedByReason'],
  },
  {
    code: 'TT13_POLICE_RESOLVED_SHARE',
    nameVi: 'Tỷ lệ tin báo về xâm hại trẻ em chuyển công an đã được giải quyết',
    nameEn: 'Share of child abuse reports referred to the police that were resolved',
    unit: 'PERCENT',
    measure: 'policeReferralsCompletedShare',
    breakdowns: [],
    target: 95,
  },
  {
    code: 'TT13_ASSESSED_IN_TIME_SHARE',
    nameVi: 'Tỷ lệ vụ việc được xác minh, đánh giá nguy cơ ban đầu đúng thời hạn',
    nameEn: 'Share of cases verified and assessed within the legal time limit',
    unit: 'PERCENT',
    measure: 'assessedInTimeShare',
    breakdowns: [],
  },
  {
    code: 'TT13_PLANNED_IN_TIME_SHARE',
    nameVi: 'Tỷ lệ vụ việc được lập kế hoạch hỗ trợ, can thiệp đúng thời hạn',
    nameEn: 'Share of cases with a support/intervention plan made within the legal time limit',
    unit: 'PERCENT',
    measure: 'plannedInTimeShare',
    breakdowns: [],
  },
  {
    code: 'TT13_REFERRALS_ACKNOWLEDGED_IN_TIME_SHARE',
    nameVi: 'Tỷ lệ yêu cầu chuyển gửi được cơ quan tiếp nhận đúng thời hạn',
    nameEn: 'Share of referrals acknowledged by the agency in time',
    unit: 'PERCENT',
    measure: 'referralsAcknowledgedInTimeShare',
    breakdowns: [],
  },
];

export interface IndicatorValue {
  code: string;
  number?: string;
  nameVi: string;
  nameEn: string;
  unit: IndicatorUnit;
  value: number | null;
  target?: number;
  breakdowns: { by: string; items: { key: string; value: number }[] }[];
}

function measureValue(f: IndicatorFigures, m: Measure): number | null {
  if (m === 'policeReferralsCompletedShare') {
    return f.policeReferrals > 0 ? Math.round((f.policeReferralsCompleted / f.policeReferrals) * 1000) / 10 : null;
  }
  const v = f[m];
  return typeof v === 'number' || v === null ? v : null;
}

/** The catalogue's indicators filled with the period's figures, in catalogue order. */
export function indicatorValues(f: IndicatorFigures, catalogue: readonly IndicatorDefinition[] = INDICATORS): IndicatorValue[] {
  return catalogue.map((d) => ({
    code: d.code,
    ...(d.number ? { number: d.number } : {}),
    nameVi: d.nameVi,
    nameEn: d.nameEn,
    unit: d.unit,
    value: measureValue(f, d.measure),
    ...(d.target !== undefined ? { target: d.target } : {}),
    breakdowns: d.breakdowns.map((b) => ({
      by: b,
      items: Object.entries(f[b])
        .filter(([, v]) => v > 0)
        .sort(([a], [b2]) => a.localeCompare(b2))
        .map(([key, value]) => ({ key, value })),
    })),
  }));
}
