import { JurisdictionLevel, Role } from '../identity/enums';
import { grantProblems, grantStatus, MAX_GRANT_DAYS } from './access-grants.rules';
import { AccessGrantStatus } from './enums';

const now = new Date('2026-11-30T08:00:00Z');
const place = { provinceCode: '22', communeCode: '06652' };
const hpWorker = { username: 'worker.hp', role: Role.CASE_WORKER, active: true, jurisdictionLevel: JurisdictionLevel.PROVINCE, provinceCode: '31', communeCode: null };
const ok = { until: new Date('2026-12-07T08:00:00Z'), reason: 'Child moved to Hải Phòng temporarily', now, grantee: hpWorker, place };

describe('grantProblems', () => {
  it('accepts a worker from elsewhere, a future time within the limit and a reason', () => {
    expect(grantProblems(ok)).toEqual([]);
  });

  it.each([
    ['a past time', { until: new Date('2026-11-30T07:00:00Z') }, /already passed/],
    ['a time beyond the limit', { until: new Date(now.getTime() + (MAX_GRANT_DAYS + 1) * 86_400_000) }, /at most 30 days/],
    ['an invalid time', { until: new Date('nope') }, /until must be a date/],
    ['a short reason', { reason: ' why ' }, /at least 10 characters/],
    ['an agency officer', { grantee: { ...hpWorker, role: Role.AGENCY_OFFICER } }, /through referrals/],
    ['an admin', { grantee: { ...hpWorker, role: Role.ADMIN } }, /Only case workers and supervisors/],
    ['an inactive user', { grantee: { ...hpWorker, active: false } }, /not an active user/],
    ['someone who already sees the case', { grantee: { ...hpWorker, provinceCode: '22' } }, /already sees this case/],
  ])('refuses %s', (_, change, message) => {
    const problems = grantProblems({ ...ok, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });
});

describe('grantStatus', () => {
  it.each([
    [{ expiresAt: new Date('2026-12-01T00:00:00Z'), revokedAt: null }, AccessGrantStatus.ACTIVE],
    [{ expiresAt: new Date('2026-11-30T08:00:00Z'), revokedAt: null }, AccessGrantStatus.EXPIRED],
    [{ expiresAt: new Date('2026-12-01T00:00:00Z'), revokedAt: new Date('2026-11-30T07:00:00Z') }, AccessGrantStatus.REVOKED],
  ])('%o → %s', (g, status) => expect(grantStatus(g, now)).toBe(status));
});
