import { ageGroup } from '../intake/age.rules';
import { JurisdictionLevel } from '../identity/enums';
import { AGE_GROUP_BOUNDS, ageGroupSql, areaSql, parsePeriod, percent, resolveArea, timeliness, UNKNOWN_AGE_GROUP } from './statistics.rules';
import { toVietnamDate } from '../common/vietnam-time';

const now = new Date('2026-11-30T20:00:00Z'); // already 1 December in Vietnam

describe('parsePeriod', () => {
  it('reads Vietnamese calendar days, both ends included', () => {
    const r = parsePeriod('2026-01-01', '2026-06-30', now);
    expect(r).toEqual({
      period: { from: '2026-01-01', to: '2026-06-30', start: new Date('2025-12-31T17:00:00Z'), end: new Date('2026-06-30T17:00:00Z') },
    });
  });

  it('defaults to this year to date (in Vietnam)', () => {
    expect(toVietnamDate(now)).toBe('2026-12-01');
    expect(parsePeriod(undefined, undefined, now)).toMatchObject({ period: { from: '2026-01-01', to: '2026-12-01' } });
    expect(parsePeriod(undefined, '2025-03-31', now)).toMatchObject({ period: { from: '2025-01-01', to: '2025-03-31' } });
  });

  it.each([
    ['2026-1-1', '2026-06-30', /from must be a date as YYYY-MM-DD/],
    ['2026-02-29', '2026-06-30', /from must be a date/],
    ['2026-01-01', '30/06/2026', /to must be a date/],
    ['2026-07-01', '2026-06-30', /after to .*swap them/],
    ['2021-06-30', '2026-06-30', /longer than 5 years/],
  ])('refuses %s – %s', (from, to, message) => {
    const r = parsePeriod(from, to, now);
    expect('problems' in r && r.problems.join('; ')).toMatch(message);
  });

  it('allows exactly five years and a single day', () => {
    expect('period' in parsePeriod('2021-07-01', '2026-06-30', now)).toBe(true);
    expect('period' in parsePeriod('2024-02-29', '2024-02-29', now)).toBe(true);
  });
});

describe('resolveArea', () => {
  const qn = { jurisdictionLevel: JurisdictionLevel.PROVINCE, provinceCode: '22', communeCode: null };
  const national = { jurisdictionLevel: JurisdictionLevel.NATIONAL, provinceCode: null, communeCode: null };
  const haTu = { jurisdictionLevel: JurisdictionLevel.COMMUNE, provinceCode: '22', communeCode: '06652' };
  const known = { provinceKnown: true, communeProvince: null };

  it.each([
    ['own jurisdiction by default', qn, {}, known, { level: 'PROVINCE', provinceCode: '22', communeCode: null }],
    ['a commune of the province', qn, { communeCode: '06658' }, { provinceKnown: false, communeProvince: '22' }, { level: 'COMMUNE', provinceCode: '22', communeCode: '06658' }],
    ['national narrows to a province', national, { provinceCode: '31' }, known, { level: 'PROVINCE', provinceCode: '31', communeCode: null }],
    [
      'commune asks its own province-commune pair',
      haTu,
      { provinceCode: '22', communeCode: '06652' },
      { provinceKnown: true, communeProvince: '22' },
      { level: 'COMMUNE', provinceCode: '22', communeCode: '06652' },
    ],
  ])('%s', (_, j, req, facts, area) => {
    expect(resolveArea(j, req, facts)).toEqual({ ok: true, area });
  });

  it.each([
    ['another province', qn, { provinceCode: '31' }, known, 403, /province 31 is outside your jurisdiction \(province 22\)/],
    ['a commune of another province', qn, { communeCode: '11311' }, { provinceKnown: false, communeProvince: '31' }, 403, /commune 11311 is outside/],
    ['the province of a commune supervisor', haTu, { provinceCode: '22' }, known, 403, /outside your jurisdiction \(commune 06652\)/],
    ['an unknown province', national, { provinceCode: '99' }, { provinceKnown: false, communeProvince: null }, 400, /not a province code/],
    ['an unknown commune', national, { communeCode: '99999' }, known, 400, /not a commune code/],
    [
      'a commune of another province than named',
      national,
      { provinceCode: '31', communeCode: '06652' },
      { provinceKnown: true, communeProvince: '22' },
      400,
      /in province 22, not 31/,
    ],
  ])('refuses %s', (_, j, req, facts, status, message) => {
    const d = resolveArea(j, req, facts);
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.status).toBe(status);
      expect(d.message).toMatch(message);
    }
  });

  it('builds the SQL condition for each level', () => {
    expect(areaSql({ level: JurisdictionLevel.NATIONAL, provinceCode: null, communeCode: null }, 'r.p', 'r.c')).toEqual({ sql: 'TRUE', params: {} });
    expect(areaSql({ level: JurisdictionLevel.PROVINCE, provinceCode: '22', communeCode: null }, 'r.p', 'r.c')).toEqual({
      sql: 'r.p = :areaProvince',
      params: { areaProvince: '22' },
    });
    expect(areaSql({ level: JurisdictionLevel.COMMUNE, provinceCode: '22', communeCode: '06652' }, 'r.p', 'r.c')).toEqual({
      sql: 'r.c = :areaCommune',
      params: { areaCommune: '06652' },
    });
  });
});

describe('age groups', () => {
  it('the SQL bounds agree with intake’s ageGroup for every age', () => {
    for (let age = -2; age <= 25; age++) {
      const bound = AGE_GROUP_BOUNDS.find((b) => age >= b.min && age <= b.max);
      expect([age, bound?.group ?? null]).toEqual([age, ageGroup(age)]);
    }
  });

  it('writes a CASE over the groups with UNKNOWN for the rest', () => {
    expect(ageGroupSql('a')).toBe(
      `CASE WHEN a BETWEEN 0 AND 5 THEN '0-5' WHEN a BETWEEN 6 AND 10 THEN '6-10' WHEN a BETWEEN 11 AND 15 THEN '11-15' WHEN a BETWEEN 16 AND 17 THEN '16-17' ELSE '${UNKNOWN_AGE_GROUP}' END`,
    );
  });
});

describe('timeliness', () => {
  it('shares exclude pending and cancelled obligations', () => {
    expect(timeliness({ metInTime: 3, metLate: 1, overdueOpen: 1, pending: 7, cancelled: 2, medianHours: 5.04 })).toEqual({
      metInTime: 3,
      metLate: 1,
      overdueOpen: 1,
      pending: 7,
      cancelled: 2,
      inTimeShare: 60,
      medianHours: 5,
    });
    expect(timeliness({ metInTime: 0, metLate: 0, overdueOpen: 0, pending: 2, cancelled: 0, medianHours: null }).inTimeShare).toBeNull();
  });

  it('percent rounds to one decimal', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(1, 0)).toBeNull();
  });
});
