import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { appendOutboxEvent, makeAgency, makeReferral, makeUser } from '../support/factories';
import { callBody, openCaseByCall } from '../support/payloads';
import { FixedClock } from '../../src/common/clock';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { AgencyType } from '../../src/referrals/enums';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const vn = (local: string) => new Date(`${local}+07:00`);

/**
 * The clocks of the procedure as domain.md cites them, on the working-day calendar: 12 hours of urgent
 * protection for a child in serious danger, 5 working days to draft the plan and 2 for the commune chair to
 * approve it, and the police's own clocks on a referral.
 */
describe('legal deadlines (Decree 56/2017, Criminal Procedure Code)', () => {
  let t: TestApp;
  let w: TestWorker;
  let ds: DataSource;
  let clock: FixedClock;
  let admin: User;
  let operator: User;
  let worker: User;
  let supervisor: User;
  const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  const deadlineOf = (caseId: string, key: string) =>
    ds.query(`SELECT * FROM deadline WHERE case_id = $1 AND key = $2 ORDER BY created_at DESC LIMIT 1`, [caseId, key]).then((r) => r[0]);
  const post = (u: User, caseId: string, path: string, body: object) => t.http().post(`/api/v1/cases/${caseId}/${path}`).set(as(u)).send(body);

  beforeAll(async () => {
    // A Friday morning in March 2026 (no holiday near), so working days are easy to count.
    clock = new FixedClock(vn('2026-03-06T09:00:00'));
    t = await startTestApp({ clock });
    w = await startTestWorker({ clock });
    ds = t.dataSource;
    admin = await makeUser(ds, { role: Role.ADMIN });
    operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '22' });
    worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
  });
  afterAll(async () => {
    await w.close();
    await t.close();
  });

  const openCase = (report: Record<string, unknown> = {}) => openCaseByCall(t, w, as(operator), clock.now(), report);

  it('policies say which limits are law and on which article', async () => {
    const res = await t.http().get('/api/v1/admin/deadline-policies').set(as(admin)).expect(200);
    const byKey = Object.fromEntries(res.body.items.map((p: { key: string }) => [p.key, p]));
    expect(byKey.URGENT_PROTECTION).toMatchObject({ kind: 'LEGAL', duration: 'PT12H', legalBasis: 'Nghị định 56/2017/NĐ-CP, Điều 26 khoản 3, Điều 31 khoản 2' });
    expect(byKey.CASE_PLAN).toMatchObject({ kind: 'LEGAL', duration: 'P5D', workingDays: true, legalBasis: 'Nghị định 56/2017/NĐ-CP, Điều 28 khoản 1' });
    expect(byKey.PLAN_APPROVAL).toMatchObject({ kind: 'LEGAL', duration: 'P2D', workingDays: true });
    expect(byKey.SEPARATION_END).toMatchObject({ kind: 'LEGAL', duration: 'P15D' });
    expect(byKey.CASE_ASSESSMENT).toMatchObject({ kind: 'POLICY' });
    expect(byKey.REFERRAL_COMPLETE).toMatchObject({ byAgencyType: { POLICE: 'P20D' } });
    expect(byKey.REFERRAL_ACKNOWLEDGE).toMatchObject({ byAgencyType: { POLICE: 'P3D' } });

    const bad = await t
      .http()
      .patch('/api/v1/admin/deadline-policies/CASE_PLAN')
      .set(as(admin))
      .send({ kind: 'LAW', byAgencyType: { ARMY: 'P1D' } })
      .expect(400);
    expect(bad.body.message).toEqual([expect.stringMatching(/^byAgencyType: unknown agency type "ARMY"/), expect.stringMatching(/^kind must be LEGAL or POLICY/)]);
  });

  it('a child in serious danger: 12 hours of urgent protection from receipt, met by an urgent measure', async () => {
    const caseId = await openCase({ children: [{ fullName: 'Đỗ Thị Lan', sex: 'FEMALE', age: 7 }] });
    const urgent = await deadlineOf(caseId, 'URGENT_PROTECTION');
    expect(urgent).toMatchObject({ status: 'PENDING', subject_type: 'CASE' });
    expect(urgent.started_at).toEqual(clock.now());
    expect(urgent.due_at).toEqual(vn('2026-03-06T21:00:00'));
    expect(urgent.policy).toMatchObject({ kind: 'LEGAL', legalBasis: 'Nghị định 56/2017/NĐ-CP, Điều 26 khoản 3, Điều 31 khoản 2' });

    const listed = await t.http().get(`/api/v1/deadlines?caseId=${caseId}`).set(as(supervisor)).expect(200);
    expect(listed.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'URGENT_PROTECTION', kind: 'LEGAL', legalBasis: expect.stringContaining('Điều 26 khoản 3') }),
        expect.objectContaining({ key: 'CASE_ASSESSMENT', kind: 'POLICY' }),
      ]),
    );

    clock.advance(3 * HOUR);
    await post(worker, caseId, 'assignment', { assigneeUsername: worker.username }).expect(200);
    await post(worker, caseId, 'emergency-measures', {
      measureType: 'REMOVAL_FROM_HARM',
      description: 'Cháu được đưa đến nhà bà ngoại',
      takenAt: clock.now().toISOString(),
    }).expect(201);
    await w.drain();
    expect(await deadlineOf(caseId, 'URGENT_PROTECTION')).toMatchObject({ status: 'MET', met_at: clock.now(), overdue_at: null });
  });

  it('a temporary separation: an urgent intervention, at most 15 days (art. 32), ended by a new decision', async () => {
    clock.set(vn('2026-03-06T09:00:00'));
    const caseId = await openCase({ children: [{ fullName: 'Kiều Thị Ánh', sex: 'FEMALE', age: 6 }] });
    clock.advance(4 * HOUR);
    const decision = {
      decidedBy: 'Nguyễn Văn Chủ, Chủ tịch UBND phường',
      decisionNumber: '07/QĐ-UBND',
      decidedAt: clock.now().toISOString(),
      endsAt: vn('2026-03-20T13:00:00').toISOString(),
      placement: 'Nhà bà ngoại',
      separatedFrom: 'Cha dượng',
      reason: 'Cha dượng đánh cháu',
    };
    const bad = await post(worker, caseId, 'separations', { ...decision, endsAt: vn('2026-03-05T13:00:00').toISOString(), placement: ' ' }).expect(400);
    expect(bad.body.message).toEqual(['endsAt must be after startsAt', 'placement must not be blank']);
    const made = await post(worker, caseId, 'separations', decision).expect(201);
    expect(made.body).toMatchObject({ decidedBy: decision.decidedBy, placement: 'Nhà bà ngoại', inForce: true });
    await post(worker, caseId, 'separations', decision).expect(409);
    await w.drain();
    expect(await deadlineOf(caseId, 'URGENT_PROTECTION')).toMatchObject({ status: 'MET', met_at: clock.now() });
    const end = await deadlineOf(caseId, 'SEPARATION_END');
    expect(end).toMatchObject({ status: 'PENDING' });
    expect(end.started_at).toEqual(clock.now());
    expect(end.due_at).toEqual(vn('2026-03-21T13:00:00'));
    expect(end.policy).toMatchObject({ kind: 'LEGAL', legalBasis: 'Nghị định 56/2017/NĐ-CP, Điều 32' });

    clock.set(vn('2026-03-18T08:00:00'));
    const ended = await post(worker, caseId, `separations/${made.body.id}/end`, {
      endedAt: clock.now().toISOString(),
      reason: 'Đánh giá lại: mẹ đã bảo đảm an toàn cho cháu',
    }).expect(200);
    expect(ended.body).toMatchObject({ inForce: false, endReason: 'Đánh giá lại: mẹ đã bảo đảm an toàn cho cháu' });
    await w.drain();
    expect(await deadlineOf(caseId, 'SEPARATION_END')).toMatchObject({ status: 'MET', met_at: clock.now() });
    const listed = await t.http().get(`/api/v1/cases/${caseId}/separations`).set(as(supervisor)).expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: made.body.id, inForce: false })]);
  });

  it('a report of serious danger linked to a case starts the urgent clock from its own receipt', async () => {
    clock.set(vn('2026-03-06T09:00:00'));
    const caseId = await openCase({ children: [{ fullName: 'Mạc Thị Yến', sex: 'FEMALE', age: 12 }], immediateDanger: false, abuseTypes: ['NEGLECT'] });
    expect(await deadlineOf(caseId, 'URGENT_PROTECTION')).toBeUndefined();
    clock.set(vn('2026-03-07T20:15:00'));
    await t
      .http()
      .post('/api/v1/intake/calls')
      .set(as(operator))
      .send(callBody({ startedAt: clock.now().toISOString(), linkToCaseId: caseId }, { children: [{ fullName: 'Mạc Thị Yến', sex: 'FEMALE', age: 12 }], immediateDanger: true }))
      .expect(201);
    await w.drain();
    const urgent = await deadlineOf(caseId, 'URGENT_PROTECTION');
    expect(urgent).toMatchObject({ status: 'PENDING' });
    expect(urgent.started_at).toEqual(vn('2026-03-07T20:15:00'));
    expect(urgent.due_at).toEqual(vn('2026-03-08T08:15:00'));
  });

  it('a risk raised to CRITICAL at assessment starts the urgent clock; a case not in danger has none before', async () => {
    clock.set(vn('2026-03-06T09:00:00'));
    const caseId = await openCase({ children: [{ fullName: 'Phan Văn Minh', sex: 'MALE', age: 11 }], immediateDanger: false, abuseTypes: ['NEGLECT'] });
    expect(await deadlineOf(caseId, 'URGENT_PROTECTION')).toBeUndefined();
    await post(worker, caseId, 'assignment', { assigneeUsername: worker.username }).expect(200);
    await post(worker, caseId, 'transitions', { to: 'ASSESSING' }).expect(200);
    clock.advance(2 * HOUR);
    await post(worker, caseId, 'transitions', { to: 'PLANNING', assessment: { riskLevel: 'CRITICAL', founded: true, summary: 'Cháu bị bỏ mặc nhiều ngày' } }).expect(200);
    await w.drain();
    const urgent = await deadlineOf(caseId, 'URGENT_PROTECTION');
    expect(urgent).toMatchObject({ status: 'PENDING' });
    expect(urgent.due_at).toEqual(vn('2026-03-06T23:00:00'));
  });

  it('the plan: drafted within 5 working days of receipt, approved by the chair within 2 working days of submission', async () => {
    clock.set(vn('2026-03-06T09:00:00'));
    const caseId = await openCase({ children: [{ fullName: 'Vũ Thị Hạnh', sex: 'FEMALE', age: 10 }], immediateDanger: false, abuseTypes: ['EMOTIONAL_VIOLENCE'] });
    await post(worker, caseId, 'assignment', { assigneeUsername: worker.username }).expect(200);
    await post(worker, caseId, 'transitions', { to: 'ASSESSING' }).expect(200);
    clock.advance(HOUR);
    await post(worker, caseId, 'transitions', { to: 'PLANNING', assessment: { riskLevel: 'HIGH', founded: true, summary: 'Bạo lực tinh thần kéo dài' } }).expect(200);
    await w.drain();
    const plan = await deadlineOf(caseId, 'CASE_PLAN');
    // Friday 09:00 + 5 working days (Mon 9 … Fri 13 March) = Friday 13 March, 09:00.
    expect(plan).toMatchObject({ status: 'PENDING' });
    expect(plan.due_at).toEqual(vn('2026-03-13T09:00:00'));
    expect(plan.policy).toMatchObject({ kind: 'LEGAL', workingDays: true, duration: 'P5D' });

    // Submitted on Friday 13 March at 15:00: the chair has Monday and Tuesday.
    clock.set(vn('2026-03-13T15:00:00'));
    const items = [{ service: 'Tư vấn tâm lý', responsibleAgencyType: 'SOCIAL_SERVICES', dueDate: '2026-04-30' }];
    await post(worker, caseId, 'plan', { goals: ['Cháu an toàn ở nhà'], items }).expect(201);
    await w.drain();
    expect(await deadlineOf(caseId, 'CASE_PLAN')).toMatchObject({ status: 'MET', met_at: clock.now() });
    const approval = await deadlineOf(caseId, 'PLAN_APPROVAL');
    expect(approval).toMatchObject({ status: 'PENDING' });
    expect(approval.due_at).toEqual(vn('2026-03-17T15:00:00'));
    expect(approval.policy).toMatchObject({ kind: 'LEGAL', legalBasis: 'Nghị định 56/2017/NĐ-CP, Điều 28 khoản 4' });

    clock.set(vn('2026-03-16T10:00:00'));
    await post(supervisor, caseId, 'transitions', { to: 'INTERVENING' }).expect(200);
    await w.drain();
    expect(await deadlineOf(caseId, 'PLAN_APPROVAL')).toMatchObject({ status: 'MET', met_at: clock.now() });
  });

  it('a police referral: investigator assigned within 3 days, decision within 20 days, both legal', async () => {
    clock.set(vn('2026-03-06T09:00:00'));
    const police = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '31' });
    const health = await makeAgency(ds, { type: AgencyType.HEALTH, provinceCode: '31' });
    const caseId = await openCase({ children: [{ fullName: 'Lý Thị Mai', sex: 'FEMALE', age: 13 }], immediateDanger: false });
    const [c] = await ds.query(`SELECT case_number FROM protection_case WHERE id = $1`, [caseId]);
    const send = async (agencyId: string, agencyType: string) => {
      const referralId = await makeReferral(ds, { caseId, agencyId, agencyType, riskLevel: 'CRITICAL', sentAt: clock.now() });
      const ref = (status: string) => ({
        referralId,
        caseId,
        caseNumber: c.case_number,
        agencyId,
        agencyType,
        status,
        riskLevel: 'CRITICAL',
        provinceCode: '22',
        communeCode: '06652',
        caseAssigneeId: null,
        actorId: null,
        at: clock.now().toISOString(),
      });
      await appendOutboxEvent(ds, 'REFERRAL_SENT', 'REFERRAL', referralId, ref('SENT'));
      await w.drain();
      return { referralId, ref };
    };
    const toPolice = await send(police.id, 'POLICE');
    const ack = await ds.query(`SELECT * FROM deadline WHERE subject_id = $1 AND key = 'REFERRAL_ACKNOWLEDGE'`, [toPolice.referralId]).then((r) => r[0]);
    // The police's clock, not the 1 hour our target sets for other agencies at CRITICAL risk.
    expect(ack.due_at.getTime() - ack.started_at.getTime()).toBe(3 * DAY);
    expect(ack.policy).toMatchObject({ kind: 'LEGAL', legalBasis: 'Thông tư 43/2021/TT-BCA, Điều 8', duration: 'P3D' });

    const toHealth = await send(health.id, 'HEALTH');
    const healthAck = await ds.query(`SELECT * FROM deadline WHERE subject_id = $1 AND key = 'REFERRAL_ACKNOWLEDGE'`, [toHealth.referralId]).then((r) => r[0]);
    expect(healthAck.due_at.getTime() - healthAck.started_at.getTime()).toBe(HOUR);
    expect(healthAck.policy).toMatchObject({ kind: 'POLICY' });

    clock.advance(DAY);
    await ds.query(`UPDATE referral SET status = 'ACCEPTED' WHERE id = $1`, [toPolice.referralId]);
    await appendOutboxEvent(ds, 'REFERRAL_ACCEPTED', 'REFERRAL', toPolice.referralId, toPolice.ref('ACCEPTED'));
    await w.drain();
    const complete = await ds.query(`SELECT * FROM deadline WHERE subject_id = $1 AND key = 'REFERRAL_COMPLETE'`, [toPolice.referralId]).then((r) => r[0]);
    expect(complete.started_at).toEqual(clock.now());
    expect(complete.due_at.getTime() - complete.started_at.getTime()).toBe(20 * DAY);
    expect(complete.policy).toMatchObject({ kind: 'LEGAL', legalBasis: 'Bộ luật Tố tụng hình sự 2015, Điều 147 khoản 1' });

    // Extensions (art. 147(2)): first to 2 months from receipt, then 2 more with the procuracy, never a third.
    const officer = await makeUser(ds, { role: Role.AGENCY_OFFICER, provinceCode: '31', agencyId: police.id });
    const otherOfficer = await makeUser(ds, { role: Role.AGENCY_OFFICER, provinceCode: '31', agencyId: health.id });
    const extend = (u: User, body: object) => t.http().post(`/api/v1/referrals/${toPolice.referralId}/extensions`).set(as(u)).send(body);
    await extend(otherOfficer, { reason: 'Vụ việc phức tạp, cần thêm thời gian' }).expect(404);
    await extend(officer, { reason: 'ngắn' }).expect(400);
    const first = await extend(officer, { reason: 'Vụ việc phức tạp, cần giám định pháp y bổ sung' }).expect(201);
    expect(first.body).toMatchObject({ extension: 1, previousDueAt: complete.due_at.toISOString(), legalBasis: 'Bộ luật Tố tụng hình sự 2015, Điều 147 khoản 2' });
    expect(first.body.dueAt).toBe(vn('2026-05-07T09:00:00').toISOString());
    await w.drain();
    const moved = await ds.query(`SELECT * FROM deadline WHERE id = $1`, [complete.id]).then((r) => r[0]);
    expect(moved).toMatchObject({ status: 'PENDING', escalation_level: 0 });
    expect(moved.due_at).toEqual(vn('2026-05-07T09:00:00'));
    expect(moved.next_fire_at).toEqual(moved.due_at);
    const noApproval = await extend(officer, { reason: 'Cần thêm thời gian điều tra' }).expect(400);
    expect(noApproval.body.message).toMatch(/needs the approval of: Viện kiểm sát/);
    const second = await extend(officer, { reason: 'Cần thêm thời gian điều tra', procuracyApproval: 'Quyết định 05/QĐ-VKS' }).expect(201);
    expect(second.body).toMatchObject({ extension: 2, dueAt: vn('2026-07-07T09:00:00').toISOString(), approval: 'Quyết định 05/QĐ-VKS' });
    await extend(officer, { reason: 'Cần thêm thời gian điều tra', procuracyApproval: 'x' }).expect(409);
    await w.drain();
    expect((await ds.query(`SELECT due_at FROM deadline WHERE id = $1`, [complete.id]))[0].due_at).toEqual(vn('2026-07-07T09:00:00'));
    const timeline = await t.http().get(`/api/v1/cases/${caseId}/timeline`).set(as(supervisor)).expect(200);
    expect(
      timeline.body.items
        .filter((e: { type: string }) => e.type === 'REFERRAL_EXTENDED')
        .map((e: { after: { reason: string; number: number } }) => [e.after.number, e.after.reason]),
    ).toEqual([
      [1, 'Vụ việc phức tạp, cần giám định pháp y bổ sung'],
      [2, 'Cần thêm thời gian điều tra'],
    ]);

    // The decision is one of art. 147's, with a note; then the worker must tell the reporter within 3 days.
    await ds.query(`UPDATE referral SET status = 'IN_PROGRESS' WHERE id = $1`, [toPolice.referralId]);
    clock.set(vn('2026-04-01T10:00:00'));
    const act = (body: object) => t.http().post(`/api/v1/referrals/${toPolice.referralId}/complete`).set(as(officer)).send(body);
    const old = await act({ outcome: { code: 'INVESTIGATION_OPENED', note: 'x' } }).expect(400);
    expect(JSON.stringify(old.body.message)).toMatch(/allowed: PROSECUTION_OPENED, NO_PROSECUTION, SUSPENDED/);
    await act({ outcome: { code: 'PROSECUTION_OPENED' } }).expect(400);
    await act({ outcome: { code: 'PROSECUTION_OPENED', note: 'Quyết định khởi tố vụ án số 12/QĐ ngày 01/04/2026' } }).expect(200);
    await w.drain();
    expect(await ds.query(`SELECT status FROM deadline WHERE id = $1`, [complete.id]).then((r) => r[0].status)).toBe('MET');
    const notice = await deadlineOf(caseId, 'REPORTER_NOTIFICATION');
    expect(notice).toMatchObject({ status: 'PENDING', subject_type: 'CASE', agency_id: null });
    expect(notice.due_at).toEqual(vn('2026-04-04T10:00:00'));
    expect(notice.policy).toMatchObject({ kind: 'LEGAL' });
    await post(worker, caseId, 'assignment', { assigneeUsername: worker.username }).expect(200);
    clock.advance(HOUR);
    await post(worker, caseId, 'notes', { type: 'REPORTER_NOTIFIED', text: 'Đã gọi điện báo cho cô giáo kết quả khởi tố', occurredAt: clock.now().toISOString() }).expect(201);
    await w.drain();
    expect(await deadlineOf(caseId, 'REPORTER_NOTIFICATION')).toMatchObject({ status: 'MET', met_at: clock.now() });
  });

  it('an anonymous reporter cannot be told: no notification deadline after the police decide', async () => {
    clock.set(vn('2026-03-06T09:00:00'));
    const police = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '31' });
    const officer = await makeUser(ds, { role: Role.AGENCY_OFFICER, provinceCode: '31', agencyId: police.id });
    const caseId = await openCase({ reporter: { anonymous: true }, children: [{ fullName: 'Tạ Văn Bình', sex: 'MALE', age: 10 }], immediateDanger: false });
    const referralId = await makeReferral(ds, { caseId, agencyId: police.id, agencyType: 'POLICE', status: 'IN_PROGRESS', riskLevel: 'HIGH', sentAt: clock.now() });
    await t
      .http()
      .post(`/api/v1/referrals/${referralId}/complete`)
      .set(as(officer))
      .send({ outcome: { code: 'NO_PROSECUTION', note: 'Không có dấu hiệu tội phạm' } })
      .expect(200);
    await w.drain();
    expect(await deadlineOf(caseId, 'REPORTER_NOTIFICATION')).toBeUndefined();
  });
});
