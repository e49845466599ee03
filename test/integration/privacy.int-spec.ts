import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeUser } from '../support/factories';
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
    process.env.TRUST_PROXY = 'true';
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
    const unplaced = await t.http()
      .post('/api/v1/intake/calls')
      .set(bearer(operator111))
      .send(callBody({}, { location: { address: 'không rõ' }, children: [{ fullName: 'Vi Thị Triage', sex: 'FEMALE', age: 8 }] }))
      .expect(201);
    const placed = await t.http()
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
