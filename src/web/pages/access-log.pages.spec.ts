import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueHas, translator } from '../i18n';
import { PageContext } from '../layout';
import { Role } from '../../identity/enums';
import { Principal } from '../../common/access/principal';
import { ReferralEventType } from '../../referrals/referral-events';
import { NUDGE_EVENT } from '../../supervision/nudge.rules';
import { accessActionLabel, accessLogPage, AccessLogModel, roleLabel } from './access-log.pages';

const supervisor = { id: 's1', username: 'supervisor.qn', role: Role.SUPERVISOR, provinceCode: '22' } as unknown as Principal;
const ctx = (locale: 'vi' | 'en' = 'vi'): PageContext => ({ t: translator(locale), locale, user: supervisor, csrf: 'tok', path: '/x' });
const EVIL = '<script>alert(1)</script>';

const model = (over: Partial<AccessLogModel> = {}): AccessLogModel => ({
  caseId: 'c1',
  caseNumber: '22-2026-000123',
  place: 'Phường Hà Tu, Quảng Ninh',
  items: [
    { at: '2026-11-22T17:05:00Z', actor: { username: 'worker.qn', role: 'CASE_WORKER', fullName: 'Nguyễn Thị Lan' }, action: 'CASE_PERSONAL_DATA_READ' },
    { at: '2026-11-22T01:00:00Z', actor: null, action: 'ROUTING_NO_AGENCY' },
  ],
  page: 1,
  pageSize: 50,
  total: 2,
  ...over,
});

describe('access log page', () => {
  it('names each action, the person and the role in words, with Vietnam time as dd/MM/yyyy HH:mm', () => {
    const page = accessLogPage(ctx(), model()).value;
    expect(page).toContain('Ai đã xem hồ sơ ca 22-2026-000123');
    expect(page).toContain(
      '<td><time datetime="2026-11-22T17:05:00.000Z">23/11/2026 00:05</time></td><td>Nguyễn Thị Lan <span class="muted">(worker.qn)</span></td><td>Cán bộ xử lý ca</td><td>Xem hồ sơ ca (thông tin cá nhân của trẻ và người báo tin)</td>',
    );
    expect(page).toContain('<td>Hệ thống (tự động)</td><td></td><td>Không tìm được cơ quan phù hợp để chuyển gửi</td>');
    expect(page).not.toContain('CASE_PERSONAL_DATA_READ');
    const en = accessLogPage(ctx('en'), model()).value;
    expect(en).toContain('Who viewed case 22-2026-000123');
    expect(en).toContain('<td>Case worker</td><td>Read the case file');
  });

  it('falls back to a generic label for an action or role it does not know, never the code', () => {
    expect(accessActionLabel(ctx(), 'SOMETHING_NEWER_READ')).toBe('Hoạt động khác trên hồ sơ');
    expect(accessActionLabel(ctx('en'), 'SOMETHING_NEWER_READ')).toBe('Other activity on the case');
    expect(roleLabel(ctx(), 'AUDITOR')).toBe('Không rõ');
    expect(roleLabel(ctx(), null)).toBe('');
    for (const role of Object.values(Role)) expect([role, catalogueHas('vi', `role.${role}`), catalogueHas('en', `role.${role}`)]).toEqual([role, true, true]);
  });

  it('pages through the log with links to the previous and next pages', () => {
    const first = accessLogPage(ctx(), model({ total: 120 })).value;
    expect(first).toContain('Trang 1/3 · Tổng số: 120');
    expect(first).toContain('href="/cases/c1/access-log?page=2" rel="next"');
    expect(first).not.toContain('rel="prev"');
    const last = accessLogPage(ctx(), model({ page: 3, total: 120 })).value;
    expect(last).toContain('href="/cases/c1/access-log?page=2" rel="prev"');
    expect(last).not.toContain('rel="next"');
    const empty = accessLogPage(ctx(), model({ items: [], total: 0 })).value;
    expect(empty).toContain('Chưa có ai đọc hoặc thay đổi hồ sơ này.');
    // Past the last page: no claim that no one read the case, and a way back.
    const beyond = accessLogPage(ctx(), model({ items: [], page: 9, total: 120 })).value;
    expect(beyond).not.toContain('Chưa có ai');
    expect(beyond).toContain('href="/cases/c1/access-log?page=3" rel="prev"');
  });

  it('escapes names and usernames', () => {
    const page = accessLogPage(
      ctx(),
      model({ caseNumber: EVIL, place: EVIL, items: [{ at: new Date(), actor: { username: EVIL, role: 'SUPERVISOR', fullName: EVIL }, action: EVIL }] }),
    ).value;
    expect(page).not.toContain('<script');
    expect(page).toContain('&lt;script&gt;');
  });
});

/**
 * Every audit action recorded about a case, its reports or its referrals, found in the code: literal actions of
 * audit rows whose subject is one of those, the case writer's changes (always about the case), the actions passed
 * to the intake's helpers that record them, and the referral events and the nudge (recorded by variable).
 */
function caseAuditActions(): Set<string> {
  const src = join(__dirname, '..', '..');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') && !f.endsWith('.spec.ts') ? [join(dir, f)] : []));
  const found = new Set<string>([...Object.values(ReferralEventType), NUDGE_EVENT]);
  for (const file of files(src)) {
    const text = readFileSync(file, 'utf8');
    for (let at = text.indexOf('audit.record('); at >= 0; at = text.indexOf('audit.record(', at + 1)) {
      let depth = 0;
      let end = at + 'audit.record'.length;
      for (; end < text.length; end++) {
        if (text[end] === '(') depth++;
        else if (text[end] === ')' && --depth === 0) break;
      }
      const call = text.slice(at, end);
      if (!/subjectType:\s*('CASE'|'REPORT'|'REFERRAL'|REFERRAL_AGGREGATE)/.test(call)) continue;
      for (const m of call.matchAll(/action:\s*(?:[^,]*\?\s*)?'([A-Z_]+)'(?:\s*:\s*'([A-Z_]+)')?/g)) [m[1], m[2]].filter(Boolean).forEach((a) => found.add(a));
    }
    for (const m of text.matchAll(/audit:\s*\{\s*action:\s*'([A-Z_]+)'/g)) found.add(m[1]);
    for (const m of text.matchAll(/(?:auditReads\([^,]+,\s*|moveReport\([^)]*,\s*)'([A-Z_]+)'/g)) found.add(m[1]);
  }
  return found;
}

describe('audit actions on the access log', () => {
  it('each has words in both catalogues', () => {
    const actions = [...caseAuditActions()];
    // The scan really finds the actions it is meant to (reads, changes, referral events).
    expect(actions).toEqual(
      expect.arrayContaining(['CASE_PERSONAL_DATA_READ', 'CASE_ASSIGNED', 'REPORT_UNLINKED', 'TRIAGE_QUEUE_READ', 'REFERRAL_SENT', 'REFERRAL_NUDGED', 'CONSENT_RECORDED']),
    );
    const missing = actions.filter((a) => !catalogueHas('vi', `auditaction.${a}`) || !catalogueHas('en', `auditaction.${a}`));
    expect(missing).toEqual([]);
  });
});
