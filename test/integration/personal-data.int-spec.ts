import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeUser } from '../support/factories';
import { callBody } from '../support/payloads';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { FixedClock } from '../../src/common/clock';
import { RetentionService } from '../../src/privacy/retention.service';

/** Personal Data Protection Law 91/2025 / Decree 356/2025: consent, disclosure check, export, breach report, retention. */
describe('personal data: consent, export, breach report, retention', () => {
  let t: TestApp;
  let ds: DataSource;
  let clock: FixedClock;
  let worker: User;
  let supervisor: User;
  let admin: User;
  let operator: User;
  const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });

  async function openCase(child: Record<string, unknown>, report: Record<string, unknown> = {}) {
    const call = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(as(operator))
      .send(callBody({ startedAt: clock.now().toISOString() }, { children: [child], ...report }))
      .expect(201);
    const [row] = await ds.query(`SELECT person_id FROM case_person WHERE case_id = $1 AND role = 'CHILD'`, [call.body.caseId]);
    return { caseId: call.body.caseId as string, caseNumber: call.body.caseNumber as string, childId: row.person_id as string };
  }

  beforeAll(async () => {
    clock = new FixedClock(new Date());
    t = await startTestApp({ clock });
    ds = t.dataSource;
    worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    admin = await makeUser(ds, { role: Role.ADMIN });
    operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR });
  });
  afterAll(() => t.close());

  it('refuses a disclosure until the consents it needs are recorded, and again once one is withdrawn', async () => {
    const { caseId, childId } = await openCase({ fullName: 'Phạm Thị Lan', sex: 'FEMALE', age: 9 });
    const disclosure = { personId: childId, disclosure: 'SCHOOL', recipient: 'Trường tiểu học Hà Tu' };
    const refused = await t.http().post(`/api/v1/cases/${caseId}/disclosures`).set(as(worker)).send(disclosure).expect(409);
    expect(refused.body.code).toBe('CONSENT_REQUIRED');
    expect(refused.body.message).toMatch(/LEGAL_REPRESENTATIVE, CHILD/);

    const givenAt = clock.now().toISOString();
    await t
      .http()
      .post(`/api/v1/cases/${caseId}/consents`)
      .set(as(worker))
      .send({ personId: childId, disclosure: 'SCHOOL', givenBy: 'LEGAL_REPRESENTATIVE', givenByName: 'Phạm Văn Hùng', givenAt })
      .expect(201);
    // A child of 9 must consent too.
    await t.http().post(`/api/v1/cases/${caseId}/disclosures`).set(as(worker)).send(disclosure).expect(409);
    const child = await t.http().post(`/api/v1/cases/${caseId}/consents`).set(as(worker)).send({ personId: childId, disclosure: 'SCHOOL', givenBy: 'CHILD', givenAt }).expect(201);
    await t.http().post(`/api/v1/cases/${caseId}/disclosures`).set(as(worker)).send(disclosure).expect(201);
    // Consent to the school is not consent to the press.
    await t
      .http()
      .post(`/api/v1/cases/${caseId}/disclosures`)
      .set(as(worker))
      .send({ ...disclosure, disclosure: 'MEDIA', recipient: 'Báo' })
      .expect(409);

    await t.http().post(`/api/v1/cases/${caseId}/consents/${child.body.id}/withdraw`).set(as(worker)).send({}).expect(200);
    await t.http().post(`/api/v1/cases/${caseId}/consents/${child.body.id}/withdraw`).set(as(worker)).send({}).expect(409);
    await t.http().post(`/api/v1/cases/${caseId}/disclosures`).set(as(worker)).send(disclosure).expect(409);
    // A law that requires the disclosure needs no consent; the law is recorded.
    const lawful = await t
      .http()
      .post(`/api/v1/cases/${caseId}/disclosures`)
      .set(as(worker))
      .send({ ...disclosure, lawRequires: 'CHILD_PROTECTION' })
      .expect(201);
    expect(lawful.body.legalBasis).toBe('CHILD_PROTECTION');

    const list = await t.http().get(`/api/v1/cases/${caseId}/consents`).set(as(supervisor)).expect(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items.find((c: { givenBy: string }) => c.givenBy === 'CHILD').withdrawnAt).not.toBeNull();
    expect(list.body.disclosures).toHaveLength(2);
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE subject_id = $1 AND action IN ('CONSENT_RECORDED', 'CONSENT_WITHDRAWN', 'PERSONAL_DATA_DISCLOSED')`,
      [caseId],
    );
    expect(n).toBe(5);
  });

  it('asks only the legal representative for a child under 7, and refuses a person who is not a child of the case', async () => {
    const { caseId, childId } = await openCase({ fullName: 'Bé Minh', sex: 'MALE', age: 4 });
    await t
      .http()
      .post(`/api/v1/cases/${caseId}/consents`)
      .set(as(worker))
      .send({ personId: childId, disclosure: 'HEALTH_SERVICE', givenBy: 'LEGAL_REPRESENTATIVE', givenAt: clock.now().toISOString() })
      .expect(201);
    await t.http().post(`/api/v1/cases/${caseId}/disclosures`).set(as(worker)).send({ personId: childId, disclosure: 'HEALTH_SERVICE', recipient: 'Bệnh viện' }).expect(201);
    const [reporter] = await ds.query(`SELECT person_id FROM case_person WHERE case_id = $1 AND role = 'REPORTER'`, [caseId]);
    const bad = await t
      .http()
      .post(`/api/v1/cases/${caseId}/disclosures`)
      .set(as(worker))
      .send({ personId: reporter.person_id, disclosure: 'HEALTH_SERVICE', recipient: 'Bệnh viện' })
      .expect(400);
    expect(bad.body.message).toMatch(/child of this case/);
    await t.http().post(`/api/v1/cases/${caseId}/consents`).set(as(worker)).send({ personId: childId, disclosure: 'NOPE', givenBy: 'CHILD', givenAt: 'yesterday' }).expect(400);
  });

  it('exports everything held on one person for the legal representative, audited, within the jurisdiction only', async () => {
    const { caseId, caseNumber, childId } = await openCase({ fullName: 'Trịnh Văn Đức', sex: 'MALE', age: 11 });
    const res = await t.http().get(`/api/v1/persons/${childId}/export`).set(as(supervisor)).expect(200);
    expect(res.body.person).toMatchObject({ id: childId, fullName: 'Trịnh Văn Đức', sex: 'MALE' });
    expect(res.body.cases).toEqual([expect.objectContaining({ caseId, caseNumber, role: 'CHILD', reports: [expect.objectContaining({ narrative: expect.any(String) })] })]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'DATA_SUBJECT_EXPORT' AND subject_id = $1 AND actor_id = $2`, [caseId, supervisor.id]);
    expect(n).toBe(1);
    const outsider = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '31' });
    await t.http().get(`/api/v1/persons/${childId}/export`).set(as(outsider)).expect(404);
    await t.http().get(`/api/v1/persons/00000000-0000-4000-8000-000000000000/export`).set(as(supervisor)).expect(404);
  });

  it('lists who read which cases between two times, for a breach notice', async () => {
    const from = new Date(clock.now().getTime() - 1000);
    const { caseId, caseNumber } = await openCase({ fullName: 'Lò Thị Mai', sex: 'FEMALE', age: 13 });
    await t.http().get(`/api/v1/cases/${caseId}`).set(as(worker)).expect(200);
    const to = new Date(clock.now().getTime() + 60_000);
    const q = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    const res = await t.http().get(`/api/v1/admin/audit/case-reads?${q}`).set(as(admin)).expect(200);
    expect(res.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ actor: { username: worker.username, role: 'CASE_WORKER' }, caseId, caseNumber, action: 'CASE_PERSONAL_DATA_READ' })]),
    );
    const csv = await t.http().get(`/api/v1/admin/audit/case-reads?${q}&format=csv`).set(as(admin)).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain(`${worker.username},CASE_WORKER,CASE_PERSONAL_DATA_READ,${caseId},${caseNumber}`);
    await t
      .http()
      .get(`/api/v1/admin/audit/case-reads?from=${encodeURIComponent(to.toISOString())}&to=${encodeURIComponent(from.toISOString())}`)
      .set(as(admin))
      .expect(400);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'BREACH_READS_EXPORTED' AND actor_id = $1`, [admin.id]);
    expect(n).toBe(2);
  });

  it('keeps the breach-notification limit as data with its legal basis, and says by when to notify', async () => {
    const limit = await t.http().get('/api/v1/admin/breach-notification-limit').set(as(admin)).expect(200);
    expect(limit.body).toMatchObject({ duration: 'PT72H', legalBasis: expect.stringContaining('Điều 23') });
    await t.http().patch('/api/v1/admin/breach-notification-limit').set(as(admin)).send({ duration: 'PT10M', legalBasis: 'Quy chế nội bộ' }).expect(400);
    await t.http().patch('/api/v1/admin/breach-notification-limit').set(as(admin)).send({ duration: 'P1Y', legalBasis: 'Quy chế nội bộ' }).expect(400);
    await t.http().patch('/api/v1/admin/breach-notification-limit').set(as(admin)).send({ duration: 'PT48H', legalBasis: 'Quy chế nội bộ: sớm hơn luật' }).expect(200);
    const from = new Date(clock.now().getTime() - 3600_000);
    const to = new Date(clock.now().getTime() + 60_000);
    const detectedAt = '2026-11-23T08:00:00+07:00';
    const q = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&detectedAt=${encodeURIComponent(detectedAt)}`;
    const res = await t.http().get(`/api/v1/admin/audit/case-reads?${q}`).set(as(admin)).expect(200);
    expect(res.body.breachNotification).toMatchObject({ limit: 'PT48H', notifyAuthorityBy: '2026-11-25T01:00:00.000Z', legalBasis: 'Quy chế nội bộ: sớm hơn luật' });
    const [row] = await ds.query(`SELECT after FROM audit_log WHERE action = 'RETENTION_POLICY_UPDATED' AND subject_id = 'BREACH_NOTIFICATION' ORDER BY at DESC LIMIT 1`);
    expect(row.after).toEqual({ duration: 'PT48H' });
    await t.http().patch('/api/v1/admin/breach-notification-limit').set(as(admin)).send({ duration: 'PT72H', legalBasis: limit.body.legalBasis }).expect(200);
  });

  it('anonymises cases closed longer than the retention policy, keeping what statistics count', async () => {
    const old = await openCase({ fullName: 'Hà Văn Cũ', sex: 'MALE', age: 10 }, { narrative: 'Cháu bị đánh ở nhà số 5.' });
    const recent = await openCase({ fullName: 'Hà Thị Mới', sex: 'FEMALE', age: 12 });
    await ds.query(`UPDATE protection_case SET status = 'CLOSED', closed_at = $2 WHERE id = $1`, [old.caseId, new Date(clock.now().getTime() - 3 * 365 * 86400_000)]);
    await ds.query(`UPDATE protection_case SET status = 'CLOSED', closed_at = $2 WHERE id = $1`, [recent.caseId, new Date(clock.now().getTime() - 30 * 86400_000)]);

    const policy = await t.http().get('/api/v1/admin/retention-policy').set(as(admin)).expect(200);
    expect(policy.body).toMatchObject({ duration: 'P5Y', legalBasis: expect.stringContaining('91/2025') });
    await t.http().patch('/api/v1/admin/retention-policy').set(as(admin)).send({ duration: 'P2D', legalBasis: 'Quyết định nội bộ' }).expect(400);
    await t.http().patch('/api/v1/admin/retention-policy').set(as(admin)).send({ duration: 'P2Y', legalBasis: 'Quyết định số 12/QĐ về lưu trữ hồ sơ' }).expect(200);

    const statsBefore = await ds.query(
      `SELECT p.sex, p.birth_year, c.abuse_types, c.province_code FROM case_person cp JOIN person p ON p.id = cp.person_id JOIN protection_case c ON c.id = cp.case_id WHERE cp.case_id = $1 AND cp.role = 'CHILD'`,
      [old.caseId],
    );
    const retention = t.app.get(RetentionService);
    expect(await retention.run()).toEqual({ anonymised: 1 });
    expect(await retention.run()).toEqual({ anonymised: 0 });

    const [gone] = await ds.query(`SELECT full_name, name_key, phone, description FROM person WHERE id = $1`, [old.childId]);
    expect(gone).toEqual({ full_name: null, name_key: null, phone: null, description: null });
    const [report] = await ds.query(`SELECT narrative, address FROM report WHERE case_id = $1`, [old.caseId]);
    expect(report).toEqual({ narrative: null, address: null });
    const [{ caller_phone }] = await ds.query(`SELECT h.caller_phone FROM hotline_call h JOIN report r ON r.call_id = h.id WHERE r.case_id = $1`, [old.caseId]);
    expect(caller_phone).toBeNull();
    expect(
      await ds.query(
        `SELECT p.sex, p.birth_year, c.abuse_types, c.province_code FROM case_person cp JOIN person p ON p.id = cp.person_id JOIN protection_case c ON c.id = cp.case_id WHERE cp.case_id = $1 AND cp.role = 'CHILD'`,
        [old.caseId],
      ),
    ).toEqual(statsBefore);
    const [kept] = await ds.query(`SELECT full_name FROM person WHERE id = $1`, [recent.childId]);
    expect(kept.full_name).toBe('Hà Thị Mới');
  });
});
