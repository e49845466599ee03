import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeAgency, makeAgencyOfficer, makeCase, makeDeadlineRow, makeReferral, makeReportRow, makeUser } from '../support/factories';
import { Role } from '../../src/identity/enums';
import { AgencyType } from '../../src/referrals/enums';
import { User } from '../../src/identity/user.entity';
import { phoneDigest } from '../../src/intake/callers.service';

/** My tasks, the supervisor's approvals and repeat callers, each scoped to the person asking. */
describe('my work: tasks, approvals, repeat callers', () => {
  let t: TestApp;
  let ds: DataSource;
  const HOUR = 3_600_000;
  const now = () => Date.now();
  const bearer = (u: User) => `Bearer ${t.tokenFor(u)}`;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
  });
  afterAll(() => t.close());

  describe('GET /api/v1/tasks', () => {
    it('lists what I and my agency answer for, soonest first, legal limits marked', async () => {
      const worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
      const colleague = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
      const mine = await makeCase(ds, { status: 'PLANNING', assigneeId: worker.id });
      const theirs = await makeCase(ds, { status: 'ASSESSING', assigneeId: colleague.id });
      const started = new Date(now() - 48 * HOUR);
      const plan = await makeDeadlineRow(ds, { key: 'CASE_PLAN', caseId: mine.id, startedAt: started, dueAt: new Date(now() + 5 * HOUR), status: 'PENDING' });
      const late = await makeDeadlineRow(ds, { key: 'CASE_ASSESSMENT', caseId: mine.id, startedAt: started, dueAt: new Date(now() - HOUR), status: 'OVERDUE' });
      await makeDeadlineRow(ds, { key: 'CASE_REVIEW', caseId: mine.id, startedAt: started, dueAt: new Date(now() - 2 * HOUR), status: 'MET', metAt: new Date(now() - 3 * HOUR) });
      await makeDeadlineRow(ds, { key: 'CASE_ASSESSMENT', caseId: theirs.id, startedAt: started, dueAt: new Date(now() + HOUR), status: 'PENDING' });
      // A deadline whose policy names its legal basis (the snapshot carries the kind once policies have one).
      await ds.query(`UPDATE deadline SET policy = policy || '{"kind":"LEGAL","legalBasis":"Nghị định 56/2017/NĐ-CP, Điều 28 khoản 1"}' WHERE id = $1`, [plan]);

      const police = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22', name: 'Công an tỉnh Quảng Ninh' });
      const referral = await makeReferral(ds, { caseId: mine.id, agencyId: police.id, agencyType: AgencyType.POLICE });
      const ack = await makeDeadlineRow(ds, {
        key: 'REFERRAL_ACKNOWLEDGE',
        caseId: mine.id,
        referralId: referral,
        agencyId: police.id,
        startedAt: started,
        dueAt: new Date(now() + HOUR),
        status: 'PENDING',
      });

      const res = await t.http().get('/api/v1/tasks').set('Authorization', bearer(worker)).expect(200);
      expect(res.body.items.map((i: { deadlineId: string }) => i.deadlineId)).toEqual([late, plan]);
      expect(res.body.overdue).toBe(1);
      expect(res.body.items[0]).toMatchObject({ key: 'CASE_ASSESSMENT', kind: 'POLICY', caseId: mine.id, caseNumber: mine.caseNumber, overdue: true, provinceName: 'Quảng Ninh' });
      expect(res.body.items[1]).toMatchObject({ key: 'CASE_PLAN', kind: 'LEGAL', legalBasis: 'Nghị định 56/2017/NĐ-CP, Điều 28 khoản 1', overdue: false });
      expect(res.body.items[0].referralId).toBeUndefined();

      const officer = await makeAgencyOfficer(ds, police);
      const inbox = await t.http().get('/api/v1/tasks').set('Authorization', bearer(officer)).expect(200);
      expect(inbox.body.items).toEqual([
        expect.objectContaining({
          deadlineId: ack,
          key: 'REFERRAL_ACKNOWLEDGE',
          referralId: referral,
          agencyName: 'Công an tỉnh Quảng Ninh',
          caseNumber: mine.caseNumber,
          overdue: false,
        }),
      ]);
    });
  });

  describe('GET /api/v1/approvals', () => {
    it('lists submitted plans and cases under review of the jurisdiction, oldest first', async () => {
      const supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
      const worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: `an.nguyen.${Date.now()}` });
      const planned = await makeCase(ds, { status: 'PLANNING', assigneeId: worker.id });
      const reviewing = await makeCase(ds, { status: 'REVIEWING', assigneeId: worker.id });
      const elsewhere = await makeCase(ds, { status: 'PLANNING', provinceCode: '31', communeCode: null });
      const insertPlan = (caseId: string, status: string, at: Date) =>
        ds.query(`INSERT INTO case_plan (case_id, version_number, status, goals, submitted_by, submitted_at) VALUES ($1, 1, $2, $3, $4, $5)`, [
          caseId,
          status,
          ['An toàn tại nhà'],
          worker.id,
          at,
        ]);
      await insertPlan(planned.id, 'SUBMITTED', new Date(now() - 2 * HOUR));
      await insertPlan(reviewing.id, 'APPROVED', new Date(now() - 100 * HOUR));
      await insertPlan(elsewhere.id, 'SUBMITTED', new Date(now() - 50 * HOUR));
      await ds.query(
        `INSERT INTO case_event (case_id, at, type, actor_id, actor_username, before, after) VALUES ($1, $2, 'STATUS_CHANGED', $3, $4, '{"status":"INTERVENING"}', '{"status":"REVIEWING"}')`,
        [reviewing.id, new Date(now() - 10 * HOUR), worker.id, worker.username],
      );

      const res = await t.http().get('/api/v1/approvals').set('Authorization', bearer(supervisor)).expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ caseId: reviewing.id, caseNumber: reviewing.caseNumber, kind: 'CLOSURE', submittedBy: worker.username }),
        expect.objectContaining({ caseId: planned.id, caseNumber: planned.caseNumber, kind: 'PLAN', submittedBy: worker.username, planVersion: 1 }),
      ]);
      await t.http().get('/api/v1/approvals').set('Authorization', bearer(worker)).expect(403);
    });
  });

  describe('repeat callers', () => {
    const phone = '0912 345 678';
    const normalised = '0912345678';

    it('shows the earlier calls, open cases and flags of a number within the jurisdiction, and audits the read', async () => {
      const operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '22' });
      const other = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '31' });
      const supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
      const supervisorHp = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '31' });
      const call = async (province: string, at: Date, type = 'PRANK') => {
        const [row] = await ds.query(
          `INSERT INTO hotline_call (call_type, channel, caller_phone, started_at, operator_id, hotline_province_code) VALUES ($1, 'PROVINCIAL_HOTLINE', $2, $3, $4, $5) RETURNING id`,
          [type, normalised, at, province === '22' ? operator.id : other.id, province],
        );
        return row.id as string;
      };
      const early = await call('22', new Date(now() - 48 * HOUR));
      const reportCall = await call('22', new Date(now() - 24 * HOUR), 'REPORT');
      await call('31', new Date(now() - 12 * HOUR));
      const open = await makeCase(ds, { status: 'ASSESSING' });
      const report = await makeReportRow(ds, {
        caseId: open.id,
        channel: 'PROVINCIAL_HOTLINE',
        receivedAt: new Date(now() - 24 * HOUR),
        provinceCode: '22',
        communeCode: '06652',
        abuseTypes: ['NEGLECT'],
        callId: reportCall,
      });
      await ds.query(`UPDATE hotline_call SET report_id = $1 WHERE id = $2`, [report, reportCall]);

      const until = new Date(now() + 7 * 24 * HOUR).toISOString();
      const flag = await t
        .http()
        .post(`/api/v1/intake/callers/${encodeURIComponent(phone)}/flags`)
        .set('Authorization', bearer(supervisor))
        .send({ type: 'PRANK', note: 'Gọi đùa nhiều lần', until })
        .expect(201);
      await t
        .http()
        .post(`/api/v1/intake/callers/${normalised}/flags`)
        .set('Authorization', bearer(supervisorHp))
        .send({ type: 'ABUSIVE', note: 'Lời lẽ xúc phạm', until })
        .expect(201);

      const res = await t
        .http()
        .get(`/api/v1/intake/callers/${encodeURIComponent(phone)}`)
        .set('Authorization', bearer(operator))
        .expect(200);
      expect(res.body.calls.map((c: { callId: string }) => c.callId)).toEqual([reportCall, early]);
      expect(res.body.calls[0]).toMatchObject({ callType: 'REPORT', caseId: open.id });
      expect(res.body.cases).toEqual([expect.objectContaining({ caseId: open.id, caseNumber: open.caseNumber, status: 'ASSESSING', communeName: 'Phường Hà Tu' })]);
      expect(res.body.flags).toEqual([expect.objectContaining({ id: flag.body.id, type: 'PRANK', note: 'Gọi đùa nhiều lần' })]);

      const [audit] = await ds.query(`SELECT subject_id, after FROM audit_log WHERE action = 'CALLER_HISTORY_READ' AND actor_id = $1`, [operator.id]);
      expect(audit.subject_id).toBe(phoneDigest(normalised));
      expect(JSON.stringify(audit)).not.toContain(normalised);

      await t.http().delete(`/api/v1/intake/callers/${normalised}/flags/${flag.body.id}`).set('Authorization', bearer(supervisorHp)).expect(404);
      await t.http().delete(`/api/v1/intake/callers/${normalised}/flags/${flag.body.id}`).set('Authorization', bearer(supervisor)).expect(204);
      const after = await t.http().get(`/api/v1/intake/callers/${normalised}`).set('Authorization', bearer(operator)).expect(200);
      expect(after.body.flags).toEqual([]);
      const again = await t.http().delete(`/api/v1/intake/callers/${normalised}/flags/${flag.body.id}`).set('Authorization', bearer(supervisor)).expect(409);
      expect(again.body.code).toBe('CALLER_FLAG_NOT_ACTIVE');
    });

    it('refuses a flag without a future expiry or a note, saying what to fix', async () => {
      const supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
      const res = await t
        .http()
        .post(`/api/v1/intake/callers/${normalised}/flags`)
        .set('Authorization', bearer(supervisor))
        .set('Accept-Language', 'vi')
        .send({ type: 'PRANK', note: ' ', until: new Date(now() - HOUR).toISOString() })
        .expect(400);
      expect(res.body.message).toEqual(['Thời hạn của cảnh báo phải ở tương lai', 'Cần ghi chú: nêu điều điều phối viên cần biết']);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM caller_flag WHERE note = ' '`);
      expect(n).toBe(0);
      const bad = await t.http().get('/api/v1/intake/callers/12ab').set('Authorization', bearer(supervisor)).expect(400);
      expect(bad.body.code).toBe('LOOKUP_PHONE_INVALID');
    });
  });
});
