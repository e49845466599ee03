import { JurisdictionLevel } from './roles';
import { jurisdictionContains, jurisdictionCovers, jurisdictionSql } from './jurisdiction.rules';

const national = { jurisdictionLevel: JurisdictionLevel.NATIONAL, provinceCode: null, communeCode: null };
const qn = { jurisdictionLevel: JurisdictionLevel.PROVINCE, provinceCode: '22', communeCode: null };
const hp = { jurisdictionLevel: JurisdictionLevel.PROVINCE, provinceCode: '31', communeCode: null };
const haTu = { jurisdictionLevel: JurisdictionLevel.COMMUNE, provinceCode: '22', communeCode: '06652' };

describe('jurisdictionCovers', () => {
  it.each([
    ['national covers triage (no province)', national, { provinceCode: null, communeCode: null }, true],
    ['national covers any commune', national, { provinceCode: '31', communeCode: '11311' }, true],
    ['province covers its commune', qn, { provinceCode: '22', communeCode: '06652' }, true],
    ['province covers place known only by province', qn, { provinceCode: '22', communeCode: null }, true],
    ['province does not cover another province', qn, { provinceCode: '31', communeCode: null }, false],
    ['province does not cover triage', qn, { provinceCode: null, communeCode: null }, false],
    ['commune covers itself', haTu, { provinceCode: '22', communeCode: '06652' }, true],
    ['commune does not cover a neighbour', haTu, { provinceCode: '22', communeCode: '06658' }, false],
    ['commune does not cover province-only place', haTu, { provinceCode: '22', communeCode: null }, false],
  ])('%s', (_, j, place, expected) => {
    expect(jurisdictionCovers(j, place)).toBe(expected);
  });
});

describe('jurisdictionContains', () => {
  it.each([
    [national, qn, true],
    [qn, haTu, true],
    [qn, hp, false],
    [haTu, qn, false],
    [qn, national, false],
    [haTu, haTu, true],
  ])('%o contains %o → %s', (outer, inner, expected) => {
    expect(jurisdictionContains(outer, inner)).toBe(expected);
  });
});

describe('jurisdictionSql', () => {
  it('builds parameterised conditions', () => {
    expect(jurisdictionSql(national, 'c')).toEqual({ sql: 'TRUE', params: {} });
    expect(jurisdictionSql(qn, 'c')).toEqual({ sql: 'c.province_code = :jurProvince', params: { jurProvince: '22' } });
    expect(jurisdictionSql(haTu, 'r', 'x')).toEqual({ sql: 'r.commune_code = :xCommune', params: { xCommune: '06652' } });
  });
});
