import { IndicatorFigures, indicatorValues, INDICATORS } from './indicators.rules';

const figures: IndicatorFigures = {
  calls: 40,
  reports: 12,
  reportsByChannel: { HOTLINE_111: 8, ONLINE_FORM: 4, WALK_IN: 0 },
  reportsByPlace: { '06652': 12 },
  children: 10,
  childrenByAbuseType: { SEXUAL_ABUSE: 3, NEGLECT: 8 },
  childrenBySex: { FEMALE: 6, MALE: 4 },
  childrenByAgeGroup: { '0-5': 2, '6-10': 8 },
  childrenByEthnicity: { Kinh: 8, UNKNOWN: 2 },
  childrenByPlace: { '06652': 10 },
  childrenConfirmed: 7,
  childrenConfirmedBySex: { FEMALE: 5, MALE: 2 },
  childrenConfirmedByAgeGroup: { '0-5': 1, '6-10': 6 },
  childrenConfirmedBySetting: { FAMILY: 4, SCHOOL: 2, ONLINE: 1, UNKNOWN: 0 },
  childrenConfirmedBySexAgeSetting: { 'FEMALE/6-10/FAMILY': 3, 'FEMALE/6-10/ONLINE': 1, 'FEMALE/0-5/FAMILY': 1, 'MALE/6-10/SCHOOL': 2 },
  childrenConfirmedByAbuseType: { SEXUAL_ABUSE: 2, NEGLECT: 5 },
  childrenBySetting: { FAMILY: 6, SCHOOL: 3, ONLINE: 1 },
  childrenSupported: 5,
  childrenSpecialSupported: 1,
  casesOpened: 9,
  casesClosed: 4,
  casesClosedByReason: { GOALS_MET: 3, UNFOUNDED: 1 },
  policeReferrals: 3,
  policeReferralsCompleted: 2,
  assessedInTimeShare: 80,
  plannedInTimeShare: null,
  referralsAcknowledgedInTimeShare: 50,
};

describe('indicator catalogue', () => {
  it('every indicator has a unique code, a Vietnamese and an English name', () => {
    expect(new Set(INDICATORS.map((i) => i.code)).size).toBe(INDICATORS.length);
    for (const i of INDICATORS) {
      expect(i.code).toMatch(/^TT13_[A-Z0-9_]+$/);
      expect(i.nameVi.length).toBeGreaterThan(10);
      expect(i.nameEn.length).toBeGreaterThan(10);
    }
    // Vietnamese names are written with their diacritics.
    expect(INDICATORS.every((i) => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĩũ]/i.test(i.nameVi))).toBe(true);
  });

  it('fills each indicator from its measure, with non-zero breakdowns in key order', () => {
    const v = indicatorValues(figures);
    const by = (code: string) => v.find((x) => x.code === code)!;
    expect(v.map((x) => x.code)).toEqual(INDICATORS.map((i) => i.code));
    expect(by('TT13_CHILDREN_REPORTED')).toMatchObject({ value: 10, unit: 'CHILDREN' });
    expect(by('TT13_CHILDREN_REPORTED').breakdowns.map((b) => b.by)).toEqual([
      'childrenBySex',
      'childrenByAgeGroup',
      'childrenByAbuseType',
      'childrenBySetting',
      'childrenByEthnicity',
      'childrenByPlace',
    ]);
    expect(by('TT13_REPORTS_BY_CHANNEL').breakdowns[0].items).toEqual([
      { key: 'HOTLINE_111', value: 8 },
      { key: 'ONLINE_FORM', value: 4 },
    ]);
    expect(by('TT13_POLICE_RESOLVED_SHARE')).toMatchObject({ value: 66.7, unit: 'PERCENT', target: 95 });
    expect(by('TT13_PLANNED_IN_TIME_SHARE').value).toBeNull();
    expect(by('TT13_CHILDREN_ABUSED').value).toBe(7);
  });

  it('indicator 0101 breaks the abused children down by form, sex, age group and setting, and by all three at once', () => {
    const abused = indicatorValues(figures).find((x) => x.code === 'TT13_CHILDREN_ABUSED')!;
    expect(abused.number).toBe('0101');
    expect(abused.breakdowns.map((b) => b.by)).toEqual([
      'childrenConfirmedByAbuseType',
      'childrenConfirmedBySex',
      'childrenConfirmedByAgeGroup',
      'childrenConfirmedBySetting',
      'childrenConfirmedBySexAgeSetting',
    ]);
    expect(abused.breakdowns[3].items).toEqual([
      { key: 'FAMILY', value: 4 },
      { key: 'ONLINE', value: 1 },
      { key: 'SCHOOL', value: 2 },
    ]);
    expect(abused.breakdowns[4].items.reduce((a, i) => a + i.value, 0)).toBe(7);
  });

  it('a share with nothing to divide is null, not zero', () => {
    expect(indicatorValues({ ...figures, policeReferrals: 0, policeReferralsCompleted: 0 }).find((x) => x.code === 'TT13_POLICE_RESOLVED_SHARE')!.value).toBeNull();
  });
});
