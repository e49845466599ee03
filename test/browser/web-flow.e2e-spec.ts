import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { FixedClock } from '../../src/common/clock';
import { Role } from '../../src/identity/enums';
import { AgencyType } from '../../src/referrals/enums';
import { DeadlineReconciler } from '../../src/deadlines/deadline-reconciler';
import { SESSION_COOKIE } from '../../src/web/session';
import { makeAgency, makeUser, TEST_PASSWORD } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';

/**
 * The whole product through its web UI, in headless Chromium against the real app on a real port and the real
 * worker: a public report and its status, an operator's call, the worker's assessment, the police's handling of
 * the referral routing sent, and the supervisor's dashboard once the test clock has made deadlines pass.
 */
// The README's screenshots are refreshed on request (UPDATE_SCREENSHOTS=1 npm test); an ordinary run keeps its
// own under .test-data so the working tree stays clean.
const SHOTS = resolve(__dirname, process.env.UPDATE_SCREENSHOTS ? '../../docs/screenshots' : '../../.test-data/screenshots');
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

// The browser project's testTimeout is not applied per project by every Jest version: state it here.
jest.setTimeout(120_000);

describe('web UI in Chromium', () => {
  let t: TestApp;
  let w: TestWorker;
  let clock: FixedClock;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];
  // The people and agencies of the demo (src/local/demo-seed.ts), so the screenshots show what a demo user sees.
  const names = { operator: 'operator.qn', worker: 'worker.qn', police: 'police.qn', supervisor: 'supervisor.qn', national: 'operator.111' };
  const AGENCY_NAMES: Record<AgencyType, string> = {
    POLICE: 'Công an tỉnh Quảng Ninh',
    HEALTH: 'Bệnh viện Sản Nhi Quảng Ninh',
    EDUCATION: 'Sở Giáo dục và Đào tạo Quảng Ninh',
    SOCIAL_SERVICES: 'Trung tâm Công tác xã hội tỉnh Quảng Ninh',
    JUSTICE: 'Trung tâm Trợ giúp pháp lý nhà nước tỉnh Quảng Ninh',
    LOCAL_AUTHORITY: 'Ủy ban nhân dân phường Hà Tu',
  };
  const callerPhone = '0912 345 678';
  let trackingCode = '';
  let caseNumber = '';

  const shot = async (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const violations: string[] = [];

  /**
   * Accessibility of the page as it stands, at the laptop and the phone sizes: axe-core's serious and critical
   * findings (WCAG 2.1 A and AA) are collected and must be none; the page must not scroll sideways either.
   */
  async function accessible(screen: string) {
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(result.passes.length).toBeGreaterThan(10); // axe really looked at the page
      for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
        violations.push(
          `${screen} ${size.width}x${size.height}: ${v.id} (${v.impact}) ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
        );
      }
      const sideways = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      if (Number(sideways) > 1) violations.push(`${screen} ${size.width}x${size.height}: scrolls sideways by ${String(sideways)}px`);
    }
    await page.setViewportSize(DESKTOP);
  }

  async function login(username: string) {
    await page.goto(`${base}/login`);
    await page.fill('#username', username);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
  }

  async function logout() {
    await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button')]);
    expect(new URL(page.url()).pathname).toBe('/login');
  }

  const submit = async (selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);

  beforeAll(async () => {
    clock = new FixedClock(new Date());
    t = await startTestApp({ clock });
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    w = await startTestWorker({ clock });
    const ds = t.dataSource;
    const agencies = {} as Record<AgencyType, { id: string }>;
    for (const type of Object.values(AgencyType)) agencies[type] = await makeAgency(ds, { type, provinceCode: '22', name: AGENCY_NAMES[type] });
    await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '22', username: names.operator, fullName: 'Đỗ Thị Hằng' });
    await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: names.worker, fullName: 'Nguyễn Thị Lan' });
    await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'worker.halong', fullName: 'Vũ Minh Tuấn' });
    await makeUser(ds, { role: Role.AGENCY_OFFICER, provinceCode: '22', agencyId: agencies.POLICE.id, username: names.police, fullName: 'Trần Quốc Bảo' });
    const supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22', username: names.supervisor, fullName: 'Phạm Văn Thành' });
    await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: null, username: names.national, fullName: 'Lê Thu Trang' });
    await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '31', username: 'worker.hp', fullName: 'Trần Văn Minh' });
    // A number a supervisor flagged after repeated prank calls: the operator sees it beside the form.
    await t
      .http()
      .post(`/api/v1/intake/callers/${encodeURIComponent(callerPhone)}/flags`)
      .set('Authorization', `Bearer ${t.tokenFor(supervisor)}`)
      .send({ type: 'NEEDS_CARE', note: 'Cô giáo chủ nhiệm, đã báo tin nhiều lần về cùng một học sinh', until: new Date(Date.now() + 20 * 86400_000).toISOString() })
      .expect(201);

    mkdirSync(SHOTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'bvte-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: DESKTOP,
      locale: 'vi-VN',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await w?.close();
    await t?.close();
  });

  it('public: reports online without JavaScript-only parts and checks the status with the tracking code', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/report`);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await expect(page.locator('.banner').textContent()).resolves.toContain('111');
    await expect(page.locator('.danger-box').textContent()).resolves.toContain('113');
    await shot('public-report-390x844');
    await page.setViewportSize(DESKTOP);
    await shot('public-report');
    await accessible('public report');

    // Sent without a child's name: the form comes back with a message in plain Vietnamese and the values kept.
    await page.fill('#narrative', 'Cháu hay bị bố đánh, tối qua nghe tiếng khóc rất lâu.');
    await submit('form[action="/report"] button[type=submit]');
    await expect(page.locator('.errors').textContent()).resolves.toContain('Hãy ghi tên của trẻ');
    expect(await page.inputValue('#narrative')).toContain('Cháu hay bị bố đánh');

    await page.fill('#childName', 'Lê Văn Nam');
    await page.fill('#childAge', '8');
    await page.selectOption('#childSex', 'MALE');
    await page.selectOption('#provinceCode', '22');
    // The commune list follows the province, by name.
    await page.locator('#communeCode option[value="06652"]').waitFor({ state: 'attached', timeout: 10_000 });
    await page.selectOption('#communeCode', '06652');
    await page.check('input[name=abuseTypes][value=PHYSICAL_VIOLENCE]');
    await page.check('input[name=anonymous]');
    await submit('form[action="/report"] button[type=submit]');
    trackingCode = (await page.textContent('#tracking-code'))!.trim();
    expect(trackingCode).toMatch(/^[A-Z0-9-]{12,14}$/);
    await shot('public-report-thanks');
    await accessible('tracking code');

    await page.goto(`${base}/status`);
    await page.fill('#code', trackingCode.toLowerCase());
    await submit('form[action="/status"] button[type=submit]');
    await expect(page.textContent('#report-status')).resolves.toContain('Đã tiếp nhận');
    await shot('public-status');
    await accessible('status');
    await page.goto(`${base}/login`);
    await accessible('login');
  });

  it('operator: logs a report call with the keyboard, sees live lookup, and a case is opened', async () => {
    await login(names.operator);
    expect(new URL(page.url()).pathname).toBe('/operator');
    // Live lookup (fetch to the JSON API with the session cookie) finds the online report's case by the child's name.
    await page.fill('#childName', 'Le Van Nam');
    await page.locator('#lookup-results li').first().waitFor({ timeout: 10_000 });
    await expect(page.locator('#lookup-results').textContent()).resolves.toContain('22-');
    await page.keyboard.press('Alt+1');
    await expect(page.locator('#link-choice').isVisible()).resolves.toBe(true);
    await shot('operator-call-lookup');
    await page.click('#link-clear');
    expect(await page.inputValue('#linkToCaseId')).toBe('');

    await accessible('operator call form with lookup');

    // A new call about another child, from the top of the form, by keyboard only: no mouse, no page.fill.
    await page.goto(`${base}/operator`);
    // Scripts run in the page, where the DOM is; written as text since this file is compiled without the DOM types.
    const focused = () => page.evaluate<string>(`(() => { const e = document.activeElement; return e ? e.id || (e.name + '=' + e.value) : ''; })()`);
    expect(await focused()).toBe('immediateDanger'); // the danger switch has the focus when the page opens
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // call type: REPORT by default
    expect(await focused()).toBe('callType');
    await page.keyboard.press('Tab'); // channel
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('callerPhone');
    await page.keyboard.type(callerPhone);
    // The number called before and a supervisor flagged it: shown beside the form as it is typed.
    await page.locator('#caller-history:not([hidden])').waitFor({ timeout: 10_000 });
    await expect(page.textContent('#caller-history')).resolves.toContain('Cần lưu ý đặc biệt');
    await page.keyboard.press('Tab'); // risk flag
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('childName');
    await page.keyboard.type('Phạm Thị Mai');
    await page.keyboard.press('Tab');
    await page.keyboard.type('11');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('childSex');
    await page.keyboard.press('ArrowUp'); // Không rõ → Nữ
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('provinceCode'); // the operator's province is chosen already
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('communeCode');
    // Type-ahead on the commune's own name ("Hà…" rather than "Phường Hà…"), then the arrow keys.
    await page.keyboard.type('Hà');
    expect(await page.inputValue('#communeCode')).toBe('07168'); // Hà An
    for (let i = 0; i < 6 && (await page.inputValue('#communeCode')) !== '06652'; i++) await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#communeCode')).toBe('06652'); // Hà Tu
    await page.keyboard.press('Tab');
    await page.keyboard.type('Tổ 5, khu 3');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('abuseTypes=PHYSICAL_VIOLENCE');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('abuseTypes=SEXUAL_ABUSE');
    await page.keyboard.press('Space');
    for (let i = 0; i < 30 && (await focused()) !== 'narrative'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('narrative');
    await page.keyboard.type('Cô giáo báo cháu sợ về nhà, có dấu hiệu bị xâm hại.');
    await page.evaluate('window.scrollTo(0, 0)'); // the caller's history beside the top of the form, focus unchanged
    await shot('operator-repeat-caller');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Control+Enter')]);
    caseNumber = (await page.textContent('#case-number'))!.trim();
    expect(caseNumber).toMatch(/^22-\d{4}-\d{6}$/);
    await expect(page.locator('#today-calls').textContent()).resolves.toContain(caseNumber);
    await shot('operator-call-logged');
    await accessible('operator call logged');

    // A silent call is logged too; the report fields step aside for it.
    await page.selectOption('#callType', 'SILENT');
    await expect(page.locator('#report-part').isHidden()).resolves.toBe(true);
    await page.fill('#callerPhone', '0987654321');
    await submit('#call-form button[type=submit]');
    await expect(page.locator('#call-outcome').textContent()).resolves.toContain('Đã ghi nhận cuộc gọi');
    await expect(page.locator('#today-calls tbody tr').count()).resolves.toBe(2);
    await w.drain();
    await logout();
  });

  it('case worker: takes the case, assesses it, and the routed referrals appear with their states', async () => {
    await login(names.worker);
    // The day starts on "Việc của tôi"; the new case waits on the cases list.
    expect(new URL(page.url()).pathname).toBe('/tasks');
    await page.goto(`${base}/cases`);
    await expect(page.locator('#waiting-list').textContent()).resolves.toContain(caseNumber);
    await submit(`#waiting-list a:text("${caseNumber}")`);
    await submit('#take-case');
    await expect(page.textContent('#case-assignee')).resolves.toContain(names.worker);
    await submit('#start-assessment');
    await expect(page.getAttribute('#case-status', 'data-status')).resolves.toBe('ASSESSING');
    await page.selectOption('#riskLevel', 'HIGH');
    await page.fill('#summary', 'Đã gặp cháu và cô giáo chủ nhiệm; thông tin được xác minh.');
    await submit('#record-assessment');
    await expect(page.getAttribute('#case-status', 'data-status')).resolves.toBe('PLANNING');
    await w.drain();

    // Urgent protection, then the plan (goals one per line, services as rows).
    await page.selectOption('#measureType', 'TEMPORARY_ALTERNATIVE_CARE');
    await page.fill('#measureDescription', 'Đưa cháu về ở tạm với bà ngoại.');
    await submit('form[action$="/emergency-measures"] button[type=submit]');
    await expect(page.textContent('#measures ~ ul, section[aria-labelledby=measures]')).resolves.toContain('bà ngoại');
    const due = new Date(clock.now().getTime() + 14 * 86400_000 + 7 * 3600_000).toISOString().slice(0, 10);
    await page.fill('#goals', 'Cháu an toàn tại nhà\nCháu được hỗ trợ tâm lý');
    await page.fill('input[name=itemService] >> nth=0', 'Tư vấn tâm lý');
    await page.selectOption('select[name=itemAgency] >> nth=0', 'HEALTH');
    await page.fill('input[name=itemDue] >> nth=0', due);
    await submit('#submit-plan');
    await expect(page.textContent('#next-step')).resolves.toBeTruthy();
    await expect(page.textContent('section[aria-labelledby=next-step]')).resolves.toContain('Chờ phê duyệt');
    await w.drain();

    await page.fill('#noteText', 'Thăm gia đình, mẹ cháu hợp tác.');
    await submit('form[action$="/notes"] button[type=submit]');
    await expect(page.textContent('#note-list')).resolves.toContain('mẹ cháu hợp tác');
    await w.drain();
    await page.reload();
    const referrals = page.locator('#referral-list');
    await expect(referrals.locator('tr[data-agency=POLICE]').textContent()).resolves.toContain('Đã gửi');
    await expect(referrals.locator('tr[data-agency=HEALTH]').count()).resolves.toBe(1);
    await shot('worker-case');
    await page.setViewportSize(PHONE);
    await shot('worker-case-390x844');
    await page.setViewportSize(DESKTOP);
    await accessible('case page');
    const casePath = new URL(page.url()).pathname;

    // A form post without the page's CSRF token is refused even with the session cookie.
    const forged = await page.evaluate(async (path) => {
      const body = new URLSearchParams({ type: 'VISIT', text: 'forged', occurredAt: '2026-11-22T08:00' });
      return (await fetch(`${path}/notes`, { method: 'POST', body, redirect: 'manual' })).status;
    }, casePath);
    expect(forged).toBe(403);

    // Errors are pages in the reader's language, with the status of the error.
    const missing = await page.goto(`${base}/cases/00000000-0000-4000-8000-000000000000`);
    expect(missing!.status()).toBe(404);
    await expect(page.textContent('main')).resolves.toContain('Không tìm thấy');
    const forbidden = await page.goto(`${base}/operator`);
    expect(forbidden!.status()).toBe(403);
    await expect(page.textContent('main')).resolves.toContain('không có quyền');

    await page.goto(`${base}/cases`);
    await expect(page.locator('#case-list').textContent()).resolves.toContain(caseNumber);
    await shot('worker-cases');
    await accessible('cases list');
    await logout();
  });

  it('agency officer (police): acknowledges, accepts, starts and completes the referral', async () => {
    await login(names.police);
    expect(new URL(page.url()).pathname).toBe('/referrals');
    await expect(page.textContent('#referral-inbox')).resolves.toContain(caseNumber);
    await shot('agency-inbox');
    await accessible('referral inbox');
    await submit(`#referral-inbox a:text("${caseNumber}")`);
    // The agency sees the child's first name only, never the reporter.
    await expect(page.textContent('main')).resolves.toContain('Mai');
    await expect(page.textContent('main')).resolves.not.toContain('Phạm Thị Mai');
    await shot('agency-referral');
    await accessible('referral page');
    for (const action of ['acknowledge', 'accept', 'start']) await submit(`#action-${action}`);
    await expect(page.getAttribute('#referral-status', 'data-status')).resolves.toBe('IN_PROGRESS');
    await page.selectOption('#outcomeCode', 'PROSECUTION_OPENED');
    await page.fill('#outcomeNote', 'Đã lấy lời khai theo thủ tục thân thiện.');
    await submit('#action-complete');
    await expect(page.getAttribute('#referral-status', 'data-status')).resolves.toBe('COMPLETED');
    await expect(page.textContent('#referral-outcome')).resolves.toContain('khởi tố vụ án');
    await shot('agency-referral-completed');
    await w.drain();
    await logout();
  });

  it('supervisor: once the test clock passes the deadlines, the dashboard shows the case as overdue', async () => {
    clock.advance(10 * 86400_000);
    await w.app.get(DeadlineReconciler).run();
    await w.drain();
    await login(names.supervisor);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await expect(page.textContent('#overdue-list')).resolves.toContain(caseNumber);
    expect(Number(await page.textContent('#overdue-count'))).toBeGreaterThan(0);
    expect(await page.locator('svg[role=img]').count()).toBeGreaterThanOrEqual(3);
    await shot('supervisor-dashboard');
    await accessible('overdue dashboard');
    // A reminder to an agency whose referral is overdue: a plain form with the page's CSRF token.
    await submit('button[data-nudge]');
    await expect(page.textContent('#nudge-notice')).resolves.toContain('Đã nhắc');

    await page.goto(`${base}/statistics`);
    expect(await page.locator('svg[role=img]').count()).toBeGreaterThanOrEqual(5);
    await shot('supervisor-statistics');
    await accessible('statistics');
    // The export links are the API's, opened with the session cookie.
    const csv = await page.request.get(`${base}${await page.getAttribute('#export-csv', 'href')}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const xlsx = await page.request.get(`${base}${await page.getAttribute('#export-xlsx', 'href')}`);
    expect(xlsx.status()).toBe(200);

    await page.goto(`${base}/cases?scope=all`);
    await expect(page.textContent('#case-list')).resolves.toContain(caseNumber);
    await expect(page.locator('#case-list tr.row-overdue').first().textContent()).resolves.toContain(caseNumber);

    // The submitted plan waits on the approvals list; the supervisor opens the case and approves it there.
    await page.goto(`${base}/approvals`);
    await expect(page.textContent('#approvals')).resolves.toContain(caseNumber);
    await shot('supervisor-approvals');
    await accessible('approvals');
    await submit(`#approvals a:text("${caseNumber}")`);
    // Reassignment picks one of the place's workers, each with their open caseload.
    await expect(page.locator('#assigneeUsername option').count()).resolves.toBe(2);
    await expect(page.textContent('#assigneeUsername')).resolves.toContain('ca đang mở');
    await submit('#approve-plan');
    await expect(page.getAttribute('#case-status', 'data-status')).resolves.toBe('INTERVENING');
    await shot('supervisor-case-approved');
    await accessible('case page (supervisor)');

    // Temporary access for a worker of another province, then revoked.
    await submit('#manage-access');
    await page.fill('#username', 'worker.hp');
    await page.fill('#until', new Date(clock.now().getTime() + 7 * 86400_000 + 7 * 3600_000).toISOString().slice(0, 16));
    await page.fill('#reason', 'Cháu đang ở nhà ông bà tại Hải Phòng; cần cán bộ Hải Phòng hỗ trợ xác minh.');
    await submit('form[action$="/access"] button[type=submit]');
    await expect(page.textContent('#grants')).resolves.toContain('Trần Văn Minh');
    await shot('supervisor-access-grants');
    await accessible('access grants');
    await submit('#grants button[type=submit]');
    await expect(page.textContent('#grants')).resolves.toContain('Đã thu hồi');

    // Who viewed the case: everyone who read or changed it, in words, newest first; opening it is on the log too.
    await submit('main a[href^="/cases/"]:text("Quay lại")');
    await submit('#access-log-link');
    await expect(page.textContent('h1')).resolves.toContain(caseNumber);
    const log = await page.textContent('#access-log');
    expect(log).toContain('Nguyễn Thị Lan');
    expect(log).toContain('Cán bộ xử lý ca');
    expect(log).toContain('Cấp quyền truy cập tạm thời');
    expect(log).not.toMatch(/CASE_[A-Z_]+/);
    await shot('supervisor-access-log');
    await accessible('access log');

    // The number flagged before the day began: its calls and the flag, which the supervisor may clear.
    await page.goto(`${base}/callers?phone=${encodeURIComponent(callerPhone)}`);
    await expect(page.textContent('#caller-flags')).resolves.toContain('Cần lưu ý đặc biệt');
    await shot('supervisor-callers');
    await accessible('repeat callers');
    await page.goto(`${base}/cases?scope=all`);

    // English switch, and back.
    await submit('a[lang=en]');
    await expect(page.textContent('h1')).resolves.toBe('Cases in my area');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await submit('a[lang=vi]');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');

    // Logging out ends the session on the server: the old cookie no longer opens any page.
    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    await logout();
    await context.addCookies([{ name: cookie.name, value: cookie.value, domain: cookie.domain, path: '/' }]);
    await page.goto(`${base}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/dashboard');
  });

  it('case worker: the notifications list what became overdue, linked to the case', async () => {
    await w.drain();
    await login(names.worker);
    await page.goto(`${base}/notifications`);
    expect(Number(await page.textContent('#unread-count'))).toBeGreaterThan(0);
    await expect(page.locator('#notification-list a').first().getAttribute('href')).resolves.toMatch(/^\/(cases|referrals)\//);
    await shot('worker-notifications');
    await accessible('notifications');
    await submit('form[action="/notifications/read-all"] button');
    await expect(page.textContent('#unread-count')).resolves.toBe('0');
    // "Việc của tôi": what is due, soonest first, overdue marked.
    await page.goto(`${base}/tasks`);
    await expect(page.textContent('#tasks')).resolves.toContain(caseNumber);
    await shot('worker-tasks');
    await page.setViewportSize(PHONE);
    await shot('worker-tasks-390x844');
    await page.setViewportSize(DESKTOP);
    await accessible('my tasks');
    await logout();
  });

  it('the OpenAPI UI renders under the strict Content-Security-Policy', async () => {
    await page.goto(`${base}/api/docs/`);
    await page.waitForSelector('.swagger-ui .info .title');
    expect(await page.textContent('.swagger-ui .info .title')).toContain('Bảo vệ trẻ em');
  });

  it('national operator: places a report with no known province in its province and commune, by name', async () => {
    const online = await t
      .http()
      .post('/api/v1/intake/online-reports')
      .send({
        reporter: { anonymous: true },
        children: [{ fullName: 'Hoàng Văn Tú', sex: 'MALE', age: 10 }],
        abuseTypes: ['NEGLECT'],
        narrative: 'Cháu thường bị bỏ đói, ở một mình cả ngày gần chợ Hạ Long.',
      })
      .expect(201);
    expect(online.body.trackingCode).toBeTruthy();
    await login(names.national);
    await page.goto(`${base}/triage`);
    await expect(page.locator('#triage tbody tr').count()).resolves.toBeGreaterThan(0);
    await shot('operator-triage');
    await accessible('triage queue');
    await submit('#triage a.button >> nth=0');
    await page.selectOption('#provinceCode', '22');
    await page.locator('#communeCode option[value="06688"]').waitFor({ state: 'attached', timeout: 10_000 });
    await page.selectOption('#communeCode', '06688');
    await page.fill('#reason', 'Người báo tin mô tả khu chợ Hạ Long, phường Hạ Long.');
    await shot('operator-triage-place');
    await accessible('triage place');
    await submit('form[action^="/triage/"] button[type=submit]');
    expect(new URL(page.url()).search).toBe('?done=placed');
    await logout();
  });

  it('every screen passes axe (no serious or critical violations) at 1366×768 and 390×844', () => {
    expect(violations).toEqual([]);
  });

  it('ran without script errors or blocked content', () => {
    expect(problems).toEqual([]);
  });
});
