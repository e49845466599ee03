import { startTestApp, TestApp } from '../support/test-app';
import { makeUser, TEST_PASSWORD } from '../support/factories';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { LOGIN_COOKIE, SESSION_COOKIE } from '../../src/web/session';

/**
 * Login CSRF: the web login form signs in only with the token its page carried, tied to the browser's
 * pre-login cookie. Another site's page (with its Origin, with `Origin: null`, or with none) gets no session.
 */
const setCookies = (res: { headers: Record<string, unknown> }): string[] => ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);
const cookieValue = (res: { headers: Record<string, unknown> }, name: string): string | undefined =>
  setCookies(res)
    .map((c) => /^([^=]+)=([^;]*)/.exec(c))
    .find((m) => m?.[1] === name)?.[2];
const formToken = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const sessionSet = (res: { headers: Record<string, unknown> }) => Boolean(cookieValue(res, SESSION_COOKIE));

describe('web login: CSRF', () => {
  let t: TestApp;
  let user: User;

  beforeAll(async () => {
    t = await startTestApp();
    user = await makeUser(t.dataSource, { role: Role.CASE_WORKER, provinceCode: '22', username: 'login.csrf' });
  });
  afterAll(() => t.close());

  /** What a browser holds after opening the login page: the pre-login cookie and the form's token. */
  const openLoginPage = async () => {
    const page = await t.http().get('/login').expect(200);
    const nonce = cookieValue(page, LOGIN_COOKIE);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(setCookies(page).find((c) => c.startsWith(`${LOGIN_COOKIE}=`))).toMatch(/HttpOnly[\s\S]*SameSite=Lax/i);
    return { cookie: `${LOGIN_COOKIE}=${nonce}`, token: formToken(page.text) };
  };
  const form = (token?: string) => ({ username: 'login.csrf', password: TEST_PASSWORD, ...(token === undefined ? {} : { _csrf: token }) });
  // Failed attempts are throttled in Redis and audited: the audit trail tells whether one was counted.
  const failedLogins = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'LOGIN_FAILED' AND subject_id = $1`, [user.id]))[0].n);

  it('the form of the page signs in, with no Origin header at all; the pre-login cookie is then cleared', async () => {
    const { cookie, token } = await openLoginPage();
    expect(token).toHaveLength(32);
    const res = await t.http().post('/login').type('form').set('Cookie', cookie).send(form(token)).expect(303);
    expect(res.headers.location).toBe('/tasks');
    expect(sessionSet(res)).toBe(true);
    expect(setCookies(res).find((c) => c.startsWith(`${LOGIN_COOKIE}=`))).toMatch(/^bvte_login=;/);
  });

  it('also with the same-site Origin', async () => {
    const { cookie, token } = await openLoginPage();
    const res = await t.http().post('/login').type('form').set({ Cookie: cookie, Host: 'bvte.example.vn', Origin: 'https://bvte.example.vn' }).send(form(token)).expect(303);
    expect(sessionSet(res)).toBe(true);
  });

  it.each([
    ['Origin: null, no token, no cookie', { Origin: 'null' }, false, undefined],
    ['no Origin, no token, no cookie', {}, false, undefined],
    ['no Origin, the pre-login cookie but no token', {}, true, undefined],
    ['Origin: null, a token but no cookie', { Origin: 'null' }, false, 'token-from-the-attackers-own-page-'],
  ])('refuses %s: 403, no session, and a fresh form to sign in from', async (_what, headers, withCookie, token) => {
    const before = await failedLogins();
    const { cookie } = await openLoginPage();
    const req = t
      .http()
      .post('/login')
      .type('form')
      .set(headers as Record<string, string>);
    if (withCookie) req.set('Cookie', cookie);
    const res = await req.send(form(token)).expect(403);
    expect(sessionSet(res)).toBe(false);
    expect(res.text).toContain('Trang đăng nhập đã hết hạn hoặc không phải từ trang này');
    // A forged sign-in is not a failed attempt against the account.
    expect(await failedLogins()).toBe(before);
    // The refused page carries a form that works: the person signs in from it.
    const again = withCookie ? cookie : `${LOGIN_COOKIE}=${cookieValue(res, LOGIN_COOKIE)}`;
    const ok = await t
      .http()
      .post('/login')
      .type('form')
      .set('Cookie', again)
      .send(form(formToken(res.text)))
      .expect(303);
    expect(sessionSet(ok)).toBe(true);
  });

  it("refuses the attacker's own valid token with the victim's cookie, and a cross-site Origin even with both", async () => {
    const attacker = await openLoginPage();
    const victim = await openLoginPage();
    const mixed = await t.http().post('/login').type('form').set('Cookie', victim.cookie).send(form(attacker.token)).expect(403);
    expect(sessionSet(mixed)).toBe(false);
    const crossSite = await t.http().post('/login').type('form').set('Cookie', victim.cookie).set('Origin', 'https://evil.example').send(form(victim.token)).expect(403);
    expect(sessionSet(crossSite)).toBe(false);
  });

  it('answers in English when English is chosen', async () => {
    const res = await t.http().post('/login').type('form').set('Cookie', 'bvte_lang=en').send(form()).expect(403);
    expect(res.text).toContain('The sign-in page expired or did not come from this site');
    expect(sessionSet(res)).toBe(false);
  });
});
