import { loadConfig } from '../config/config';
import { isApiPath, webErrorRenderer } from './web-errors';
import { homeOf, safeNext } from './web.service';
import { assertSameOrigin } from './web-response';
import { Role } from '../identity/enums';

function fakeRes() {
  const res = {
    statusCode: 200,
    headers: {} as Record<string, string>,
    body: '',
    location: '',
    cleared: [] as string[],
    setHeader(k: string, v: string) {
      res.headers[k] = v;
    },
    status(c: number) {
      res.statusCode = c;
      return res;
    },
    type() {
      return res;
    },
    send(b: string) {
      res.body = b;
      return res;
    },
    redirect(c: number, l: string) {
      res.statusCode = c;
      res.location = l;
    },
    clearCookie(name: string) {
      res.cleared.push(name);
    },
  };
  return res;
}

const config = loadConfig({ DATABASE_URL: 'postgres://x@localhost/x', REDIS_URL: 'redis://localhost', APP_MODE: 'test' });
const render = webErrorRenderer(config);
const req = (path: string, extra: Record<string, unknown> = {}) => ({ path, originalUrl: path, method: 'GET', headers: {}, locale: 'vi', ...extra });

describe('web error pages', () => {
  it('leaves API paths to the JSON error shape', () => {
    expect(isApiPath('/api/v1/cases')).toBe(true);
    expect(isApiPath('/health')).toBe(true);
    expect(isApiPath('/cases')).toBe(false);
    expect(render(req('/api/v1/cases'), fakeRes(), { statusCode: 404, error: 'Not Found', message: 'x' })).toBe(false);
  });
  it('sends an unauthenticated visitor to the login page and back, clearing a dead session cookie', () => {
    const res = fakeRes();
    expect(
      render(req('/cases/1', { originalUrl: '/cases/1?done=notes', headers: { cookie: 'bvte_session=abc' } }), res, { statusCode: 401, error: 'Unauthorized', message: 'x' }),
    ).toBe(true);
    expect([res.statusCode, res.location, res.cleared]).toEqual([303, '/login?next=%2Fcases%2F1%3Fdone%3Dnotes', ['bvte_session']]);
  });
  it('renders other errors as a page in the reader language, without details for 404 and 500', () => {
    const forbidden = fakeRes();
    render(req('/operator', { locale: 'en' }), forbidden, { statusCode: 403, error: 'Forbidden', message: 'Your role <b> may not' });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.body).toContain('<html lang="en">');
    expect(forbidden.body).toContain('Your role &lt;b&gt; may not');
    const missing = fakeRes();
    render(req('/cases/x'), missing, { statusCode: 404, error: 'Not Found', message: 'Case x was not found or is outside your jurisdiction' });
    expect(missing.body).toContain('Không tìm thấy');
    expect(missing.body).not.toContain('jurisdiction');
  });
});

describe('navigation helpers', () => {
  it('accepts only local paths to return to', () => {
    expect(safeNext('/cases?x=1')).toBe('/cases?x=1');
    expect(safeNext('//evil.example')).toBeNull();
    expect(safeNext('/\\evil.example')).toBeNull();
    expect(safeNext('https://evil.example')).toBeNull();
    expect(safeNext(undefined)).toBeNull();
  });
  it('starts each role on its own screen', () => {
    expect(Object.values(Role).map(homeOf)).toEqual(['/operator', '/tasks', '/referrals', '/dashboard', '/notifications']);
  });
});

describe('same-origin check for forms without a session', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as never;
  it('accepts our own pages and clients that send no Origin, refuses other sites', () => {
    expect(() => assertSameOrigin(req({ host: 'bvte.vn', origin: 'https://bvte.vn' }))).not.toThrow();
    expect(() => assertSameOrigin(req({ host: 'bvte.vn' }))).not.toThrow();
    expect(() => assertSameOrigin(req({ host: 'app:3000', 'x-forwarded-host': 'bvte.vn', origin: 'https://bvte.vn' }))).not.toThrow();
    expect(() => assertSameOrigin(req({ host: 'bvte.vn', origin: 'https://evil.example' }))).toThrow(/another site/);
  });
});
