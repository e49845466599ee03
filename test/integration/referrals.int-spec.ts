import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { makeAgency, makeAgencyOfficer, makeUser } from '../support/factories';
import { callBody } from '../support/payloads';
import { Role } from '../../src/identity/enums';
import { AgencyType } from '../../src/referrals/enums';
import { User } from '../../src/identity/user.entity';
import { Agency } from '../../src/referrals/agency.entity';

const TYPES = Object.values(AgencyType);

/** A code of each agency type, for completing a referral. */
const OUTCOME: Record<AgencyType, string> = {
  POLICE: 'PROSECUTION_OPENED',
  HEALTH: 'FORENSIC_ASSESSMENT_DONE',
  EDUCATION: 'SCHOOL_MEASURES_TAKEN',
  SOCIAL_SERVICES: 'PSYCHOSOCIAL_SUPPORT',
  JUSTICE: 'LEGAL_AID_PROVIDED',
  LOCAL_AUTHORITY: 'FAMILY_SUPPORT_ARRANGED',
};

type Item = Record<string, unknown> & { id: string; agencyType: string; status: string; explanation: string };

describe('routing and referrals', () => {
  let t: TestApp;
  let w: TestWorker;
  let ds: DataSource;
  let operator: User;
  let workerQn: User;
  let worker2Qn: User;
  let workerHp: User;
  let workerNational: User;
  let supQn: User;
  let admin: User;
  const qn = {} as Record<AgencyType, Agency>;
  const hp = {} as Record<AgencyType, Agency>;
  const officerQn = {} as Record<AgencyType, User>;
  let policeHp: User;

  const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  const act = (u: User, id: string, action: string, body: object = {}) => t.http().post(`/api/v1/referrals/${id}/${action}`).set(as(u)).send(body);
  const inbox = async (u: User, query = '') => (await t.http().get(`/api/v1/referrals${query}`).set(as(u)).expect(200)).body;
  const caseReferrals = async (caseId: string, u: User = workerQn): Promise<Item[]> => (await t.http().get(`/api/v1/cases/${caseId}/referrals`).set(as(u)).expect(200)).body.items;
  const timeline = async (caseId: string): Promise<{ type: string; actor: string | null; after: Record<string, unknown> }[]> =>
    (await t.http().get(`/api/v1/cases/${caseId}/timeline`).set(as(supQn)).expect(200)).body.items;
  const events = (type: string, aggregateId?: string): Promise<{ id: string; aggregate_id: string; payload: Record<string, unknown> }[]> =>
    ds.query(`SELECT id, aggregate_id, payload FROM outbox_event WHERE type = $1 AND ($2::text IS NULL OR aggregate_id = $2) ORDER BY id`, [type, aggregateId ?? null]);
  const byType = (items: Item[]) => Object.fromEntries(items.map((i) => [i.agencyType, i])) as Record<string, Item>;

  /** A case opened through the real intake endpoint by the national hotline. */
  async function openCase(report: Record<string, unknown> = {}): Promise<{ caseId: string; caseNumber: string }> {
    const res = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(as(operator))
      .send(callBody({}, { immediateDanger: false, ...report }))
      .expect(201);
    return { caseId: res.body.caseId, caseNumber: res.body.caseNumber };
  }

  /** The worker takes the case, verifies it and records a founded assessment (ASSESSING → PLANNING). */
  async function assess(caseId: string, worker: User = workerQn, riskLevel = 'HIGH'): Promise<void> {
    await t.http().post(`/api/v1/cases/${caseId}/assignment`).set(as(worker)).send({ assigneeUsername: worker.username }).expect(200);
    await t.http().post(`/api/v1/cases/${caseId}/transitions`).set(as(worker)).send({ to: 'ASSESSING' }).expect(200);
    await t
      .http()
      .post(`/api/v1/cases/${caseId}/transitions`)
      .set(as(worker))
      .send({ to: 'PLANNING', assessment: { riskLevel, founded: true, summary: 'Verified at a home visit with the class teacher' } })
      .expect(200);
  }

  beforeAll(async () => {
    t = await startTestApp();
    w = await startTestWorker();
    ds = t.dataSource;
    for (const type of TYPES) {
      qn[type] = await makeAgency(ds, { type, provinceCode: '22' });
      hp[type] = await makeAgency(ds, { type, provinceCode: '31' });
      officerQn[type] = await makeAgencyOfficer(ds, qn[type]);
    }
    policeHp = await makeAgencyOfficer(ds, hp.POLICE);
    operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR });
    workerQn = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    worker2Qn = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    workerHp = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '31' });
    workerNational = await makeUser(ds, { role: Role.CASE_WORKER });
    supQn = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    admin = await makeUser(ds, { role: Role.ADMIN });
  });
  afterAll(async () => {
    await w.close();
    await t.close();
  });

  it('seeds the default routing rules once, as version 1', async () => {
    const res = await t.http().get('/api/v1/admin/routing-rules').set(as(admin)).expect(200);
    expect(res.body.items).toHaveLength(13);
    expect(res.body.items[0]).toMatchObject({
      number: 1,
      version: 1,
      active: true,
      agencyTypes: ['POLICE', 'HEALTH', 'SOCIAL_SERVICES'],
      condition: { abuseTypesAny: ['SEXUAL_ABUSE'] },
    });
    await t.http().get('/api/v1/admin/routing-rules').set(as(supQn)).expect(403);
  });

  it('refers a founded SEXUAL_ABUSE case in a QN commune to QN police, health, social services and justice; each works it to COMPLETED from its inbox', async () => {
    const { caseId, caseNumber } = await openCase({ children: [{ fullName: 'Nguyễn Thị Hoa', sex: 'FEMALE', age: 9 }] });
    await w.drain();
    expect(await caseReferrals(caseId)).toEqual([]);

    await assess(caseId);
    await w.drain();
    const items = await caseReferrals(caseId);
    expect(items.map((i) => i.agencyType)).toEqual(['POLICE', 'HEALTH', 'SOCIAL_SERVICES', 'JUSTICE']);
    const refs = byType(items);
    for (const type of ['POLICE', 'HEALTH', 'SOCIAL_SERVICES'] as AgencyType[]) {
      expect(refs[type]).toMatchObject({
        caseId,
        caseNumber,
        agencyId: qn[type].id,
        status: 'SENT',
        riskLevel: 'HIGH',
        routed: true,
        explanation: `${type} because SEXUAL_ABUSE (rule 1, v1)`,
      });
    }
    expect(refs.JUSTICE.explanation).toBe('JUSTICE because SEXUAL_ABUSE (rule 12, v1)');

    // Each referral: a timeline event, an audit row and an outbox event with the ReferralRef payload.
    const sent = (await timeline(caseId)).filter((e) => e.type === 'REFERRAL_SENT');
    expect(sent.map((e) => [e.after.agencyType, e.actor])).toEqual([
      ['POLICE', null],
      ['HEALTH', null],
      ['SOCIAL_SERVICES', null],
      ['JUSTICE', null],
    ]);
    const audit = await ds.query(`SELECT subject_id FROM audit_log WHERE action = 'REFERRAL_SENT' AND subject_id = ANY($1)`, [items.map((i) => i.id)]);
    expect(audit).toHaveLength(4);
    const police = (await events('REFERRAL_SENT', refs.POLICE.id))[0];
    expect(police.payload).toMatchObject({
      referralId: refs.POLICE.id,
      caseId,
      caseNumber,
      agencyId: qn.POLICE.id,
      agencyType: 'POLICE',
      status: 'SENT',
      riskLevel: 'HIGH',
      provinceCode: '22',
      communeCode: '06652',
      caseAssigneeId: workerQn.id,
      actorId: null,
      at: expect.any(String),
    });

    for (const type of ['POLICE', 'HEALTH', 'SOCIAL_SERVICES'] as AgencyType[]) {
      const officer = officerQn[type];
      const mine = await inbox(officer);
      expect(mine.items.map((i: Item) => i.id)).toContain(refs[type].id);
      expect(mine.items.every((i: Item) => i.agencyId === qn[type].id)).toBe(true);
      expect(mine).toMatchObject({ page: 1, pageSize: 50, total: mine.items.length });

      const detail = (await t.http().get(`/api/v1/referrals/${refs[type].id}`).set(as(officer)).expect(200)).body;
      expect(detail).toMatchObject({
        id: refs[type].id,
        caseId,
        caseNumber,
        agencyType: type,
        agencyId: qn[type].id,
        status: 'SENT',
        riskLevel: 'HIGH',
        allowedActions: ['acknowledge', 'accept', 'decline'],
      });
      expect(detail.case).toMatchObject({
        caseNumber,
        abuseTypes: ['SEXUAL_ABUSE'],
        riskLevel: 'HIGH',
        location: { provinceCode: '22', communeCode: '06652', address: 'Tổ 5, khu 3' },
        children: [{ firstName: 'Hoa', age: expect.any(Number), sex: 'FEMALE' }],
        caseWorker: { name: workerQn.fullName },
        reporter: null,
        narrative: expect.any(String),
      });
      expect(JSON.stringify(detail.case)).not.toMatch(/Nguyễn Thị Hoa|Trần Thị B|0912345678/);

      let version = detail.version;
      for (const [action, body, status] of [
        ['acknowledge', {}, 'ACKNOWLEDGED'],
        ['accept', {}, 'ACCEPTED'],
        ['start', {}, 'IN_PROGRESS'],
        ['complete', { outcome: { code: OUTCOME[type], note: 'Done with the family' } }, 'COMPLETED'],
      ] as const) {
        const res = await act(officer, refs[type].id, action, { ...body, expectedVersion: version }).expect(200);
        expect(res.body).toMatchObject({ status, version: version + 1 });
        version = res.body.version;
      }
      const done = (await t.http().get(`/api/v1/referrals/${refs[type].id}`).set(as(officer)).expect(200)).body;
      expect(done).toMatchObject({ status: 'COMPLETED', outcome: { code: OUTCOME[type], note: 'Done with the family' }, allowedActions: [] });
      expect(done.history.map((h: { type: string }) => h.type)).toEqual(['REFERRAL_SENT', 'REFERRAL_ACKNOWLEDGED', 'REFERRAL_ACCEPTED', 'REFERRAL_STARTED', 'REFERRAL_COMPLETED']);
    }

    const reads = await ds.query(`SELECT actor_id FROM audit_log WHERE action = 'REFERRAL_CASE_DATA_READ' AND subject_id = $1`, [refs.POLICE.id]);
    expect(reads).toEqual([{ actor_id: officerQn.POLICE.id }, { actor_id: officerQn.POLICE.id }]);
    const types = (await timeline(caseId)).map((e) => e.type);
    for (const type of ['REFERRAL_ACKNOWLEDGED', 'REFERRAL_ACCEPTED', 'REFERRAL_STARTED', 'REFERRAL_COMPLETED']) {
      expect([type, types.filter((x) => x === type).length]).toEqual([type, 3]);
    }
    const completed = await events('REFERRAL_COMPLETED', refs.HEALTH.id);
    expect(completed.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        referralId: refs.HEALTH.id,
        status: 'COMPLETED',
        outcomeCode: 'FORENSIC_ASSESSMENT_DONE',
        outcomeNote: 'Done with the family',
        actorId: officerQn.HEALTH.id,
        caseAssigneeId: workerQn.id,
      }),
    ]);

    // Nobody else sees it: another province's police, an agency it was not sent to, a worker of another province.
    for (const outsider of [policeHp, officerQn.EDUCATION]) {
      expect((await inbox(outsider)).items.map((i: Item) => i.caseId)).not.toContain(caseId);
      const res = await t.http().get(`/api/v1/referrals/${refs.POLICE.id}`).set(as(outsider)).expect(404);
      expect(res.body.message).toMatch(/was not found or is not addressed to you/);
      await act(outsider, refs.JUSTICE.id, 'acknowledge').expect(404);
    }
    await t.http().get(`/api/v1/referrals/${refs.POLICE.id}`).set(as(workerHp)).expect(404);
    await t.http().get(`/api/v1/cases/${caseId}/referrals`).set(as(workerHp)).expect(404);
    expect((await inbox(workerHp)).items.map((i: Item) => i.caseId)).not.toContain(caseId);

    // The case side reads the referral without the agency's view of the case.
    const caseSide = (await t.http().get(`/api/v1/referrals/${refs.JUSTICE.id}`).set(as(supQn)).expect(200)).body;
    expect(caseSide).toMatchObject({ id: refs.JUSTICE.id, caseNumber, status: 'SENT', allowedActions: ['cancel'] });
    expect(caseSide.case).toBeUndefined();
  });

  it('refers a founded case in Hải Phòng to the Hải Phòng agencies, which QN agencies never see', async () => {
    const { caseId, caseNumber } = await openCase({
      abuseTypes: ['SEXUAL_ABUSE'],
      location: { provinceCode: '31', address: 'Lê Chân' },
      children: [{ fullName: 'Ngô Thị Yến', sex: 'FEMALE', age: 10 }],
    });
    await assess(caseId, workerHp);
    await w.drain();
    const items = await caseReferrals(caseId, workerHp);
    expect(items.map((i) => [i.agencyType, i.agencyId])).toEqual([
      ['POLICE', hp.POLICE.id],
      ['HEALTH', hp.HEALTH.id],
      ['SOCIAL_SERVICES', hp.SOCIAL_SERVICES.id],
      ['JUSTICE', hp.JUSTICE.id],
    ]);
    expect((await inbox(policeHp)).items.map((i: Item) => i.caseNumber)).toContain(caseNumber);
    for (const type of ['POLICE', 'HEALTH', 'SOCIAL_SERVICES', 'JUSTICE'] as AgencyType[]) {
      expect((await inbox(officerQn[type])).items.map((i: Item) => i.caseId)).not.toContain(caseId);
    }
    await t.http().get(`/api/v1/cases/${caseId}/referrals`).set(as(workerQn)).expect(404);
  });

  it('a decline is told through the outbox and the timeline; the worker re-routes to another agency instance', async () => {
    const { caseId } = await openCase({ abuseTypes: ['SCHOOL_VIOLENCE'], children: [{ fullName: 'Lê Văn Nam', sex: 'MALE', age: 12, inSchool: true }] });
    await assess(caseId, workerQn, 'MEDIUM');
    await w.drain();
    const refs = byType(await caseReferrals(caseId));
    expect(Object.keys(refs)).toEqual(['SOCIAL_SERVICES', 'EDUCATION']);
    expect(refs.EDUCATION).toMatchObject({ agencyId: qn.EDUCATION.id, explanation: 'EDUCATION because SCHOOL_VIOLENCE (rule 2, v1)', riskLevel: 'MEDIUM' });

    const education = officerQn.EDUCATION;
    const noReason = await act(education, refs.EDUCATION.id, 'decline', {}).expect(400);
    expect(noReason.body.message).toBe('A reason is required to decline a referral');
    const declined = await act(education, refs.EDUCATION.id, 'decline', { reason: 'The child attends a school of another province' }).expect(200);
    expect(declined.body).toMatchObject({ status: 'DECLINED', declineReason: 'The child attends a school of another province', acknowledgedAt: expect.any(String) });
    await act(education, refs.EDUCATION.id, 'decline', { reason: 'Again, to be sure' }).expect(409);

    const [event] = await events('REFERRAL_DECLINED', refs.EDUCATION.id);
    expect(event.payload).toMatchObject({
      referralId: refs.EDUCATION.id,
      caseId,
      status: 'DECLINED',
      reason: 'The child attends a school of another province',
      caseAssigneeId: workerQn.id,
      actorId: education.id,
    });
    // The case worker is told in their inbox, with the agency's reason.
    await w.drain();
    const told = (await t.http().get('/api/v1/notifications').set(as(workerQn)).expect(200)).body.items as Record<string, unknown>[];
    expect(told.filter((n) => n.type === 'REFERRAL_DECLINED' && n.referralId === refs.EDUCATION.id)).toEqual([
      expect.objectContaining({ caseId, referralId: refs.EDUCATION.id, readAt: null }),
    ]);
    const line = (await timeline(caseId)).find((e) => e.type === 'REFERRAL_DECLINED')!;
    expect(line).toMatchObject({
      actor: education.username,
      after: expect.objectContaining({ referralId: refs.EDUCATION.id, status: 'DECLINED', reason: 'The child attends a school of another province' }),
    });

    // Re-routing is referring again by hand, here to the Hải Phòng education agency.
    const rerouted = await t
      .http()
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(as(workerQn))
      .send({ agencyType: 'EDUCATION', agencyId: hp.EDUCATION.id, reason: 'The school is in Hải Phòng' })
      .expect(201);
    expect(rerouted.body).toMatchObject({
      caseId,
      agencyType: 'EDUCATION',
      agencyId: hp.EDUCATION.id,
      status: 'SENT',
      routed: false,
      reason: 'The school is in Hải Phòng',
      explanation: `EDUCATION referred by hand by ${workerQn.username}: The school is in Hải Phòng`,
    });
    const hpEducation = await makeAgencyOfficer(ds, hp.EDUCATION);
    expect((await inbox(hpEducation)).items.map((i: Item) => i.id)).toEqual([rerouted.body.id]);
    const sent = (await timeline(caseId)).filter((e) => e.type === 'REFERRAL_SENT').map((e) => [e.after.agencyType, e.actor]);
    expect(sent).toEqual([
      ['SOCIAL_SERVICES', null],
      ['EDUCATION', null],
      ['EDUCATION', workerQn.username],
    ]);
    expect(await caseReferrals(caseId)).toHaveLength(3);
  });

  it('refers a child in immediate danger to the police at intake, before any assessment, critical first in the inbox', async () => {
    const { caseId } = await openCase({ immediateDanger: true, children: [{ fullName: 'Phạm Thu Trang', sex: 'FEMALE', age: 6 }] });
    await w.drain();
    const atIntake = await caseReferrals(caseId);
    expect(atIntake).toEqual([
      expect.objectContaining({ agencyType: 'POLICE', agencyId: qn.POLICE.id, status: 'SENT', riskLevel: 'CRITICAL', explanation: 'POLICE because immediate danger (rule 7, v1)' }),
    ]);
    const first = (await inbox(officerQn.POLICE)).items[0];
    expect(first).toMatchObject({ id: atIntake[0].id, riskLevel: 'CRITICAL', immediateDanger: true });
    expect((await inbox(officerQn.POLICE, '?risk=CRITICAL')).items.map((i: Item) => i.id)).toEqual([atIntake[0].id]);
    expect((await inbox(officerQn.POLICE, '?status=COMPLETED')).items.every((i: Item) => i.status === 'COMPLETED')).toBe(true);

    // The assessment adds the other agencies; the police referral stays the only one of its type.
    await assess(caseId, workerQn, 'CRITICAL');
    await w.drain();
    const after = await caseReferrals(caseId);
    expect(after.map((i) => i.agencyType)).toEqual(['POLICE', 'HEALTH', 'SOCIAL_SERVICES', 'JUSTICE']);
    expect(after[0].id).toBe(atIntake[0].id);
  });

  it('refers the police as soon as urgent protection is recorded on a case', async () => {
    const { caseId } = await openCase({ abuseTypes: ['EMOTIONAL_VIOLENCE'], children: [{ fullName: 'Bùi Thanh Tâm', sex: 'FEMALE', age: 13 }] });
    await w.drain();
    expect(await caseReferrals(caseId)).toEqual([]);
    await t
      .http()
      .post(`/api/v1/cases/${caseId}/emergency-measures`)
      .set(as(workerQn))
      .send({ measureType: 'REMOVAL_FROM_HARM', description: 'Moved to her aunt for the night', takenAt: new Date().toISOString() })
      .expect(201);
    await w.drain();
    expect((await caseReferrals(caseId)).map((i) => [i.agencyType, i.explanation])).toEqual([['POLICE', 'POLICE because immediate danger (rule 7, v1)']]);
  });

  it('routes again when a triage case is placed or a report is linked: police at once for a child in danger, new agency types after the assessment', async () => {
    // A child in danger, place unknown: nobody to refer to yet; once placed, the commune's police at once.
    const triage = await openCase({ immediateDanger: true, location: { address: 'không rõ' }, children: [{ fullName: 'Đinh Văn Lộc', sex: 'MALE', age: 8 }] });
    await w.drain();
    expect(await events('ROUTING_NO_AGENCY', triage.caseId)).toHaveLength(1);
    await t
      .http()
      .post(`/api/v1/intake/triage/${triage.caseId}/location`)
      .set(as(operator))
      .send({ provinceCode: '22', communeCode: '06652', reason: 'the caller called back with the address' })
      .expect(200);
    await w.drain();
    expect((await caseReferrals(triage.caseId)).map((i) => [i.agencyType, i.agencyId, i.explanation])).toEqual([
      ['POLICE', qn.POLICE.id, 'POLICE because immediate danger (rule 7, v1)'],
    ]);

    // A founded neglect case; then a report of sexual abuse in immediate danger is linked to it.
    const { caseId } = await openCase({ abuseTypes: ['NEGLECT'], children: [{ fullName: 'Mai Thị Thu', sex: 'FEMALE', age: 7 }] });
    await assess(caseId, workerQn, 'MEDIUM');
    await w.drain();
    expect((await caseReferrals(caseId)).map((i) => i.agencyType)).toEqual(['SOCIAL_SERVICES', 'LOCAL_AUTHORITY']);
    const [localAuthority] = (await caseReferrals(caseId)).filter((i) => i.agencyType === 'LOCAL_AUTHORITY');
    await t.http().post(`/api/v1/referrals/${localAuthority.id}/cancel`).set(as(workerQn)).send({ reason: 'The family moved in with relatives' }).expect(200);
    const linked = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(as(operator))
      .send(callBody({ linkToCaseId: caseId }, { immediateDanger: true, abuseTypes: ['SEXUAL_ABUSE'], children: [{ fullName: 'Mai Thị Thu', sex: 'FEMALE', age: 7 }] }))
      .expect(201);
    expect(linked.body).toMatchObject({ caseId, linked: true });
    await w.drain();
    const after = await caseReferrals(caseId);
    // New types come in; the open one is not doubled and the cancelled one is not sent again.
    expect(after.map((i) => `${i.agencyType}:${i.status}`).sort()).toEqual(
      ['HEALTH:SENT', 'JUSTICE:SENT', 'LOCAL_AUTHORITY:CANCELLED', 'POLICE:SENT', 'SOCIAL_SERVICES:SENT'].sort(),
    );
  });

  it('a duplicate case merged after intake hands its open referrals to the case it joins, and is closed', async () => {
    const calm = await openCase({ abuseTypes: ['NEGLECT'], children: [{ fullName: 'Tạ Minh Khang', sex: 'MALE', age: 5 }] });
    const urgent = await openCase({ immediateDanger: true, abuseTypes: ['PHYSICAL_VIOLENCE'], children: [{ fullName: 'Ta Minh Khang', sex: 'MALE', age: 5 }] });
    await w.drain();
    const [police] = await caseReferrals(urgent.caseId);
    expect(police).toMatchObject({ agencyType: 'POLICE', status: 'SENT' });
    await act(officerQn.POLICE, police.id, 'acknowledge').expect(200);
    const [{ id: reportId }] = await ds.query(`SELECT id FROM report WHERE case_id = $1`, [urgent.caseId]);
    const moved = await t
      .http()
      .post(`/api/v1/intake/reports/${reportId}/link`)
      .set(as(workerQn))
      .send({ caseId: calm.caseId, reason: 'the same boy, reported twice' })
      .expect(200);
    expect(moved.body).toMatchObject({ caseId: calm.caseId, previousCaseClosed: true });
    await w.drain();
    // The police keep working the same referral, now on the case the report joined; nothing is doubled.
    expect((await caseReferrals(calm.caseId)).map((i) => [i.id, i.agencyType, i.status, i.caseNumber])).toEqual([[police.id, 'POLICE', 'ACKNOWLEDGED', calm.caseNumber]]);
    expect(await caseReferrals(urgent.caseId)).toEqual([]);
    const [deadline] = await ds.query(`SELECT case_id, status FROM deadline WHERE subject_id = $1 AND key = 'REFERRAL_ACKNOWLEDGE'`, [police.id]);
    expect(deadline).toMatchObject({ case_id: calm.caseId, status: 'MET' });
    const closed = (await t.http().get(`/api/v1/cases/${urgent.caseId}`).set(as(workerQn)).expect(200)).body;
    expect(closed).toMatchObject({ status: 'CLOSED', closureReason: 'OTHER' });
    const open = await ds.query(`SELECT count(*)::int AS n FROM deadline WHERE case_id = $1 AND status IN ('PENDING', 'OVERDUE')`, [urgent.caseId]);
    expect(open[0].n).toBe(0);
  });

  it('a redelivered event creates no duplicate referral', async () => {
    const { caseId } = await openCase({ abuseTypes: ['TRAFFICKING'], children: [{ fullName: 'Vũ Minh Đức', sex: 'MALE', age: 14 }] });
    await assess(caseId);
    await w.drain();
    const before = await caseReferrals(caseId);
    expect(before.map((i) => i.agencyType)).toEqual(['POLICE', 'SOCIAL_SERVICES', 'JUSTICE']);

    const [assessed] = await events('CASE_ASSESSMENT_RECORDED', caseId);
    // The same event delivered again (a relay crash after the handlers), and a copy of it as a new event.
    await ds.query(`UPDATE outbox_event SET processed_at = NULL WHERE id = $1`, [assessed.id]);
    await ds.query(
      `INSERT INTO outbox_event (occurred_at, type, aggregate_type, aggregate_id, payload) SELECT now(), type, aggregate_type, aggregate_id, payload FROM outbox_event WHERE id = $1`,
      [assessed.id],
    );
    await w.drain();
    expect(await caseReferrals(caseId)).toEqual(before);
    const pending = await ds.query(`SELECT count(*)::int AS n FROM outbox_event WHERE processed_at IS NULL`);
    expect(pending[0].n).toBe(0);

    // Even once the referral is closed, redelivering the event that made it does not refer again.
    await t.http().post(`/api/v1/referrals/${before[0].id}/cancel`).set(as(workerQn)).send({ reason: 'Police already investigating elsewhere' }).expect(200);
    await ds.query(`UPDATE outbox_event SET processed_at = NULL WHERE id = $1`, [assessed.id]);
    await w.drain();
    expect((await caseReferrals(caseId)).map((i) => `${i.agencyType}:${i.status}`)).toEqual(['POLICE:CANCELLED', 'SOCIAL_SERVICES:SENT', 'JUSTICE:SENT']);
  });

  it('records ROUTING_NO_AGENCY when no agency serves the place, once per event', async () => {
    const { caseId, caseNumber } = await openCase({
      immediateDanger: true,
      abuseTypes: ['ABDUCTION'],
      location: { provinceCode: '01', address: 'Hà Nội' },
      children: [{ fullName: 'Đỗ Anh Quân', sex: 'MALE', age: 4 }],
    });
    const gaps = async () =>
      (
        (await t.http().get(`/api/v1/cases/${caseId}/timeline`).set(as(workerNational)).expect(200)).body.items as {
          type: string;
          actor: string | null;
          after: Record<string, unknown>;
        }[]
      )
        .filter((e) => e.type === 'ROUTING_NO_AGENCY')
        .map((e) => ({ actor: e.actor, agencyType: e.after.agencyType, explanation: e.after.explanation, emitted: e.after.emitted }));

    // At intake the missing police is recorded on the case and told at once: nobody is assigned yet, so the
    // nearest supervisors of the place (here the national ones) hear of it before any assessment.
    const supNational = await makeUser(ds, { role: Role.SUPERVISOR });
    await w.drain();
    expect(await gaps()).toEqual([{ actor: null, agencyType: 'POLICE', explanation: 'POLICE because immediate danger (rule 7, v1)', emitted: true }]);
    const atIntake = await events('ROUTING_NO_AGENCY', caseId);
    expect(atIntake.map((e) => e.payload)).toEqual([expect.objectContaining({ caseId, caseNumber, agencyType: 'POLICE', provinceCode: '01', caseAssigneeId: null })]);
    const told = await ds.query(`SELECT user_id, type FROM notification WHERE case_id = $1 AND type = 'ROUTING_NO_AGENCY'`, [caseId]);
    expect(told).toEqual([{ user_id: supNational.id, type: 'ROUTING_NO_AGENCY' }]);
    const inboxOfSup = (await t.http().get('/api/v1/notifications').set(as(supNational)).expect(200)).body.items;
    expect(inboxOfSup).toContainEqual(expect.objectContaining({ type: 'ROUTING_NO_AGENCY', caseId }));

    await assess(caseId, workerNational);
    await w.drain();
    expect(await caseReferrals(caseId, workerNational)).toEqual([]);
    expect((await gaps()).slice(1)).toEqual([
      { actor: null, agencyType: 'POLICE', explanation: 'POLICE because ABDUCTION (rule 3, v1); immediate danger (rule 7, v1)', emitted: true },
      { actor: null, agencyType: 'SOCIAL_SERVICES', explanation: 'SOCIAL_SERVICES because ABDUCTION (rule 3, v1)', emitted: true },
    ]);
    const noAgency = (await events('ROUTING_NO_AGENCY', caseId)).slice(1);
    expect(noAgency.map((e) => e.payload)).toEqual([
      expect.objectContaining({ caseId, caseNumber, agencyType: 'POLICE', provinceCode: '01', communeCode: null, caseAssigneeId: workerNational.id }),
      expect.objectContaining({ caseId, caseNumber, agencyType: 'SOCIAL_SERVICES', provinceCode: '01' }),
    ]);

    const [assessed] = await events('CASE_ASSESSMENT_RECORDED', caseId);
    await ds.query(`UPDATE outbox_event SET processed_at = NULL WHERE id = $1`, [assessed.id]);
    await w.drain();
    expect(await events('ROUTING_NO_AGENCY', caseId)).toHaveLength(3);
    expect(await gaps()).toHaveLength(3);
    // The assignee now hears of each gap the assessment found, once.
    const toWorker = await ds.query(`SELECT count(*)::int AS n FROM notification WHERE case_id = $1 AND type = 'ROUTING_NO_AGENCY' AND user_id = $2`, [caseId, workerNational.id]);
    expect(toWorker[0].n).toBe(2);

    // By hand, the worker must then name an agency.
    const res = await t
      .http()
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(as(workerNational))
      .send({ agencyType: 'POLICE', reason: 'Abduction must go to the police' })
      .expect(400);
    expect(res.body.message).toBe('No active POLICE agency serves province 01; choose one with agencyId (GET /api/v1/admin/agencies)');
    await t
      .http()
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(as(workerNational))
      .send({ agencyType: 'POLICE', agencyId: qn.POLICE.id, reason: 'Child last seen near Quảng Ninh' })
      .expect(201);
  });

  it('refuses illegal moves (409), wrong outcomes and missing data (400), the wrong people (403/404) and stale versions (409)', async () => {
    const { caseId } = await openCase({ abuseTypes: ['NEGLECT'], children: [{ fullName: 'Hoàng Gia Bảo', sex: 'MALE', age: 3 }] });
    await assess(caseId);
    await w.drain();
    expect((await caseReferrals(caseId)).map((i) => i.agencyType)).toEqual(['SOCIAL_SERVICES', 'LOCAL_AUTHORITY']);

    // Referring by hand: the assigned worker or a supervisor, a reason, one open referral per type.
    const body = { agencyType: 'HEALTH', reason: 'Malnutrition check needed' };
    const notAssignee = await t.http().post(`/api/v1/cases/${caseId}/referrals`).set(as(worker2Qn)).send(body).expect(403);
    expect(notAssignee.body.message).toMatch(/^Only the case's assigned worker or a supervisor of its jurisdiction may refer the case/);
    await t.http().post(`/api/v1/cases/${caseId}/referrals`).set(as(workerHp)).send(body).expect(404);
    const short = await t
      .http()
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(as(workerQn))
      .send({ ...body, reason: 'no' })
      .expect(400);
    expect(short.body.message).toBe('reason must be at least 5 characters');
    const badType = await t
      .http()
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(as(workerQn))
      .send({ ...body, agencyType: 'ARMY' })
      .expect(400);
    expect(badType.body.message).toEqual([expect.stringMatching(/^agencyType must be one of POLICE/)]);
    const wrongAgency = await t
      .http()
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(as(workerQn))
      .send({ ...body, agencyId: qn.POLICE.id })
      .expect(400);
    expect(wrongAgency.body.message).toMatch(/is POLICE, not HEALTH$/);
    const health = (await t.http().post(`/api/v1/cases/${caseId}/referrals`).set(as(supQn)).send(body).expect(201)).body;
    expect(health).toMatchObject({ agencyType: 'HEALTH', agencyId: qn.HEALTH.id, status: 'SENT', riskLevel: 'HIGH' });
    const twice = await t.http().post(`/api/v1/cases/${caseId}/referrals`).set(as(workerQn)).send(body).expect(409);
    expect(twice.body.message).toMatch(/already has an open HEALTH referral/);

    const officer = officerQn.HEALTH;
    const early = await act(officer, health.id, 'start').expect(409);
    expect(early.body.message).toBe('Cannot start a referral that is SENT; allowed from SENT: agency: acknowledge, accept, decline; case: cancel');
    const accepted = await act(officer, health.id, 'accept').expect(200);
    expect(accepted.body).toMatchObject({ status: 'ACCEPTED', acknowledgedAt: expect.any(String), acceptedAt: expect.any(String) });
    const [acceptedEvent] = await events('REFERRAL_ACCEPTED', health.id);
    expect(acceptedEvent.payload).toMatchObject({ acknowledgedImplicitly: true });
    await act(officer, health.id, 'decline', { reason: 'Too late to decline now' }).expect(409);

    const stale = await act(officer, health.id, 'start', { expectedVersion: 1 }).expect(409);
    expect(stale.body.message).toMatch(/changed by someone else \(now version 2\)/);
    await act(officer, health.id, 'start').set('If-Match', 'not-a-version').expect(400);
    await act(officer, health.id, 'start').set('If-Match', '"2"').expect(200);

    const otherCode = await act(officer, health.id, 'complete', { outcome: { code: 'PROSECUTED' } }).expect(400);
    expect(otherCode.body.message).toMatch(/^outcome\.code "PROSECUTED" is not an outcome of HEALTH; allowed: EXAMINED, FORENSIC_ASSESSMENT_DONE/);
    const noCode = await act(officer, health.id, 'complete', {}).expect(400);
    expect(noCode.body.message).toMatch(/^An outcome code is required to complete a referral/);
    await act(officer, health.id, 'complete', { outcome: { code: 'EXAMINED' }, colour: 'red' }).expect(400);

    // Cancelling is the case side's: the assigned worker or a supervisor, with a reason.
    await act(workerQn, health.id, 'complete', { outcome: { code: 'EXAMINED' } }).expect(403);
    await act(officer, health.id, 'cancel', { reason: 'We want to stop' }).expect(403);
    await act(workerHp, health.id, 'cancel', { reason: 'Not my province' }).expect(404);
    const otherWorker = await act(worker2Qn, health.id, 'cancel', { reason: 'Not my case either' }).expect(403);
    expect(otherWorker.body.message).toMatch(/may cancel a referral/);
    const noReason = await act(workerQn, health.id, 'cancel', {}).expect(400);
    expect(noReason.body.message).toBe('A reason is required to cancel a referral');
    const cancelled = await act(workerQn, health.id, 'cancel', { reason: 'The family moved to Hải Phòng' }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', cancelReason: 'The family moved to Hải Phòng', allowedActions: [] });
    const [cancelEvent] = await events('REFERRAL_CANCELLED', health.id);
    expect(cancelEvent.payload).toMatchObject({ status: 'CANCELLED', reason: 'The family moved to Hải Phòng', actorId: workerQn.id });
    const final = await act(officer, health.id, 'complete', { outcome: { code: 'EXAMINED' } }).expect(409);
    expect(final.body.message).toBe('Cannot complete a referral that is CANCELLED; CANCELLED is a final state: no action is allowed');

    // A cancelled type can be referred again.
    await t.http().post(`/api/v1/cases/${caseId}/referrals`).set(as(workerQn)).send(body).expect(201);
  });

  it('shows the reporter only to the police, and only with consent, in the fields and in the narrative', async () => {
    const { caseId } = await openCase({
      reporter: { anonymous: false, name: 'Trần Thị Bích', phone: '0912345678', relationToChild: 'TEACHER', consentToShareWithPolice: true },
      children: [{ fullName: 'Nguyễn Thị Mai', sex: 'FEMALE', age: 10 }],
      narrative: 'Cô Trần Thị Bích (0912 345 678) thấy em Nguyễn Thị Mai sợ hãi khi về nhà.',
    });
    await assess(caseId);
    await w.drain();
    const refs = byType(await caseReferrals(caseId));
    const police = (await t.http().get(`/api/v1/referrals/${refs.POLICE.id}`).set(as(officerQn.POLICE)).expect(200)).body.case;
    expect(police.reporter).toEqual({ name: 'Trần Thị Bích', phone: '0912345678', relationToChild: 'TEACHER' });
    expect(police.narrative).toBe('Cô Trần Thị Bích (0912 345 678) thấy em Mai sợ hãi khi về nhà.');
    const health = (await t.http().get(`/api/v1/referrals/${refs.HEALTH.id}`).set(as(officerQn.HEALTH)).expect(200)).body.case;
    expect(health.reporter).toBeNull();
    expect(health.narrative).toBe('Cô [người báo tin] ([người báo tin]) thấy em Mai sợ hãi khi về nhà.');
    expect(health.children).toEqual([{ firstName: 'Mai', age: expect.any(Number), sex: 'FEMALE' }]);
  });

  it('filters the inbox by overdue deadlines when the deadline table exists', async () => {
    const [{ present }] = await ds.query(`SELECT to_regclass('deadline') IS NOT NULL AS present`);
    if (!present) {
      // Until the deadlines feature creates its table nothing can be overdue.
      const res = await t.http().get('/api/v1/referrals?overdue=true').set(as(officerQn.POLICE)).expect(200);
      expect(res.body).toEqual({ items: [], page: 1, pageSize: 50, total: 0 });
    } else {
      // One referral of the police inbox gets an overdue acknowledgement deadline (the one the deadlines
      // worker opened for it, or a new row).
      const late = (await inbox(officerQn.POLICE, '?status=SENT')).items[0] as Item;
      const overdue = [late.id, 'REFERRAL_ACKNOWLEDGE'];
      const updated = await ds.query(
        `WITH u AS (UPDATE deadline SET status = 'OVERDUE', overdue_at = now() WHERE subject_id = $1 AND key = $2 AND status IN ('PENDING', 'OVERDUE') RETURNING id) SELECT id FROM u`,
        overdue,
      );
      if (updated.length === 0) {
        await ds.query(
          `INSERT INTO deadline (key, subject_type, subject_id, case_id, agency_id, started_at, due_at, status, overdue_at, policy, version)
           VALUES ($2, 'REFERRAL', $1, $3, $4, now() - interval '2 hours', now() - interval '1 hour', 'OVERDUE', now(), '{}', 1)`,
          [...overdue, late.caseId, late.agencyId],
        );
      }
      const res = await t.http().get('/api/v1/referrals?overdue=true').set(as(officerQn.POLICE)).expect(200);
      expect(res.body).toMatchObject({ items: [expect.objectContaining({ id: late.id, caseNumber: late.caseNumber, overdue: true, escalationLevel: 0 })], total: 1 });
      expect((await inbox(officerQn.HEALTH, '?overdue=true')).items).toEqual([]);
      // The referral itself and the case's list of referrals show it overdue too.
      await t
        .http()
        .get(`/api/v1/referrals/${late.id}`)
        .set(as(officerQn.POLICE))
        .expect(200)
        .expect((r) => expect(r.body).toMatchObject({ overdue: true, escalationLevel: 0 }));
      expect((await caseReferrals(late.caseId as string, workerNational)).find((i) => i.id === late.id)).toMatchObject({ overdue: true });
      expect((await inbox(officerQn.POLICE, '?status=SENT')).items.filter((i: Item) => i.id !== late.id).every((i: Item) => i.overdue === false)).toBe(true);
    }
    await t.http().get('/api/v1/referrals?overdue=maybe').set(as(officerQn.POLICE)).expect(400);
    const paged = await inbox(officerQn.POLICE, '?page=1&pageSize=1');
    expect(paged.items).toHaveLength(1);
    expect(paged.total).toBeGreaterThan(1);
  });

  it('versions routing rules: an edit is a new version, existing referrals keep the version that made them', async () => {
    const before = await ds.query(`SELECT id, explanation, rule_refs FROM referral WHERE explanation LIKE '%(rule 1, v1)%' ORDER BY created_at LIMIT 1`);
    expect(before).toHaveLength(1);

    const invalid = await t
      .http()
      .put('/api/v1/admin/routing-rules/1')
      .set(as(admin))
      .send({ name: 'x', condition: {}, agencyTypes: ['ARMY'], version: 7 })
      .expect(400);
    expect(invalid.body.message).toEqual([
      'version is assigned by the server; leave it out',
      'condition must have at least one criterion, otherwise the rule would refer every case',
      expect.stringMatching(/^agencyTypes contains unknown values \("ARMY"\)/),
    ]);
    await t
      .http()
      .put('/api/v1/admin/routing-rules/99')
      .set(as(admin))
      .send({ name: 'x', condition: { minRisk: 'LOW' }, agencyTypes: ['POLICE'] })
      .expect(404);

    const edit = {
      name: 'Sexual abuse of a child: police, health, social services',
      nameVi: 'Xâm hại tình dục trẻ em: công an, y tế, công tác xã hội',
      condition: { abuseTypesAny: ['SEXUAL_ABUSE'], childMaxAge: 17 },
      agencyTypes: ['POLICE', 'HEALTH', 'SOCIAL_SERVICES'],
    };
    const stale = await t
      .http()
      .put('/api/v1/admin/routing-rules/1')
      .set(as(admin))
      .send({ ...edit, expectedVersion: 3 })
      .expect(409);
    expect(stale.body.message).toMatch(/^Rule 1 is at version 1, not 3/);
    const v2 = await t
      .http()
      .put('/api/v1/admin/routing-rules/1')
      .set(as(admin))
      .send({ ...edit, expectedVersion: 1 })
      .expect(200);
    expect(v2.body).toMatchObject({ number: 1, version: 2, active: true, createdBy: admin.id, condition: edit.condition });
    const history = (await t.http().get('/api/v1/admin/routing-rules?history=true').set(as(admin)).expect(200)).body.items;
    expect(history.filter((r: { number: number }) => r.number === 1).map((r: { version: number; active: boolean }) => [r.version, r.active])).toEqual([
      [1, false],
      [2, true],
    ]);
    const latest = (await t.http().get('/api/v1/admin/routing-rules').set(as(admin)).expect(200)).body.items;
    expect(latest).toHaveLength(13);
    expect(latest[0]).toMatchObject({ number: 1, version: 2 });
    const audit = await ds.query(`SELECT actor_id, before->>'version' AS before, after->>'version' AS after FROM audit_log WHERE action = 'ROUTING_RULE_UPDATED'`);
    expect(audit).toEqual([{ actor_id: admin.id, before: '1', after: '2' }]);

    // The referral made by version 1 still says so.
    const kept = await ds.query(`SELECT explanation, rule_refs FROM referral WHERE id = $1`, [before[0].id]);
    expect(kept[0]).toEqual({ explanation: before[0].explanation, rule_refs: before[0].rule_refs });
    expect(kept[0].rule_refs[0]).toMatchObject({ ruleNumber: 1, ruleVersion: 1 });

    // A case routed now is explained by version 2.
    const { caseId } = await openCase({ children: [{ fullName: 'Trịnh Thị Lan', sex: 'FEMALE', age: 11 }] });
    await assess(caseId);
    await w.drain();
    const refs = byType(await caseReferrals(caseId));
    expect(refs.POLICE.explanation).toBe('POLICE because SEXUAL_ABUSE and child aged ≤ 17 (rule 1, v2)');

    // A new rule takes the next number; deleting deactivates and stops it routing.
    const created = await t
      .http()
      .post('/api/v1/admin/routing-rules')
      .set(as(admin))
      .send({ name: 'Child with a disability: health', condition: { childHasDisability: true }, agencyTypes: ['HEALTH'] })
      .expect(201);
    expect(created.body).toMatchObject({ number: 14, version: 1, active: true });
    const removed = await t.http().delete('/api/v1/admin/routing-rules/13').set(as(admin)).expect(200);
    expect(removed.body).toMatchObject({ number: 13, version: 1, active: false });
    const other = await openCase({ abuseTypes: ['OTHER'], children: [{ fullName: 'Lý Văn Hùng', sex: 'MALE', age: 8, hasDisability: true }] });
    await assess(other.caseId);
    await w.drain();
    expect((await caseReferrals(other.caseId)).map((i) => [i.agencyType, i.explanation])).toEqual([['HEALTH', 'HEALTH because child with a disability (rule 14, v1)']]);
  });
});
