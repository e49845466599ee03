import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeUser } from '../support/factories';
import { callBody } from '../support/payloads';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { AuditService } from '../../src/audit/audit.service';

/**
 * The audit log as a hash chain: every committed row is sealed with the hash of the one before, concurrent
 * writers do not fork the chain, and a row changed or removed behind the application's back (as a superuser,
 * triggers off) is found by the verification. Also the case's access log built from it.
 */
describe('audit hash chain and case access log', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: User;
  let supervisor22: User;
  let worker22: User;
  let caseId: string;
  const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  const verify = async () => (await t.http().get('/api/v1/audit/chain').set(as(admin)).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    admin = await makeUser(ds, { role: Role.ADMIN });
    supervisor22 = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    worker22 = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    const operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR });
    const call = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(as(operator))
      .send(callBody({ startedAt: new Date().toISOString() }))
      .expect(201);
    caseId = call.body.caseId;
    await t.http().post(`/api/v1/cases/${caseId}/assignment`).set(as(worker22)).send({ assigneeUsername: worker22.username }).expect(200);
    await t.http().get(`/api/v1/cases/${caseId}`).set(as(worker22)).expect(200);
  });
  afterAll(() => t.close());

  it("seals every row with the previous row's hash, in one unbroken sequence", async () => {
    const rows: { chain_seq: string; prev_hash: string; hash: string }[] = await ds.query(`SELECT chain_seq, prev_hash, hash FROM audit_log ORDER BY chain_seq`);
    expect(rows.length).toBeGreaterThan(3);
    rows.forEach((r, i) => {
      expect(Number(r.chain_seq)).toBe(i + 1);
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.prev_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1].hash);
    });
    expect(await verify()).toMatchObject({ ok: true, checked: rows.length, firstBroken: null, headHash: rows[rows.length - 1].hash });
  });

  it('does not fork under concurrent writers', async () => {
    const audit = t.app.get(AuditService);
    const before = (await verify()).checked;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? audit.record({ actor: null, action: 'CHAIN_TEST', subjectType: 'TEST', subjectId: String(i) })
          : ds.transaction(async (m) => {
              await audit.record({ actor: null, action: 'CHAIN_TEST', subjectType: 'TEST', subjectId: `${i}a` }, m);
              await m.query('SELECT pg_sleep(0.01)');
              await audit.record({ actor: null, action: 'CHAIN_TEST', subjectType: 'TEST', subjectId: `${i}b` }, m);
            }),
      ),
    );
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: true, checked: before + 60 });
    const [{ distinct, max }] = await ds.query(`SELECT count(DISTINCT chain_seq)::int AS distinct, max(chain_seq)::int AS max FROM audit_log`);
    expect([distinct, max]).toEqual([before + 60, before + 60]);
  });

  it("seals a transaction's rows at its commit, in the order written, without a row rolled back to a savepoint", async () => {
    const audit = t.app.get(AuditService);
    await ds.transaction(async (m) => {
      await audit.record({ actor: null, action: 'CHAIN_TEST', subjectType: 'TEST', subjectId: 'first' }, m);
      await m.query('SAVEPOINT undone');
      await audit.record({ actor: null, action: 'CHAIN_TEST', subjectType: 'TEST', subjectId: 'undone' }, m);
      await m.query('ROLLBACK TO SAVEPOINT undone');
      for (const subjectId of ['second', 'third']) await audit.record({ actor: null, action: 'CHAIN_TEST', subjectType: 'TEST', subjectId }, m);
      // Nothing is sealed before the commit.
      expect(await m.query(`SELECT count(*)::int AS n FROM audit_log WHERE hash IS NULL`)).toEqual([{ n: 3 }]);
    });
    const last: { subject_id: string; chain_seq: string }[] = await ds.query(`SELECT subject_id, chain_seq FROM audit_log ORDER BY chain_seq DESC LIMIT 3`);
    expect(last.map((r) => r.subject_id)).toEqual(['third', 'second', 'first']);
    expect(await verify()).toMatchObject({ ok: true, firstBroken: null });
  });

  it('refuses changes from the application', async () => {
    await expect(ds.query(`UPDATE audit_log SET action = 'NOTHING_HAPPENED' WHERE chain_seq = 2`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`UPDATE audit_log SET hash = repeat('f', 64) WHERE chain_seq = 2`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM audit_log WHERE chain_seq = 2`)).rejects.toThrow(/append-only/);
  });

  it("shows supervisors of the case's jurisdiction who read or changed the case, and no one else", async () => {
    const res = await t.http().get(`/api/v1/cases/${caseId}/access-log`).set(as(supervisor22)).expect(200);
    const actions = res.body.items.map((i: { action: string; actor: { username: string } | null }) => `${i.actor?.username ?? '-'} ${i.action}`);
    expect(actions).toEqual(expect.arrayContaining([`${worker22.username} CASE_PERSONAL_DATA_READ`]));
    expect(res.body.items[0]).toEqual({ at: expect.any(String), actor: { username: expect.any(String), role: expect.any(String) }, action: expect.any(String) });
    expect(res.body.total).toBe(res.body.items.length);
    const outsider = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '31' });
    await t.http().get(`/api/v1/cases/${caseId}/access-log`).set(as(outsider)).expect(404);
    await t.http().get(`/api/v1/cases/${caseId}/access-log`).set(as(worker22)).expect(403);
    // Reading the log is itself on the log.
    const again = await t.http().get(`/api/v1/cases/${caseId}/access-log`).set(as(supervisor22)).expect(200);
    expect(again.body.items[0]).toMatchObject({ actor: { username: supervisor22.username, role: 'SUPERVISOR' }, action: 'CASE_ACCESS_LOG_READ' });
  });

  // Last: these break the chain of this file's database for good.
  it('finds a row removed, then an earlier row edited, by a superuser with the triggers off', async () => {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM audit_log`);
    const late = Math.floor(n * 0.8);
    const early = Math.floor(n * 0.3);
    await ds.query(`ALTER TABLE audit_log DISABLE TRIGGER USER`);
    try {
      await ds.query(`DELETE FROM audit_log WHERE chain_seq = $1`, [late]);
    } finally {
      await ds.query(`ALTER TABLE audit_log ENABLE TRIGGER USER`);
    }
    const [after] = await ds.query(`SELECT id FROM audit_log WHERE chain_seq = $1`, [late + 1]);
    expect((await verify()).firstBroken).toEqual({ id: String(after.id), chainSeq: String(late + 1), reason: 'ROW_MISSING_BEFORE' });

    await ds.query(`ALTER TABLE audit_log DISABLE TRIGGER USER`);
    try {
      await ds.query(`UPDATE audit_log SET actor_username = 'someone.else' WHERE chain_seq = $1`, [early]);
    } finally {
      await ds.query(`ALTER TABLE audit_log ENABLE TRIGGER USER`);
    }
    const [edited] = await ds.query(`SELECT id FROM audit_log WHERE chain_seq = $1`, [early]);
    expect(await verify()).toMatchObject({ ok: false, firstBroken: { id: String(edited.id), chainSeq: String(early), reason: 'CONTENT_CHANGED' } });
  });
});
