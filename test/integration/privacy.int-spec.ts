import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeAgency, makeAgencyOfficer, makeReferral, makeUser } from '../support/factories';
import { AgencyType } from '../../src/referrals/enums';
import { foldVietnamese } from '../../src/intake/normalise.rules';
import { callBody, reportBody } from '../support/payloads';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';

jest.setTimeout(120_000);

/** Issue 17: what one person may learn of another's report, child or case. */
describe('privacy: lookups and idempotency', () => {
  let t: TestApp;
  let ds: DataSource;
  // The demo roles of product.md §8.
  let operator111: User;
  let operatorQn: User;
  const bearer = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  const saved = { prefix: process.env.QUEUE_PREFIX, proxy: process.env.TRUST_PROXY };

  beforeAll(async () => {
    // Own rate-limit keys; client addresses from X-Forwarded-For, as behind the production load balancer.
    process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}p`;
    process.env.TRUST_PROXY = '1';
    t = await startTestApp();
    ds = t.dataSource;
    operator111 = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, username: 'operator.111' });
    operatorQn = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '22', username: 'operator.qn' });
  });
  afterAll(async () => {
    await t.close();
    process.env.QUEUE_PREFIX = saved.prefix;
    if (saved.proxy === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = saved.proxy;
  });

  it('a provincial operator never sees the unplaced children of the national triage queue through the lookup', async () => {
    const unplaced = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(operator111))
      .send(callBody({}, { location: { address: 'không rõ' }, children: [{ fullName: 'Vi Thị Triage', sex: 'FEMALE', age: 8 }] }))
      .expect(201);
    const placed = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(operatorQn))
      .send(callBody({ callerPhone: '0977000111' }, { reporter: { anonymous: true }, children: [{ fullName: 'Vi Thị Quang', sex: 'FEMALE', age: 8 }] }))
      .expect(201);

    const national = await t.http().get('/api/v1/intake/lookup').query({ name: 'vi thi' }).set(bearer(operator111)).expect(200);
    expect(national.body.cases.map((c: { caseId: string }) => c.caseId).sort()).toEqual([unplaced.body.caseId, placed.body.caseId].sort());

    const provincial = await t.http().get('/api/v1/intake/lookup').query({ name: 'vi thi' }).set(bearer(operatorQn)).expect(200);
    expect(provincial.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([placed.body.caseId]);
    expect(JSON.stringify(provincial.body)).not.toContain('Triage');
    const audited = await ds.query(`SELECT subject_id FROM audit_log WHERE action = 'CASE_LOOKUP_READ' AND actor_id = $1`, [operatorQn.id]);
    expect(audited).toEqual([{ subject_id: placed.body.caseId }]);
  });

  it('audits reads of the timeline, of duplicate suggestions by name and of the triage queue, without what was searched for', async () => {
    const supervisorQn = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22', username: 'supervisor.qn' });
    const placed = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(operatorQn))
      .send(callBody({ callerPhone: '0977000222' }, { children: [{ fullName: 'Đinh Thị Audit', sex: 'FEMALE', age: 10 }] }))
      .expect(201);
    const unplaced = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(operator111))
      .send(callBody({ callerPhone: '0977000333' }, { location: { address: 'bến xe phía bắc' }, children: [{ fullName: 'Đinh Văn Hàng', sex: 'MALE', age: 12 }] }))
      .expect(201);
    const reads = async (action: string, actorId: string) =>
      ds.query<{ subject_id: string; after: unknown }[]>(`SELECT subject_id, after FROM audit_log WHERE action = $1 AND actor_id = $2 ORDER BY id`, [action, actorId]);

    await t.http().get(`/api/v1/cases/${placed.body.caseId}/timeline`).set(bearer(supervisorQn)).expect(200);
    expect(await reads('CASE_TIMELINE_READ', supervisorQn.id)).toEqual([{ subject_id: placed.body.caseId, after: null }]);

    const dup = await t
      .http()
      .post('/api/v1/intake/duplicate-check')
      .set(bearer(operatorQn))
      .send({ children: [{ fullName: 'dinh thi audit', sex: 'FEMALE', age: 10 }], location: { provinceCode: '22' } })
      .expect(200);
    expect(dup.body.items.map((d: { caseId: string }) => d.caseId)).toContain(placed.body.caseId);
    const dupReads = await reads('CASE_DUPLICATE_CHECK_READ', operatorQn.id);
    expect(dupReads.map((r) => r.subject_id)).toContain(placed.body.caseId);
    expect(dupReads.every((r) => JSON.stringify(r.after) === JSON.stringify({ by: ['name'] }))).toBe(true);

    const triage = await t.http().get('/api/v1/intake/triage').set(bearer(operator111)).expect(200);
    const listed = triage.body.items.map((i: { caseId: string }) => i.caseId);
    expect(listed).toContain(unplaced.body.caseId);
    expect((await reads('TRIAGE_QUEUE_READ', operator111.id)).map((r) => r.subject_id).sort()).toEqual([...listed].sort());
    // Nothing searched for or shown is copied into the audit trail.
    expect(foldVietnamese(JSON.stringify(await ds.query(`SELECT before, after FROM audit_log`)))).not.toMatch(/audit|hang|ben xe/);
  });

  it('scopes online-report idempotency keys per client: another client with the same key and body gets its own tracking code', async () => {
    const body = reportBody({ reporter: { anonymous: true }, immediateDanger: false, children: [{ fullName: 'Lò Văn Sáng', age: 11 }] });
    const key = 'shared-key-4b1d0c77';
    const first = await t.http().post('/api/v1/intake/online-reports').set('X-Forwarded-For', '203.0.113.10').set('Idempotency-Key', key).send(body).expect(201);
    const retry = await t.http().post('/api/v1/intake/online-reports').set('X-Forwarded-For', '203.0.113.10').set('Idempotency-Key', key).send(body).expect(201);
    expect(retry.body.trackingCode).toBe(first.body.trackingCode);
    expect(retry.headers['idempotent-replayed']).toBe('true');

    const other = await t.http().post('/api/v1/intake/online-reports').set('X-Forwarded-For', '198.51.100.7').set('Idempotency-Key', key).send(body).expect(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.body.trackingCode).not.toBe(first.body.trackingCode);
    const cases = await ds.query(`SELECT count(*)::int AS n FROM report WHERE tracking_code = ANY($1)`, [[first.body.trackingCode, other.body.trackingCode]]);
    expect(cases).toEqual([{ n: 2 }]);
    // The key table keeps no client address.
    const scopes: { scope: string }[] = await ds.query(`SELECT scope FROM idempotency_key WHERE key = $1`, [key]);
    expect(scopes).toHaveLength(2);
    expect(JSON.stringify(scopes)).not.toMatch(/203\.0\.113|198\.51\.100/);
  });
});

describe('privacy: what a receiving agency reads of a case', () => {
  let t: TestApp;
  let ds: DataSource;
  let operatorQn: User;
  let healthQn: User;
  let healthAgencyId: string;
  const bearer = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    operatorQn = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '22' });
    const health = await makeAgency(ds, { type: AgencyType.HEALTH, provinceCode: '22' });
    healthAgencyId = health.id;
    healthQn = await makeAgencyOfficer(ds, health, { username: 'health.qn' });
  });
  afterAll(() => t.close());

  it("the health officer's referral view names neither the reporter nor the caller, nor the child's family name", async () => {
    const call = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(operatorQn))
      .send(
        callBody(
          { callerPhone: '0987 654 321' },
          {
            reporter: { anonymous: false, name: 'Trần Thị Bình', phone: '0912345678', relationToChild: 'TEACHER', consentToShareWithPolice: true },
            children: [{ fullName: 'Nguyễn Thị Mai', sex: 'FEMALE', age: 9 }],
            location: { provinceCode: '22', communeCode: '06652', address: 'cạnh nhà cô Bình, ĐT 0912.345.678' },
            narrative: 'Cô giáo Bình (số 0912 345 678) thấy Nguyen Thi Mai khóc; Binh nói cháu sợ về nhà. Gọi lại +84 987 654 321.',
          },
        ),
      )
      .expect(201);
    const referralId = await makeReferral(ds, { caseId: call.body.caseId, agencyId: healthAgencyId, agencyType: 'HEALTH' });

    const res = await t.http().get(`/api/v1/referrals/${referralId}`).set(bearer(healthQn)).expect(200);
    expect(res.body.case.narrative).toBe('[người báo tin] (số [người báo tin]) thấy Mai khóc; [người báo tin] nói cháu sợ về nhà. Gọi lại [người báo tin].');
    expect(res.body.case.children).toEqual([{ firstName: 'Mai', age: 9, sex: 'FEMALE' }]);
    expect(res.body.case.reporter).toBeNull();
    const json = JSON.stringify(res.body);
    const folded = foldVietnamese(json);
    for (const secret of ['binh', 'tran', 'nguyen', 'co giao', 'teacher']) expect({ secret, leaked: folded.includes(secret) }).toEqual({ secret, leaked: false });
    expect(json.replace(/\D/g, '')).not.toMatch(/912345678|987654321/);

    const inbox = await t.http().get('/api/v1/referrals').set(bearer(healthQn)).expect(200);
    expect(foldVietnamese(JSON.stringify(inbox.body))).not.toMatch(/binh|nguyen|0912|0987/);
  });
});

describe("privacy: the admin's audit view holds no case content", () => {
  let t: TestApp;
  let ds: DataSource;
  const users: Record<string, User> = {};
  const bearer = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  // Every free text typed in the flows below carries this word; none of it may reach the admin.
  const SECRET = 'Quỳnhtrang';
  // Another describe of this file makes a HEALTH agency of province 22 too: referrals name theirs.
  const agencies: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    const health = await makeAgency(ds, { type: AgencyType.HEALTH, provinceCode: '22' });
    const education = await makeAgency(ds, { type: AgencyType.EDUCATION, provinceCode: '22' });
    const justice = await makeAgency(ds, { type: AgencyType.JUSTICE, provinceCode: '22' });
    users.admin = await makeUser(ds, { role: Role.ADMIN, username: 'admin.audit' });
    users.operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '22' });
    users.worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'worker.audit' });
    users.supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    users.workerHp = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '31', username: 'worker.hp.audit' });
    users.health = await makeAgencyOfficer(ds, health);
    users.education = await makeAgencyOfficer(ds, education);
    users.justice = await makeAgencyOfficer(ds, justice);
    Object.assign(agencies, { HEALTH: health.id, EDUCATION: education.id, JUSTICE: justice.id });
  });
  afterAll(() => t.close());

  it('walks intake, referrals (decline, cancel, complete), nudge, access grant, closure and reopening: the admin sees ids and codes only', async () => {
    const { worker, supervisor } = users;
    const call = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(users.operator))
      .send(callBody({}, { narrative: `${SECRET} kể cháu bị đánh`, location: { provinceCode: '22', communeCode: '06652', address: `nhà ${SECRET}` } }))
      .expect(201);
    const caseId = call.body.caseId as string;
    const post = async (who: User, path: string, body: Record<string, unknown>, status: number) => {
      const res = await t.http().post(`/api/v1${path}`).set(bearer(who)).send(body);
      expect({ path, status: res.status, body: res.status === status ? null : res.body }).toEqual({ path, status, body: null });
      return res.body as { id: string };
    };

    await post(worker, `/cases/${caseId}/assignment`, { assigneeUsername: worker.username }, 200);
    await post(worker, `/cases/${caseId}/transitions`, { to: 'ASSESSING' }, 200);
    const refer = (agencyType: string) => post(worker, `/cases/${caseId}/referrals`, { agencyType, agencyId: agencies[agencyType], reason: `${SECRET} cần được hỗ trợ` }, 201);
    const declined = await refer('HEALTH');
    await post(users.health, `/referrals/${declined.id}/decline`, { reason: `${SECRET} không ở địa bàn` }, 200);
    const cancelled = await refer('EDUCATION');
    await post(worker, `/referrals/${cancelled.id}/cancel`, { reason: `${SECRET} đã chuyển trường` }, 200);
    const completed = await refer('JUSTICE');
    await post(supervisor, `/referrals/${completed.id}/nudge`, { message: `nhắc về ${SECRET}` }, 200);
    await post(users.justice, `/referrals/${completed.id}/accept`, {}, 200);
    await post(users.justice, `/referrals/${completed.id}/start`, {}, 200);
    await post(users.justice, `/referrals/${completed.id}/complete`, { outcome: { code: 'OTHER', note: `${SECRET} được trợ giúp` } }, 200);
    await post(worker, `/cases/${caseId}/notes`, { type: 'VISIT', text: `thăm ${SECRET}`, occurredAt: '2026-11-22T09:00:00+07:00' }, 201);
    await post(
      supervisor,
      `/cases/${caseId}/access-grants`,
      { username: users.workerHp.username, until: new Date(Date.now() + 86_400_000).toISOString(), reason: `${SECRET} chuyển đến Hải Phòng` },
      201,
    );
    await post(
      worker,
      `/cases/${caseId}/transitions`,
      { to: 'CLOSED', assessment: { riskLevel: 'LOW', founded: false, summary: `${SECRET} an toàn` }, closure: { reason: 'UNFOUNDED', note: `${SECRET} không bị xâm hại` } },
      200,
    );
    await post(supervisor, `/cases/${caseId}/transitions`, { to: 'ASSESSING', reopenReason: `${SECRET} lại bị đánh` }, 200);

    const audit = await t.http().get('/api/v1/audit').query({ pageSize: 200 }).set(bearer(users.admin)).expect(200);
    const actions = audit.body.items.map((i: { action: string }) => i.action);
    for (const action of ['CASE_OPENED', 'REFERRAL_DECLINED', 'REFERRAL_CANCELLED', 'REFERRAL_COMPLETED', 'CASE_ACCESS_GRANTED', 'CASE_TRANSITION'])
      expect(actions).toContain(action);
    const json = JSON.stringify(audit.body);
    expect(foldVietnamese(json)).not.toContain(foldVietnamese(SECRET));
    expect(json).toContain('[withheld]');
    // Nor is it stored: the trail is append-only, so what is written stays.
    expect(foldVietnamese(JSON.stringify(await ds.query(`SELECT before, after FROM audit_log`)))).not.toContain(foldVietnamese(SECRET));
    // The case side still reads the reasons where access rules guard them.
    const timeline = await t.http().get(`/api/v1/cases/${caseId}/timeline`).set(bearer(supervisor)).expect(200);
    expect(JSON.stringify(timeline.body)).toContain(SECRET);
  });

  it('shows admins older rows with case content withheld too', async () => {
    await ds.query(`INSERT INTO audit_log (at, action, subject_type, subject_id, after) VALUES (now(), 'REFERRAL_DECLINED', 'REFERRAL', NULL, $1)`, [
      JSON.stringify({ reason: `${SECRET} cũ`, status: 'DECLINED' }),
    ]);
    const audit = await t.http().get('/api/v1/audit').query({ action: 'REFERRAL_DECLINED', pageSize: 200 }).set(bearer(users.admin)).expect(200);
    expect(audit.body.items.some((i: { after: Record<string, unknown> }) => i.after?.status === 'DECLINED' && i.after?.reason === '[withheld]')).toBe(true);
    expect(JSON.stringify(audit.body)).not.toContain(SECRET);
  });
});

describe('privacy: supervisor accounts need a second admin', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: User;
  let admin2: User;
  const bearer = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  const login = (username: string, password: string) => t.http().post('/api/v1/auth/login').send({ username, password });

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    admin = await makeUser(ds, { role: Role.ADMIN, username: 'admin.four.eyes' });
    admin2 = await makeUser(ds, { role: Role.ADMIN, username: 'admin2.four.eyes' });
  });
  afterAll(() => t.close());

  it('a national supervisor account is a pending request until another admin approves it, recorded', async () => {
    const body = { username: 'supervisor.vn', password: 'Quoc-gia-2026!', fullName: 'Giám sát quốc gia', role: 'SUPERVISOR', jurisdictionLevel: 'NATIONAL' };
    const res = await t.http().post('/api/v1/admin/users').set(bearer(admin)).send(body).expect(202);
    expect(res.body).toMatchObject({ status: 'PENDING', approvalRequest: { kind: 'CREATE_NATIONAL_SUPERVISOR', username: 'supervisor.vn', requestedBy: admin.id } });
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|Quoc-gia/);
    const requestId = res.body.approvalRequest.id;
    expect(await ds.query(`SELECT id FROM app_user WHERE username = 'supervisor.vn'`)).toEqual([]);
    await login('supervisor.vn', body.password).expect(401);

    const own = await t.http().post(`/api/v1/admin/approval-requests/${requestId}/approve`).set(bearer(admin)).expect(403);
    expect(own.body.message).toMatch(/second admin/);
    const pending = await t.http().get('/api/v1/admin/approval-requests').query({ status: 'PENDING' }).set(bearer(admin2)).expect(200);
    expect(pending.body.items.map((i: { id: string }) => i.id)).toContain(requestId);
    expect(JSON.stringify(pending.body)).not.toMatch(/payload|passwordHash/);

    const approved = await t.http().post(`/api/v1/admin/approval-requests/${requestId}/approve`).set(bearer(admin2)).expect(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', decidedBy: admin2.id, targetUserId: expect.any(String) });
    await login('supervisor.vn', body.password).expect((r) => expect(r.status).toBeLessThan(300));
    await t.http().post(`/api/v1/admin/approval-requests/${requestId}/approve`).set(bearer(admin2)).expect(409);

    const audit = await ds.query(`SELECT action, actor_id FROM audit_log WHERE after->>'approvalRequestId' = $1 ORDER BY id`, [requestId]);
    expect(audit).toEqual([
      { action: 'USER_CHANGE_REQUESTED', actor_id: admin.id },
      { action: 'USER_CREATED', actor_id: admin2.id },
      { action: 'USER_CHANGE_APPROVED', actor_id: admin2.id },
    ]);
  });

  it('one admin can neither create another admin nor take one over alone, so four eyes cannot be faked', async () => {
    const body = { username: 'admin.sock', password: 'Sock-puppet-2026!', fullName: 'Rối', role: 'ADMIN', jurisdictionLevel: 'NATIONAL' };
    const created = await t.http().post('/api/v1/admin/users').set(bearer(admin)).send(body).expect(202);
    expect(created.body.approvalRequest).toMatchObject({ kind: 'CREATE_ADMIN', username: 'admin.sock' });
    await login('admin.sock', body.password).expect(401);
    const takeover = await t.http().patch(`/api/v1/admin/users/${admin2.id}`).set(bearer(admin)).send({ password: 'Taken-over-2026!' }).expect(202);
    expect(takeover.body.approvalRequest).toMatchObject({ kind: 'RESET_ADMIN_PASSWORD', targetUserId: admin2.id });
    // Changing one's own password needs nobody.
    await t.http().patch(`/api/v1/admin/users/${admin.id}`).set(bearer(admin)).send({ password: 'My-own-new-2026!' }).expect(200);
    // A new password ends every session, this one's too: sign in afresh.
    Object.assign(admin, await ds.getRepository(User).findOneByOrFail({ id: admin.id }));
    await t.http().post(`/api/v1/admin/approval-requests/${takeover.body.approvalRequest.id}/reject`).set(bearer(admin)).expect(200);
    await t.http().post(`/api/v1/admin/approval-requests/${created.body.approvalRequest.id}/reject`).set(bearer(admin)).expect(200);
  });

  it("a supervisor's password reset waits for a second admin; a provincial supervisor or a worker is created at once", async () => {
    const provincial = await t
      .http()
      .post('/api/v1/admin/users')
      .set(bearer(admin))
      .send({ username: 'supervisor.qn.2', password: 'Tinh-22-2026!', fullName: 'Giám sát QN', role: 'SUPERVISOR', jurisdictionLevel: 'PROVINCE', provinceCode: '22' })
      .expect(201);
    const worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    await t.http().patch(`/api/v1/admin/users/${worker.id}`).set(bearer(admin)).send({ password: 'Worker-new-2026!' }).expect(200);

    const mixed = await t.http().patch(`/api/v1/admin/users/${provincial.body.id}`).set(bearer(admin)).send({ password: 'Takeover-2026!', fullName: 'X' }).expect(400);
    expect(mixed.body.message).toMatch(/on its own, without fullName/);
    const reset = await t.http().patch(`/api/v1/admin/users/${provincial.body.id}`).set(bearer(admin)).send({ password: 'Takeover-2026!' }).expect(202);
    await login('supervisor.qn.2', 'Takeover-2026!').expect(401);
    await login('supervisor.qn.2', 'Tinh-22-2026!').expect((r) => expect(r.status).toBeLessThan(300));

    const rejected = await t.http().post(`/api/v1/admin/approval-requests/${reset.body.approvalRequest.id}/reject`).set(bearer(admin2)).expect(200);
    expect(rejected.body).toMatchObject({ status: 'REJECTED', decidedBy: admin2.id });
    await t.http().post(`/api/v1/admin/approval-requests/${reset.body.approvalRequest.id}/approve`).set(bearer(admin2)).expect(409);
    await login('supervisor.qn.2', 'Takeover-2026!').expect(401);

    const again = await t.http().patch(`/api/v1/admin/users/${provincial.body.id}`).set(bearer(admin2)).send({ password: 'Reset-approved-2026!' }).expect(202);
    await t.http().post(`/api/v1/admin/approval-requests/${again.body.approvalRequest.id}/approve`).set(bearer(admin)).expect(200);
    await login('supervisor.qn.2', 'Reset-approved-2026!').expect((r) => expect(r.status).toBeLessThan(300));
  });
});
