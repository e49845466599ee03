import { Place } from '../common/access/jurisdiction.rules';
import { JurisdictionLevel } from '../identity/enums';
import { escalationScope, jurisdictionLadder, nearestSupervisorScope } from './escalation.rules';

const { COMMUNE, PROVINCE, NATIONAL } = JurisdictionLevel;
const commune: Place = { provinceCode: '22', communeCode: '06652' };
const provinceOnly: Place = { provinceCode: '22', communeCode: null };
const triage: Place = { provinceCode: null, communeCode: null };

describe('jurisdictionLadder', () => {
  it.each([
    [commune, [COMMUNE, PROVINCE, NATIONAL]],
    [provinceOnly, [PROVINCE, NATIONAL]],
    [triage, [NATIONAL]],
  ])('%j → %j', (place, ladder) => {
    expect(jurisdictionLadder(place)).toEqual(ladder);
  });
});

describe('escalationScope', () => {
  it.each<[string, Place, JurisdictionLevel[], 1 | 2, JurisdictionLevel | null, JurisdictionLevel | null]>([
    // Level 1: the nearest level that has supervisors.
    ['commune supervisors first', commune, [COMMUNE, PROVINCE, NATIONAL], 1, null, COMMUNE],
    ['no commune supervisor: the province', commune, [PROVINCE, NATIONAL], 1, null, PROVINCE],
    ['only national supervisors', commune, [NATIONAL], 1, null, NATIONAL],
    ['a place known by province only skips commune supervisors', provinceOnly, [COMMUNE, PROVINCE, NATIONAL], 1, null, PROVINCE],
    ['national triage: national supervisors', triage, [COMMUNE, PROVINCE, NATIONAL], 1, null, NATIONAL],
    ['nobody covers the place', commune, [], 1, null, null],
    // Level 2: the next staffed level above level 1.
    ['commune → province', commune, [COMMUNE, PROVINCE, NATIONAL], 2, COMMUNE, PROVINCE],
    ['province → national', commune, [PROVINCE, NATIONAL], 2, PROVINCE, NATIONAL],
    ['commune → national when the province has no supervisor', commune, [COMMUNE, NATIONAL], 2, COMMUNE, NATIONAL],
    ['national stays national: nobody is above the country', triage, [NATIONAL], 2, NATIONAL, NATIONAL],
    ['nobody above: the highest staffed level again', commune, [COMMUNE], 2, COMMUNE, COMMUNE],
    ['level 1 found nobody: level 2 takes the nearest staffed level', commune, [PROVINCE], 2, null, PROVINCE],
    ['nobody at all', triage, [], 2, null, null],
  ])('%s', (_, place, staffed, level, previous, expected) => {
    expect(escalationScope(place, staffed, level, previous)).toBe(expected);
  });

  it('tells an unassigned case to the nearest supervisors', () => {
    expect(nearestSupervisorScope(commune, [PROVINCE, NATIONAL])).toBe(PROVINCE);
    expect(nearestSupervisorScope(triage, [PROVINCE])).toBeNull();
  });
});
