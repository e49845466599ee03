import { startTestApp, TestApp } from '../support/test-app';
import { listRoutes, RouteInfo } from '../support/routes';
import { makeAgency, makeUser } from '../support/factories';
import { Role } from '../../src/identity/enums';
import { AgencyType } from '../../src/referrals/enums';
import { Audience } from '../../src/common/access/allow.decorator';
import { ACCESS_ROWS } from '../support/access';
import { User } from '../../src/identity/user.entity';

/**
 * The access matrix: every route of the app, who may call it. A route missing here, or declared differently
 * in code, fails this test — so every new endpoint states its audience. Each feature keeps its rows in
 * test/support/access/<feature>.ts.
 */
const MATRIX: Record<string, Audience[]> = Object.assign({}, ...Object.values(ACCESS_ROWS));

// Every route × every role: longer than Jest's default per-test limit on a busy machine.
jest.setTimeout(120_000);

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const concrete = (path: string) =>
  path
    .replace(/:code/g, '22')
    .replace(/:locale/g, 'en')
    .replace(/:[A-Za-z]+/g, SAMPLE_ID);
/** Web pages answer an unauthenticated visitor with a redirect to the login page rather than a 401. */
const isPage = (path: string) => !/^\/(api|health)(\/|$)/.test(path);

describe('access matrix', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const users = new Map<Role, User>();

  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
    const agency = await makeAgency(t.dataSource, { type: AgencyType.POLICE, provinceCode: '22' });
    for (const role of Object.values(Role)) {
      users.set(role, await makeUser(t.dataSource, { role, provinceCode: null, agencyId: role === Role.AGENCY_OFFICER ? agency.id : null }));
    }
  });
  afterAll(() => t.close());

  it('every route declares who may call it, exactly as in the matrix', () => {
    expect(routes.length).toBeGreaterThan(5);
    const declared = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r.allow ?? []]));
    const missing = routes.filter((r) => !r.allow || r.allow.length === 0).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    expect(Object.keys(declared).sort()).toEqual(Object.keys(MATRIX).sort());
    for (const [key, audience] of Object.entries(MATRIX)) expect([key, [...declared[key]].sort()]).toEqual([key, [...audience].sort()]);
  });

  it('without a token, only PUBLIC routes answer anything but 401 (pages: a redirect to /login)', async () => {
    for (const [key, audience] of Object.entries(MATRIX)) {
      const [method, path] = key.split(' ');
      const res = await t.http()[method.toLowerCase() as 'get'](concrete(path)).send({});
      const refused = isPage(path) ? [303, '/login'] : [401, undefined];
      const answer = isPage(path) ? [res.status, String(res.headers.location ?? '').split('?')[0]] : [res.status, undefined];
      if (audience.includes('PUBLIC')) expect([key, ...answer]).not.toEqual([key, ...refused]);
      else expect([key, ...answer]).toEqual([key, ...refused]);
    }
  });

  it('each role gets 403 exactly where the matrix excludes it', async () => {
    for (const [key, audience] of Object.entries(MATRIX)) {
      if (audience.includes('PUBLIC')) continue;
      const [method, path] = key.split(' ');
      for (const role of Object.values(Role)) {
        const res = await t
          .http()
          [method.toLowerCase() as 'get'](concrete(path))
          .set('Authorization', `Bearer ${t.tokenFor(users.get(role)!)}`)
          .send({});
        const allowed = audience.includes('AUTHENTICATED') || audience.includes(role);
        if (allowed) expect([key, role, res.status]).not.toEqual([key, role, 403]);
        else expect([key, role, res.status]).toEqual([key, role, 403]);
        expect([key, role, res.status]).not.toEqual([key, role, 500]);
      }
    }
  });
});
