import { startTestApp, TestApp } from '../support/test-app';
import { listRoutes } from '../support/routes';
import { makeAgency, makeAgencyOfficer, makeReferral, makeUser } from '../support/factories';
import { callBody } from '../support/payloads';
import { Role } from '../../src/identity/enums';
import { AgencyType } from '../../src/referrals/enums';
import { User } from '../../src/identity/user.entity';

// Every route × every role: longer than Jest's default per-test limit on a busy machine.
jest.setTimeout(120_000);

/**
 * The access matrix by data (the role matrix is access-matrix.int-spec.ts): for every route that names a case,
 * a report or a referral, people of another province and officers of another agency get nothing of a real
 * one — never a 2xx, never a 5xx — and the lists they may call never show it.
 */
describe('access matrix: another province, another agency', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const outsiders: Record<string, User> = {};
  const insiders: Record<string, User> = {};
  const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });

  beforeAll(async () => {
    t = await startTestApp();
    const ds = t.dataSource;
    const policeQn = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22' });
    const educationQn = await makeAgency(ds, { type: AgencyType.EDUCATION, provinceCode: '22' });
    const policeHp = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '31' });
    const operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR });
    const res = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(as(operator))
      .send(callBody({}, { immediateDanger: false }))
      .expect(201);
    ids.case = res.body.caseId;
    ids.report = res.body.reportId;
    ids.referral = await makeReferral(ds, { caseId: ids.case, agencyId: policeQn.id, agencyType: 'POLICE' });
    outsiders.workerHp = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '31' });
    outsiders.supervisorHp = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '31' });
    outsiders.workerOtherCommune = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', communeCode: '06658' });
    outsiders.operatorHp = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '31' });
    outsiders.educationQn = await makeAgencyOfficer(ds, educationQn);
    outsiders.policeHp = await makeAgencyOfficer(ds, policeHp);
    insiders.workerQn = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    insiders.policeQn = await makeAgencyOfficer(ds, policeQn);
  });
  afterAll(() => t.close());

  const concrete = (path: string) =>
    path
      .replace(/^\/api\/v1\/cases\/:id/, `/api/v1/cases/${ids.case}`)
      .replace(/^\/api\/v1\/referrals\/:id/, `/api/v1/referrals/${ids.referral}`)
      .replace(/^\/api\/v1\/intake\/reports\/:id/, `/api/v1/intake/reports/${ids.report}`)
      .replace(/^\/api\/v1\/intake\/triage\/:caseId/, `/api/v1/intake/triage/${ids.case}`);

  it('routes naming the case, its report or its referral answer outsiders with a refusal', async () => {
    const routes = listRoutes(t.app).filter((r) => /^\/api\/v1\/(cases\/:id|referrals\/:id|intake\/reports\/:id|intake\/triage\/:caseId)/.test(r.path));
    expect(routes.length).toBeGreaterThan(15);
    for (const route of routes) {
      for (const [who, user] of Object.entries(outsiders)) {
        const res = await t.http()[route.method.toLowerCase() as 'get'](concrete(route.path)).set(as(user)).send({});
        expect([route.method, route.path, who, res.status < 300 || res.status >= 500]).toEqual([route.method, route.path, who, false]);
        expect(JSON.stringify(res.body)).not.toMatch(/Nguyễn Thị Hoa|Trần Thị B|0912345678/);
      }
    }
  });

  it('lists never show the case or the referral to outsiders, and do to the people it belongs to', async () => {
    const lists = ['/api/v1/cases', '/api/v1/referrals', `/api/v1/deadlines?caseId=${ids.case}`, '/api/v1/intake/triage'];
    for (const [who, user] of Object.entries(outsiders)) {
      for (const path of lists) {
        const res = await t.http().get(path).set(as(user));
        expect([path, who, res.status >= 500]).toEqual([path, who, false]);
        if (res.status === 200) expect([path, who, JSON.stringify(res.body)]).not.toEqual([path, who, expect.stringContaining(ids.case)]);
      }
    }
    const cases = await t.http().get('/api/v1/cases').set(as(insiders.workerQn)).expect(200);
    expect(cases.body.items.map((c: { id: string }) => c.id)).toContain(ids.case);
    const inbox = await t.http().get('/api/v1/referrals').set(as(insiders.policeQn)).expect(200);
    expect(inbox.body.items.map((r: { id: string }) => r.id)).toContain(ids.referral);
  });
});
