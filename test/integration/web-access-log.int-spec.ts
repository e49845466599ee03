import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock';
import { AuditService } from '../../src/audit/audit.service';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { LOGIN_COOKIE, SESSION_COOKIE } from '../../src/web/session';
import { makeCase, makeUser, TEST_PASSWORD } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * "Ai đã xem hồ sơ này": the supervisor's screen of who read or changed a case and its children's data, in
 * words, newest first and a page at a time; opening it is audited like the API, and no one else may open it.
 */
describe('web: who viewed this case', () => {
  let t: TestApp;
  let ds: DataSource;
  let clock: FixedClock;
  const MINUTE = 60_000;

  beforeAll(async () => {
    clock = new FixedClock(new Date());
    t = await startTestApp({ clock });
    ds = t.dataSource;
  });
  afterAll(() => t.close());

  const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  const cookieNamed = (res: { headers: Record<string, unknown> }, name: string): string =>
    String(([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith(`${name}=`))).split(';')[0];

  /** Signs in through the login form as a browser does (the login page first, for its pre-login cookie and token). */
  async function signIn(username: string) {
    const login = await t.http().get('/login').expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(login.text)![1];
    const res = await t.http().post('/login').set('Cookie', cookieNamed(login, LOGIN_COOKIE)).type('form').send({ username, password: TEST_PASSWORD, _csrf: token }).expect(303);
    const cookie = cookieNamed(res, SESSION_COOKIE);
    return { get: (path: string) => t.http().get(path).set('Cookie', cookie) };
  }

  /** The table's rows as their cells' text. */
  const rows = (page: string) =>
    [...page.matchAll(/<tr><td>(.*?)<\/tr>/gs)].map((m) => [...`<td>${m[1]}`.matchAll(/<td>(.*?)<\/td>/gs)].map((c) => c[1].replace(/<[^>]+>/g, '').trim()));

  const logReads = async (caseId: string, username: string) =>
    (await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'CASE_ACCESS_LOG_READ' AND subject_id = $1 AND actor_username = $2`, [caseId, username]))[0]
      .n as number;

  it('lists who read or changed the case in words, newest first, and records the reading', async () => {
    const supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22', fullName: 'Phạm Văn Thành' });
    const worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', fullName: 'Nguyễn Thị Lan' });
    const c = await makeCase(ds, { status: 'RECEIVED' });
    await t.http().post(`/api/v1/cases/${c.id}/assignment`).set(as(supervisor)).send({ assigneeUsername: worker.username }).expect(200);
    clock.advance(5 * MINUTE);
    const web = await signIn(supervisor.username);
    const casePage = await web.get(`/cases/${c.id}`).expect(200);
    expect(casePage.text).toContain(`<a href="/cases/${c.id}/access-log" id="access-log-link">Ai đã xem hồ sơ này</a>`);
    clock.advance(5 * MINUTE);
    await t.http().get(`/api/v1/cases/${c.id}`).set(as(worker)).expect(200);
    clock.advance(5 * MINUTE);

    const before = await logReads(c.id, supervisor.username);
    const page = await web.get(`/cases/${c.id}/access-log`).expect(200);
    expect(page.text).toContain(`Ai đã xem hồ sơ ca ${c.caseNumber}`);
    const shown = rows(page.text);
    // Newest first: the worker's read of the file, then the supervisor's reading of the case page, the assignment last.
    expect(shown[0]).toEqual([
      expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/),
      `Nguyễn Thị Lan (${worker.username})`,
      'Cán bộ xử lý ca',
      'Xem hồ sơ ca (thông tin cá nhân của trẻ và người báo tin)',
    ]);
    expect(shown[1].slice(1, 3)).toEqual([`Phạm Văn Thành (${supervisor.username})`, 'Cán bộ giám sát']);
    expect(shown.map((r) => r[3])).toContain('Xem diễn biến ca');
    expect(shown[shown.length - 1].slice(1)).toEqual([`Phạm Văn Thành (${supervisor.username})`, 'Cán bộ giám sát', 'Giao ca']);
    expect(shown.map((r) => r[3])).not.toContain('Hoạt động khác trên hồ sơ');
    expect(page.text).not.toMatch(/CASE_[A-Z_]+_READ|CASE_ASSIGNED/);
    // Reading the page is audited like the API, and shows at the top the next time.
    expect(await logReads(c.id, supervisor.username)).toBe(before + 1);
    clock.advance(MINUTE);
    const again = rows((await web.get(`/cases/${c.id}/access-log`).expect(200)).text);
    expect(again[0].slice(1)).toEqual([`Phạm Văn Thành (${supervisor.username})`, 'Cán bộ giám sát', 'Xem danh sách người đã xem hồ sơ']);
  });

  it('pages through a long log', async () => {
    const supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    const worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    const c = await makeCase(ds, { status: 'ASSESSING', assigneeId: worker.id });
    const audit = t.app.get(AuditService);
    for (let i = 0; i < 55; i++) {
      clock.advance(MINUTE);
      await audit.record({ actor: worker, action: 'CASE_NOTES_READ', subjectType: 'CASE', subjectId: c.id, provinceCode: '22', communeCode: '06652' });
    }
    const web = await signIn(supervisor.username);
    const first = await web.get(`/cases/${c.id}/access-log`).expect(200);
    expect(rows(first.text)).toHaveLength(50);
    expect(first.text).toContain('Trang 1/2 · Tổng số: 55');
    expect(first.text).toContain(`href="/cases/${c.id}/access-log?page=2" rel="next"`);
    const second = await web.get(`/cases/${c.id}/access-log?page=2`).expect(200);
    // The first reading of the page is now on the log too.
    expect(second.text).toContain('Trang 2/2 · Tổng số: 56');
    expect(rows(second.text)).toHaveLength(6);
    expect(rows(second.text).every((r) => r[3] === 'Xem ghi chép của ca')).toBe(true);
    // A page number that is not one shows the first page.
    expect(rows((await web.get(`/cases/${c.id}/access-log?page=abc`).expect(200)).text)).toHaveLength(50);
  });

  it('is for supervisors of the case’s place only', async () => {
    const worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    const elsewhere = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '31' });
    const c = await makeCase(ds, { status: 'ASSESSING', assigneeId: worker.id });
    const asWorker = await signIn(worker.username);
    expect((await asWorker.get(`/cases/${c.id}`).expect(200)).text).not.toContain('/access-log');
    await asWorker.get(`/cases/${c.id}/access-log`).expect(403);
    const asOutsider = await signIn(elsewhere.username);
    const refused = await asOutsider.get(`/cases/${c.id}/access-log`).expect(404);
    expect(refused.text).not.toContain(c.caseNumber);
    await asOutsider.get('/cases/not-a-case/access-log').expect(404);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'CASE_ACCESS_LOG_READ' AND subject_id = $1`, [c.id]);
    expect(n).toBe(0);
    // Without a session the page asks to sign in, and comes back here afterwards.
    const anonymous = await t.http().get(`/cases/${c.id}/access-log`).expect(303);
    expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(`/cases/${c.id}/access-log`)}`);
  });
});
