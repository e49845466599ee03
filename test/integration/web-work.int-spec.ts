import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeAgency, makeCase, makeDeadlineRow, makeReferral, makeUser, TEST_PASSWORD } from '../support/factories';
import { Role } from '../../src/identity/enums';
import { AgencyType } from '../../src/referrals/enums';
import { LOGIN_COOKIE, SESSION_COOKIE } from '../../src/web/session';

/**
 * The screens of everyday work as plain HTML forms (no JavaScript): reminders from the dashboard, approvals in
 * one step, placing a triage case by name, access grants, and the supervisor's reassignment picker.
 */
describe('web: everyday work without JavaScript', () => {
  let t: TestApp;
  let ds: DataSource;
  const HOUR = 3_600_000;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
  });
  afterAll(() => t.close());

  /** A form answered with a redirect (303), as a successful post is. */
  const redirected = (r: { status: number; text: string; headers: Record<string, string> }) => {
    expect([r.status, r.status === 303 ? '' : r.text.slice(0, 2000)]).toEqual([303, '']);
    return r;
  };

  const cookieNamed = (res: { headers: Record<string, unknown> }, name: string): string =>
    String(([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith(`${name}=`))).split(';')[0];

  /** Posts the login form as a browser does: the login page first (its pre-login cookie and token), then the form. */
  async function postLogin(username: string) {
    const page = await t.http().get('/login').expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    return t.http().post('/login').set('Cookie', cookieNamed(page, LOGIN_COOKIE)).type('form').send({ username, password: TEST_PASSWORD, _csrf: token }).expect(303);
  }

  /** Signs in through the login form; returns the session cookie and a way to read a page's CSRF token. */
  async function signIn(username: string) {
    const res = await postLogin(username);
    const cookie = cookieNamed(res, SESSION_COOKIE);
    const get = (path: string) => t.http().get(path).set('Cookie', cookie);
    const csrf = async (path: string) => /name="_csrf" value="([^"]+)"/.exec((await get(path).expect(200)).text)![1];
    const post = async (path: string, from: string, form: Record<string, string> = {}) =>
      t
        .http()
        .post(path)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: await csrf(from), ...form });
    return { get, post };
  }

  it('a supervisor reminds an agency from the dashboard with a plain form', async () => {
    const supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22', username: 'tran.thi.lan' });
    const police = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22', name: 'Công an tỉnh Quảng Ninh' });
    const c = await makeCase(ds, { status: 'INTERVENING' });
    const referral = await makeReferral(ds, { caseId: c.id, agencyId: police.id, agencyType: AgencyType.POLICE });
    await makeDeadlineRow(ds, {
      key: 'REFERRAL_ACKNOWLEDGE',
      caseId: c.id,
      referralId: referral,
      agencyId: police.id,
      startedAt: new Date(Date.now() - 30 * HOUR),
      dueAt: new Date(Date.now() - 6 * HOUR),
      status: 'OVERDUE',
      provinceCode: '22',
    });
    const web = await signIn(supervisor.username);
    const page = await web.get('/dashboard').expect(200);
    expect(page.text).toContain(`action="/dashboard/referrals/${referral}/nudge"`);
    const sent = await web.post(`/dashboard/referrals/${referral}/nudge`, '/dashboard').then(redirected);
    expect(sent.headers.location).toBe('/dashboard?nudge=done');
    expect((await web.get('/dashboard?nudge=done').expect(200)).text).toContain('Đã nhắc cơ quan');
    const [history] = await ds.query(`SELECT count(*)::int AS n FROM referral_event WHERE referral_id = $1 AND type = 'REFERRAL_NUDGED'`, [referral]);
    expect(history.n).toBe(1);
    // A second reminder within the hour is refused, and the page says so.
    const again = await web.post(`/dashboard/referrals/${referral}/nudge`, '/dashboard').then(redirected);
    expect(again.headers.location).toBe('/dashboard?nudge=refused');
  });

  it('a supervisor approves a submitted plan and returns another from the approvals list', async () => {
    const supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    const worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    const first = await makeCase(ds, { status: 'PLANNING', assigneeId: worker.id });
    const second = await makeCase(ds, { status: 'PLANNING', assigneeId: worker.id });
    for (const c of [first, second]) {
      await ds.query(`INSERT INTO case_plan (case_id, version_number, status, goals, submitted_by, submitted_at) VALUES ($1, 1, 'SUBMITTED', $2, $3, now() - interval '3 hours')`, [
        c.id,
        ['An toàn tại nhà'],
        worker.id,
      ]);
    }
    const web = await signIn(supervisor.username);
    const list = await web.get('/approvals').expect(200);
    expect(list.text).toContain(first.caseNumber);
    expect(list.text).toContain(second.caseNumber);
    const approved = await web.post(`/approvals/${first.id}/approve`, '/approvals', { expectedVersion: '1' }).then(redirected);
    expect(approved.headers.location).toBe('/approvals?done=approve');
    const [{ status }] = await ds.query(`SELECT status FROM protection_case WHERE id = $1`, [first.id]);
    expect(status).toBe('INTERVENING');

    const refused = await web.post(`/approvals/${second.id}/return`, '/approvals', { expectedVersion: '1', reason: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Vui lòng sửa các lỗi sau');
    await web.post(`/approvals/${second.id}/return`, '/approvals', { expectedVersion: '1', reason: 'Bổ sung mục tiêu học tập' }).then(redirected);
    const [{ status: planStatus }] = await ds.query(`SELECT status FROM case_plan WHERE case_id = $1`, [second.id]);
    expect(planStatus).toBe('RETURNED');
    expect((await web.get('/approvals').expect(200)).text).not.toContain(second.caseNumber);
  });

  it('a national operator places a triage case by province and commune name', async () => {
    const operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: null, username: 'nguyen.van.hung' });
    const c = await makeCase(ds, { status: 'RECEIVED', provinceCode: null, communeCode: null, caseNumber: `VN-2026-${String(Date.now()).slice(-6)}` });
    const web = await signIn(operator.username);
    expect((await web.get('/triage').expect(200)).text).toContain(c.caseNumber);
    // Without JavaScript, the province is sent first and the page comes back with its communes by name.
    const picked = await web.post(`/triage/${c.id}`, `/triage/${c.id}`, { provinceCode: '22', pickCommune: '1', reason: 'Người gọi ở Hạ Long' });
    expect(picked.status).toBe(200);
    expect(picked.text).toContain('<option value="06652">Hà Tu (Phường)</option>');
    expect(picked.text).toContain('Người gọi ở Hạ Long');
    const placed = await web.post(`/triage/${c.id}`, `/triage/${c.id}`, { provinceCode: '22', communeCode: '06652', reason: 'Người gọi ở Hạ Long' }).then(redirected);
    expect(placed.headers.location).toBe('/triage?done=placed');
    const [row] = await ds.query(`SELECT province_code, commune_code FROM protection_case WHERE id = $1`, [c.id]);
    expect(row).toEqual({ province_code: '22', commune_code: '06652' });
    // A provincial operator has no triage queue.
    const regional = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '22' });
    await (await signIn(regional.username)).get('/triage').expect(403);
  });

  it('a supervisor grants and revokes temporary access, and reassigns from a picker of the place’s workers', async () => {
    const supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    const worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'le.thi.hoa' });
    const outsider = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '31', username: 'pham.van.duc' });
    const c = await makeCase(ds, { status: 'ASSESSING', assigneeId: worker.id });
    await makeCase(ds, { status: 'PLANNING', assigneeId: worker.id });
    const web = await signIn(supervisor.username);

    const casePage = await web.get(`/cases/${c.id}`).expect(200);
    expect(casePage.text).toMatch(/<select id="assigneeUsername" name="assigneeUsername" required>.*le\.thi\.hoa\) — 2 ca đang mở/s);
    expect(casePage.text).not.toContain('pham.van.duc');

    const until = new Date(Date.now() + 7 * 24 * HOUR + 7 * HOUR).toISOString().slice(0, 16);
    const granted = await web
      .post(`/cases/${c.id}/access`, `/cases/${c.id}/access`, { username: outsider.username, until, reason: 'Hỗ trợ xác minh tại Hải Phòng' })
      .then(redirected);
    expect(granted.headers.location).toBe(`/cases/${c.id}/access?done=granted`);
    const page = await web.get(`/cases/${c.id}/access?done=granted`).expect(200);
    expect(page.text).toContain('pham.van.duc');
    const grantId = /action="\/cases\/[^/]+\/access\/([0-9a-f-]+)\/revoke"/.exec(page.text)![1];
    await web.post(`/cases/${c.id}/access/${grantId}/revoke`, `/cases/${c.id}/access`).then(redirected);
    const [{ revoked_at }] = await ds.query(`SELECT revoked_at FROM case_access_grant WHERE id = $1`, [grantId]);
    expect(revoked_at).not.toBeNull();
    const bad = await web.post(`/cases/${c.id}/access`, `/cases/${c.id}/access`, { username: 'khong.co.ai', until, reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Không có người dùng khong.co.ai');
  });

  it('a worker starts the day on “Việc của tôi”', async () => {
    const worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    const c = await makeCase(ds, { status: 'ASSESSING', assigneeId: worker.id });
    await makeDeadlineRow(ds, { key: 'CASE_ASSESSMENT', caseId: c.id, startedAt: new Date(Date.now() - 30 * HOUR), dueAt: new Date(Date.now() - HOUR), status: 'OVERDUE' });
    const res = await postLogin(worker.username);
    expect(res.headers.location).toBe('/tasks');
    const page = await t.http().get('/tasks').set('Cookie', cookieNamed(res, SESSION_COOKIE)).expect(200);
    expect(page.text).toContain('Việc của tôi');
    expect(page.text).toContain(c.caseNumber);
    expect(page.text).toContain('Phường Hà Tu, Quảng Ninh');
    expect(page.text).toContain('Chỉ tiêu');
  });

  it('a supervisor flags a calling number from its page; operators of the province see the flag until it is cleared', async () => {
    const supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    const operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '22' });
    const web = await signIn(supervisor.username);
    const phone = '0987 111 222';
    const until = new Date(Date.now() + 10 * 24 * HOUR + 7 * HOUR).toISOString().slice(0, 16);
    const refused = await web.post(`/callers/${encodeURIComponent(phone)}/flags`, `/callers?phone=${encodeURIComponent(phone)}`, { type: 'PRANK', note: '', until });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Cần ghi chú');
    const set = await web
      .post(`/callers/${encodeURIComponent(phone)}/flags`, `/callers?phone=${encodeURIComponent(phone)}`, { type: 'PRANK', note: 'Gọi đùa nhiều lần trong tuần', until })
      .then(redirected);
    expect(set.headers.location).toBe(`/callers?phone=${encodeURIComponent(phone)}&done=flagged`);

    const seen = await (await signIn(operator.username)).get(`/callers?phone=${encodeURIComponent(phone)}`).expect(200);
    expect(seen.text).toContain('Gọi đùa nhiều lần:</strong> Gọi đùa nhiều lần trong tuần');
    expect(seen.text).not.toContain('/clear"'); // operators see flags, supervisors manage them

    const page = await web.get(`/callers?phone=${encodeURIComponent(phone)}`).expect(200);
    const clear = /action="(\/callers\/[^"]+\/clear)"/.exec(page.text)![1];
    await web.post(clear, `/callers?phone=${encodeURIComponent(phone)}`).then(redirected);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM caller_flag WHERE phone = '0987111222' AND cleared_at IS NULL`);
    expect(n).toBe(0);
  });
});
