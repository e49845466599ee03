import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeAgency, makeUser, TEST_PASSWORD } from '../support/factories';
import { Role } from '../../src/identity/enums';
import { AgencyType } from '../../src/referrals/enums';
import { AuditLog } from '../../src/audit/audit-log.entity';

describe('foundation: health, geography, login, audit', () => {
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
  });
  afterAll(() => t.close());

  it('GET /health answers 200 when PostgreSQL and Redis answer', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', postgres: 'up', redis: 'up', workers: 'ok', details: { outboxPending: 0, outboxDead: 0, deliveriesStuck: 0, deliveriesFailed: 0 } });
  });

  it('GET /health degrades (still 200) when the workers lag behind', async () => {
    const [row] = await t.dataSource.query(
      `INSERT INTO outbox_event (occurred_at, type, aggregate_type, aggregate_id, payload) VALUES (now() - interval '5 minutes', 'HEALTH_PROBE', 'TEST', 'x', '{}') RETURNING id`,
    );
    try {
      const res = await t.http().get('/health').expect(200);
      expect(res.body).toMatchObject({ status: 'degraded', postgres: 'up', redis: 'up', workers: 'lagging', details: { outboxPending: 1 } });
    } finally {
      await t.dataSource.query(`DELETE FROM outbox_event WHERE id = $1`, [row.id]);
    }
    expect((await t.http().get('/health').expect(200)).body).toMatchObject({ status: 'ok', postgres: 'up', redis: 'up', workers: 'ok' });
  });

  it("runs the application's queries without parallel plans (a request's query is one of many at once)", async () => {
    const [{ max_parallel_workers_per_gather: workers }] = await ds.query(`SHOW max_parallel_workers_per_gather`);
    expect(workers).toBe('0');
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/api/v1/auth/login');
  });

  it('lists the 34 official provinces and the communes of Quảng Ninh', async () => {
    const provinces = await t.http().get('/api/v1/geo/provinces').expect(200);
    expect(provinces.body.items).toHaveLength(34);
    expect(provinces.body.items).toContainEqual({ code: '22', name: 'Quảng Ninh' });
    expect(provinces.body.items).toContainEqual({ code: '31', name: 'Thành phố Hải Phòng' });
    const communes = await t.http().get('/api/v1/geo/provinces/22/communes').expect(200);
    expect(communes.body.items.length).toBe(54);
    expect(communes.body.items).toContainEqual({ code: '06652', name: 'Phường Hà Tu' });
    const missing = await t.http().get('/api/v1/geo/provinces/99/communes').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(missing.body.message).toContain('Province 99 does not exist');
  });

  it('logs in, returns a bearer token that works, and audits the login', async () => {
    const user = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'login.ok' });
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'login.ok', password: TEST_PASSWORD }).expect(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ id: user.id, username: 'login.ok', role: 'CASE_WORKER', provinceCode: '22' });
    const audit = await ds.getRepository(AuditLog).findBy({ action: 'LOGIN', subjectId: user.id });
    expect(audit).toHaveLength(1);
  });

  it('refuses a wrong password with 401 and the same message as an unknown user', async () => {
    await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'login.wrong' });
    const wrong = await t.http().post('/api/v1/auth/login').send({ username: 'login.wrong', password: 'nope' }).expect(401);
    const unknown = await t.http().post('/api/v1/auth/login').send({ username: 'nobody.here', password: 'nope' }).expect(401);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(wrong.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it('refuses a deactivated user even with a valid token', async () => {
    const user = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', active: false });
    const res = await t
      .http()
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${t.tokenFor(user)}`)
      .expect(401);
    expect(res.body.message).toMatch(/deactivated/);
  });

  it('refuses forged and malformed tokens', async () => {
    const user = await makeUser(ds, { role: Role.ADMIN });
    const token = t.tokenFor(user);
    const [h, , s] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: user.id, role: 'ADMIN', exp: 9999999999 })).toString('base64url');
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${h}.${forgedPayload}.${s}`).expect(401);
    await t.http().get('/api/v1/auth/me').set('Authorization', 'Bearer not-a-token').expect(401);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${none}.${forgedPayload}.`).expect(401);
  });

  it('validates bodies: unknown fields and wrong types are 400 with field names', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 5, password: 'x', extra: true }).expect(400);
    expect(res.body.statusCode).toBe(400);
    expect(res.body.message).toEqual(expect.arrayContaining(['property extra should not exist', 'username must be a string']));
    const bad = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":').expect(400);
    expect(bad.body.message).toBe('The request body is not valid JSON');
  });

  it('lets an admin create users and agencies, audited, and reports what is wrong', async () => {
    const admin = await makeUser(ds, { role: Role.ADMIN });
    const auth = { Authorization: `Bearer ${t.tokenFor(admin)}` };
    const agency = await t
      .http()
      .post('/api/v1/admin/agencies')
      .set(auth)
      .send({ type: 'POLICE', name: 'Công an phường Hà Tu', provinceCode: '22', communeCode: '06652' })
      .expect(201);
    const badAgency = await t.http().post('/api/v1/admin/agencies').set(auth).send({ type: 'POLICE', name: 'X police', provinceCode: '31', communeCode: '06652' }).expect(400);
    expect(badAgency.body.message).toContain('communeCode 06652 belongs to province 22, not 31');
    const created = await t
      .http()
      .post('/api/v1/admin/users')
      .set(auth)
      .send({
        username: 'police.hatu',
        password: 'Strong-pass-2026',
        fullName: 'Cán bộ Công an',
        role: 'AGENCY_OFFICER',
        jurisdictionLevel: 'COMMUNE',
        provinceCode: '22',
        communeCode: '06652',
        agencyId: agency.body.id,
      })
      .expect(201);
    expect(created.body).not.toHaveProperty('passwordHash');
    const bad = await t
      .http()
      .post('/api/v1/admin/users')
      .set(auth)
      .send({
        username: 'x.y',
        password: 'short',
        fullName: 'X',
        role: 'AGENCY_OFFICER',
        jurisdictionLevel: 'PROVINCE',
      })
      .expect(400);
    expect(bad.body.message).toEqual(expect.arrayContaining(['password must be longer than or equal to 10 characters']));
    const bad2 = await t
      .http()
      .post('/api/v1/admin/users')
      .set(auth)
      .send({
        username: 'x.z',
        password: 'Long-enough-1',
        fullName: 'X',
        role: 'AGENCY_OFFICER',
        jurisdictionLevel: 'PROVINCE',
      })
      .expect(400);
    expect(bad2.body.message).toEqual(expect.arrayContaining(['provinceCode is required for a PROVINCE or COMMUNE jurisdiction', 'agencyId is required for an AGENCY_OFFICER']));
    const dup = await t
      .http()
      .post('/api/v1/admin/users')
      .set(auth)
      .send({
        username: 'police.hatu',
        password: 'Strong-pass-2026',
        fullName: 'Again',
        role: 'CASE_WORKER',
        jurisdictionLevel: 'NATIONAL',
      })
      .expect(409);
    expect(dup.body.message).toContain('police.hatu is taken');
    const rows = await ds.getRepository(AuditLog).findBy({ actorId: admin.id });
    expect(rows.map((r) => r.action).sort()).toEqual(['AGENCY_CREATED', 'USER_CREATED']);
  });

  it('keeps the audit log append-only at the database level', async () => {
    await expect(ds.query(`UPDATE audit_log SET action = 'X'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('lets a supervisor read the audit of their jurisdiction only', async () => {
    const admin = await makeUser(ds, { role: Role.ADMIN });
    const agency = await makeAgency(ds, { type: AgencyType.HEALTH, provinceCode: '31' });
    await ds.query(
      `INSERT INTO audit_log (at, action, subject_type, subject_id, province_code) VALUES (now(), 'TEST_QN', 'CASE', 'a', '22'), (now(), 'TEST_HP', 'CASE', 'b', '31')`,
    );
    const sup = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    const res = await t
      .http()
      .get('/api/v1/audit?subjectType=CASE')
      .set('Authorization', `Bearer ${t.tokenFor(sup)}`)
      .expect(200);
    expect(res.body.items.map((r: AuditLog) => r.action)).toEqual(['TEST_QN']);
    const all = await t
      .http()
      .get('/api/v1/audit?subjectType=CASE')
      .set('Authorization', `Bearer ${t.tokenFor(admin)}`)
      .expect(200);
    expect(all.body.total).toBe(2);
    expect(agency.id).toBeDefined();
  });
});
