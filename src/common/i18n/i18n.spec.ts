import { en } from './en';
import { vi } from './vi';
import { formatDateTime, translator } from './index';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as cases from '../../cases/enums';
import * as intake from '../../intake/enums';
import * as referrals from '../../referrals/enums';
import * as deadlines from '../../deadlines/enums';

describe('message catalogues', () => {
  it('have the same keys and no empty text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [k, v] of [...Object.entries(vi), ...Object.entries(en)]) expect([k, v.trim().length > 0]).toEqual([k, true]);
  });
  it('translate with parameters and fall back to the key', () => {
    expect(translator('vi')('nav.login')).toBe('Đăng nhập');
    expect(translator('en')('nav.login')).toBe('Log in');
    expect(translator('en')('no.such.key')).toBe('no.such.key');
  });
});

describe('formatDateTime', () => {
  it('shows Vietnam time as dd/MM/yyyy HH:mm', () => {
    expect(formatDateTime('2026-11-22T17:05:00Z')).toBe('23/11/2026 00:05');
    expect(formatDateTime(new Date('2026-01-02T01:00:00+07:00'))).toBe('02/01/2026 01:00');
    expect(formatDateTime(null)).toBe('');
  });
});

describe('messages used in the code', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') && !f.endsWith('.spec.ts') ? [join(dir, f)] : []));

  it('exist for every literal key in the code', () => {
    const used = new Set<string>();
    for (const file of files(join(__dirname, '..', '..'))) for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.-]+)'/g)) used.add(m[1]);
    expect([...used].filter((k) => !(k in vi))).toEqual([]);
  });

  it('exist for every value of the enums shown on screen', () => {
    const families: [string, object][] = [
      ['casestatus', cases.CaseStatus],
      ['risk', cases.RiskLevel],
      ['closure', cases.ClosureReason],
      ['measure', cases.EmergencyMeasureType],
      ['notetype', cases.NoteType],
      ['protection', cases.ProtectionLevel],
      ['planstatus', cases.PlanStatus],
      ['abuse', intake.AbuseType],
      ['setting', intake.AbuseSetting],
      ['relation', intake.Relation],
      ['calltype', intake.CallType],
      ['channel', intake.Channel],
      ['report.sex', intake.Sex],
      ['status', intake.PublicReportStatus],
      ['agency', referrals.AgencyType],
      ['refstatus', referrals.ReferralStatus],
      ['deadline', deadlines.DeadlineKey],
      ['deadlinestatus', deadlines.DeadlineStatus],
      ['deadline.kind', deadlines.DeadlineKind],
    ];
    const missing = families.flatMap(([prefix, e]) => Object.values(e).map((v) => `${prefix}.${v}`)).filter((k) => !(k in vi));
    expect(missing).toEqual([]);
  });
});
