import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeAgency, makeCase, makeUser } from '../support/factories';
import { Role } from '../../src/identity/enums';
import { AgencyType } from '../../src/referrals/enums';
import { User } from '../../src/identity/user.entity';

/** Calendar date `days` from now in Việt Nam (plan due dates are checked against the local today). */
function dateIn(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
}

const PLAN = {
  goals: ['The child is safe at home', 'The child returns to school'],
  items: [
    { service: 'Psychological counselling', responsibleAgencyType: 'SOCIAL_SERVICES', responsiblePerson: 'Social work centre', dueDate: dateIn(14) },
    { service: 'Forensic examination', responsibleAgencyType: 'HEALTH', dueDate: dateIn(3) },
  ],
};
const ASSESSMENT = {
  riskLevel: 'HIGH',
  founded: true,
  summary: 'Bruises seen at school; the child says the stepfather hits her',
  factorsChecked: ['injuries', 'perpetrator lives with the child'],
  childSafeNow: false,
  personsMet: ['child', 'mother', 'class teacher'],
  protectionLevel: 'INTERVENTION',
};

describe('case workflow over the API', () => {
  let t: TestApp;
  let ds: DataSource;
  let worker: User;
  let worker2: User;
  let workerHp: User;
  let supervisor: User;
  let supervisorHp: User;
  let operator: User;
  let officer: User;
  let admin: User;

  const as = (user: User) => ({ Authorization: `Bearer ${t.tokenFor(user)}` });
  const post = (user: User, id: string, path: string, body: object, headers: Record<string, string> = {}) =>
    t.http().post(`/api/v1/cases/${id}/${path}`).set(as(user)).set(headers).send(body);
  const transition = (user: User, id: string, body: object) => post(user, id, 'transitions', body);
  const getCase = (user: User, id: string) => t.http().get(`/api/v1/cases/${id}`).set(as(user));
  const version = async (id: string): Promise<number> => (await ds.query(`SELECT version FROM protection_case WHERE id = $1`, [id]))[0].version;
  const outbox = (id: string): Promise<{ type: string; payload: Record<string, unknown> }[]> =>
    ds.query(`SELECT type, payload FROM outbox_event WHERE aggregate_type = 'CASE' AND aggregate_id = $1 ORDER BY id`, [id]);
  const timeline = async (id: string) => (await t.http().get(`/api/v1/cases/${id}/timeline`).set(as(supervisor)).expect(200)).body.items;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    worker2 = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    workerHp = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '31' });
    supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    supervisorHp = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '31' });
    operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '22' });
    const police = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22' });
    officer = await makeUser(ds, { role: Role.AGENCY_OFFICER, provinceCode: '22', agencyId: police.id });
    admin = await makeUser(ds, { role: Role.ADMIN });
  });
  afterAll(() => t.close());

  it('walks a case from RECEIVED through planning, intervention, reviews and closure to a reopening', async () => {
    const { id } = await makeCase(ds, { riskLevel: 'MEDIUM' });

    // RECEIVED: the worker takes the case, then starts the verification.
    const taken = await post(worker, id, 'assignment', { assigneeUsername: worker.username }).expect(200);
    expect(taken.body).toMatchObject({ id, status: 'RECEIVED', assignee: { id: worker.id, username: worker.username }, version: 2 });
    // The list shows the assignee from the same query as its page.
    const mine = await t.http().get('/api/v1/cases?assignedTo=me').set(as(worker)).expect(200);
    expect(mine.body.items.find((c: { id: string }) => c.id === id)).toMatchObject({
      assignee: { id: worker.id, username: worker.username, fullName: worker.fullName },
      overdue: false,
    });
    await transition(worker, id, { to: 'ASSESSING' }).expect(200);

    // ASSESSING → PLANNING with a structured assessment.
    const assessed = await transition(worker, id, { to: 'PLANNING', assessment: ASSESSMENT }).expect(200);
    expect(assessed.body).toMatchObject({ status: 'PLANNING', riskLevel: 'HIGH' });

    // Approval needs a submitted plan; the plan is checked before it is stored.
    const noPlan = await transition(supervisor, id, { to: 'INTERVENING' }).expect(400);
    expect(noPlan.body.message).toBe('The plan must be submitted first: a submitted plan is required to approve the plan');
    const badPlan = await post(worker, id, 'plan', { goals: [], items: [{ service: 'Home visit', dueDate: '2020-01-01' }] }).expect(400);
    expect(badPlan.body.message).toEqual(['The plan needs at least one goal', expect.stringMatching(/^items\[0\]\.dueDate 2020-01-01 is before today/)]);

    const v1 = await post(worker, id, 'plan', PLAN).expect(201);
    expect(v1.body.plan).toMatchObject({ versionNumber: 1, status: 'SUBMITTED', goals: PLAN.goals, submittedBy: worker.username });
    expect(v1.body.plan.items).toEqual([
      {
        position: 0,
        measureType: null,
        service: 'Psychological counselling',
        responsibleAgencyType: 'SOCIAL_SERVICES',
        responsiblePerson: 'Social work centre',
        dueDate: PLAN.items[0].dueDate,
      },
      { position: 1, measureType: null, service: 'Forensic examination', responsibleAgencyType: 'HEALTH', responsiblePerson: null, dueDate: PLAN.items[1].dueDate },
    ]);

    // Only a supervisor approves; this one returns the plan first.
    const byWorker = await transition(worker, id, { to: 'INTERVENING' }).expect(403);
    expect(byWorker.body.message).toBe('Only a supervisor may approve the plan (PLANNING → INTERVENING)');
    await post(worker, id, 'plan/return', { reason: 'x' }).expect(403);
    const returned = await post(supervisor, id, 'plan/return', { reason: 'Add legal aid for the family' }).expect(200);
    expect(returned.body.plan).toMatchObject({ versionNumber: 1, status: 'RETURNED', returnReason: 'Add legal aid for the family', decidedBy: supervisor.username });
    const afterReturn = await transition(supervisor, id, { to: 'INTERVENING' }).expect(400);
    expect(afterReturn.body.message).toMatch(/^Plan version 1 was returned \(Add legal aid for the family\); a revised plan must be submitted/);
    await post(supervisor, id, 'plan/return', { reason: 'again' }).expect(409);

    const revised = { ...PLAN, items: [...PLAN.items, { service: 'Legal aid', responsibleAgencyType: 'JUSTICE', dueDate: dateIn(10) }] };
    const v2 = await post(worker, id, 'plan', revised).expect(201);
    expect(v2.body.plan).toMatchObject({ versionNumber: 2, status: 'SUBMITTED' });
    expect(v2.body.plan.items).toHaveLength(3);

    const approved = await transition(supervisor, id, { to: 'INTERVENING' }).expect(200);
    expect(approved.body.status).toBe('INTERVENING');

    // Two rounds of review.
    await transition(worker, id, { to: 'REVIEWING' }).expect(200);
    const noReview = await transition(worker, id, { to: 'INTERVENING' }).expect(400);
    expect(noReview.body.message).toBe('review.summary is required to start a new plan round');
    await transition(worker, id, {
      to: 'INTERVENING',
      review: {
        summary: 'Counselling under way; legal aid not started',
        items: [
          { index: 0, done: true },
          { index: 2, done: false, note: 'lawyer on leave' },
        ],
        nextRound: true,
      },
    }).expect(200);
    await transition(worker, id, { to: 'REVIEWING' }).expect(200);

    // Closing after the review is the supervisor's approval.
    const closure = { reason: 'GOALS_MET', note: 'Child safe for three months; all services delivered' };
    const workerClose = await transition(worker, id, { to: 'CLOSED', closure }).expect(403);
    expect(workerClose.body.message).toBe('Only a supervisor may approve closing a case in REVIEWING');
    const closed = await transition(supervisor, id, {
      to: 'CLOSED',
      closure,
      review: {
        summary: 'All goals met',
        items: [
          { index: 0, done: true },
          { index: 1, done: true },
          { index: 2, done: true },
        ],
        nextRound: false,
      },
    }).expect(200);
    expect(closed.body).toMatchObject({ status: 'CLOSED', closedAt: expect.any(String) });

    // A closed case changes only by reopening, which only a supervisor does, with a reason.
    await post(worker, id, 'notes', { type: 'CALL', text: 'Follow-up call', occurredAt: new Date().toISOString() }).expect(409);
    await transition(worker, id, { to: 'ASSESSING', reopenReason: 'New report' }).expect(403);
    const noReason = await transition(supervisor, id, { to: 'ASSESSING' }).expect(400);
    expect(noReason.body.message).toBe('reopenReason is required to reopen the case');
    const reopened = await transition(supervisor, id, { to: 'ASSESSING', reopenReason: 'A new report: the stepfather came back' }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'ASSESSING', closedAt: null });

    // The case page shows the workflow records.
    const full = (await getCase(worker, id).expect(200)).body;
    expect(full).toMatchObject({ status: 'ASSESSING', riskLevel: 'HIGH', protectionLevel: 'INTERVENTION', lastAssessmentFounded: true, closureReason: null });
    expect(full.assessments).toEqual([expect.objectContaining({ ...ASSESSMENT, assessedBy: worker.username, assessedAt: expect.any(String) })]);
    expect(full.plan).toMatchObject({ versionNumber: 2, status: 'APPROVED', decidedBy: supervisor.username });
    expect(full.plan.items.map((i: { service: string }) => i.service)).toEqual(['Psychological counselling', 'Forensic examination', 'Legal aid']);
    expect(full.planVersions.map((p: { versionNumber: number; status: string }) => [p.versionNumber, p.status])).toEqual([
      [2, 'APPROVED'],
      [1, 'RETURNED'],
    ]);
    expect(full.reviews.map((r: { nextRound: boolean; planVersion: number }) => [r.nextRound, r.planVersion])).toEqual([
      [false, 2],
      [true, 2],
    ]);

    // The timeline tells the whole story, in order, with who did what.
    const items = await timeline(id);
    expect(items.map((e: { type: string; actor: string }) => [e.type, e.actor])).toEqual([
      ['ASSIGNED', worker.username],
      ['STATUS_CHANGED', worker.username],
      ['ASSESSMENT_RECORDED', worker.username],
      ['STATUS_CHANGED', worker.username],
      ['PLAN_SUBMITTED', worker.username],
      ['PLAN_RETURNED', supervisor.username],
      ['PLAN_SUBMITTED', worker.username],
      ['PLAN_APPROVED', supervisor.username],
      ['STATUS_CHANGED', supervisor.username],
      ['STATUS_CHANGED', worker.username],
      ['REVIEW_RECORDED', worker.username],
      ['STATUS_CHANGED', worker.username],
      ['STATUS_CHANGED', worker.username],
      ['REVIEW_RECORDED', supervisor.username],
      ['CLOSED', supervisor.username],
      ['REOPENED', supervisor.username],
    ]);
    const statuses = items.filter((e: { type: string }) => ['STATUS_CHANGED', 'CLOSED', 'REOPENED'].includes(e.type));
    expect(statuses.map((e: { before: { status: string }; after: { status: string } }) => `${e.before.status}>${e.after.status}`)).toEqual([
      'RECEIVED>ASSESSING',
      'ASSESSING>PLANNING',
      'PLANNING>INTERVENING',
      'INTERVENING>REVIEWING',
      'REVIEWING>INTERVENING',
      'INTERVENING>REVIEWING',
      'REVIEWING>CLOSED',
      'CLOSED>ASSESSING',
    ]);
    expect(items.find((e: { type: string }) => e.type === 'CLOSED').after).toMatchObject({ closureReason: 'GOALS_MET', closureNote: closure.note });
    expect(items.find((e: { type: string }) => e.type === 'REOPENED').after).toMatchObject({ reason: 'A new report: the stepfather came back' });
    expect(items.find((e: { type: string }) => e.type === 'ASSIGNED')).toMatchObject({ before: { assignee: null }, after: { assignee: worker.username } });

    // Each of the 12 changes increased the version once; refused requests changed nothing.
    expect(await version(id)).toBe(13);
    expect(full.version).toBe(13);

    // Every change left its domain events in the outbox, in the same order.
    const events = await outbox(id);
    expect(events.map((e) => e.type)).toEqual([
      'CASE_ASSIGNED',
      'CASE_STATUS_CHANGED',
      'CASE_ASSESSMENT_RECORDED',
      'CASE_STATUS_CHANGED',
      'CASE_PLAN_SUBMITTED',
      'CASE_PLAN_RETURNED',
      'CASE_PLAN_SUBMITTED',
      'CASE_PLAN_APPROVED',
      'CASE_STATUS_CHANGED',
      'CASE_STATUS_CHANGED',
      'CASE_STATUS_CHANGED',
      'CASE_STATUS_CHANGED',
      'CASE_STATUS_CHANGED',
      'CASE_CLOSED',
      'CASE_STATUS_CHANGED',
      'CASE_REOPENED',
    ]);
    expect(events[1].payload).toEqual({
      caseId: id,
      caseNumber: expect.any(String),
      from: 'RECEIVED',
      to: 'ASSESSING',
      transition: 'START_ASSESSMENT',
      status: 'ASSESSING',
      riskLevel: 'MEDIUM',
      immediateDanger: false,
      provinceCode: '22',
      communeCode: '06652',
      assigneeId: worker.id,
      actorId: worker.id,
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(events[2].payload).toMatchObject({ founded: true, riskLevel: 'HIGH', protectionLevel: 'INTERVENTION', childSafeNow: false });
    expect(events[7].payload).toMatchObject({
      planVersion: 2,
      actorId: supervisor.id,
      items: expect.arrayContaining([expect.objectContaining({ service: 'Legal aid', responsibleAgencyType: 'JUSTICE', dueDate: dateIn(10) })]),
    });
    expect(events[13].payload).toMatchObject({ from: 'REVIEWING', closureReason: 'GOALS_MET', status: 'CLOSED' });
    expect(events[15].payload).toMatchObject({ reason: 'A new report: the stepfather came back', status: 'ASSESSING' });

    // And the audit trail has one row per change, written with it.
    const audit = await ds.query(`SELECT action FROM audit_log WHERE subject_type = 'CASE' AND subject_id = $1 AND action NOT LIKE '%_READ' ORDER BY id`, [id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'CASE_ASSIGNED',
      'CASE_TRANSITION',
      'CASE_TRANSITION',
      'CASE_PLAN_SUBMITTED',
      'CASE_PLAN_RETURNED',
      'CASE_PLAN_SUBMITTED',
      'CASE_TRANSITION',
      'CASE_TRANSITION',
      'CASE_TRANSITION',
      'CASE_TRANSITION',
      'CASE_TRANSITION',
      'CASE_TRANSITION',
    ]);
  });

  it('closes an unfounded report from ASSESSING with the contract body alone', async () => {
    const { id } = await makeCase(ds, { status: 'ASSESSING', assigneeId: worker.id, riskLevel: 'LOW' });
    const res = await transition(worker, id, { to: 'CLOSED', closure: { reason: 'UNFOUNDED', note: 'Visited the family and the school: no sign of abuse' } }).expect(200);
    expect(res.body).toMatchObject({ id, status: 'CLOSED', riskLevel: 'LOW', version: 2 });

    const full = (await getCase(supervisor, id).expect(200)).body;
    expect(full).toMatchObject({ closureReason: 'UNFOUNDED', closureNote: 'Visited the family and the school: no sign of abuse', lastAssessmentFounded: false, assessments: [] });
    const events = await outbox(id);
    expect(events.map((e) => e.type)).toEqual(['CASE_STATUS_CHANGED', 'CASE_CLOSED']);
    expect(events[0].payload).toMatchObject({
      caseId: id,
      from: 'ASSESSING',
      to: 'CLOSED',
      transition: 'CLOSE_UNFOUNDED',
      riskLevel: 'LOW',
      provinceCode: '22',
      communeCode: '06652',
      assigneeId: worker.id,
    });
    expect(events[1].payload).toMatchObject({ from: 'ASSESSING', closureReason: 'UNFOUNDED' });
    expect((await timeline(id)).map((e: { type: string }) => e.type)).toEqual(['CLOSED']);
  });

  it('records an assessment sent along with an unfounded closure, and refuses a founded one', async () => {
    const { id } = await makeCase(ds, { status: 'ASSESSING', assigneeId: worker.id });
    const founded = await transition(worker, id, { to: 'CLOSED', closure: { reason: 'UNFOUNDED', note: 'x' }, assessment: ASSESSMENT }).expect(400);
    expect(founded.body.message).toMatch(/a founded report cannot be closed as UNFOUNDED/);
    const missingNote = await transition(worker, id, { to: 'CLOSED', closure: { reason: 'UNFOUNDED' } }).expect(400);
    expect(missingNote.body.message).toBe('closure.note is required to close the case as unfounded');

    await transition(worker, id, {
      to: 'CLOSED',
      closure: { reason: 'UNFOUNDED', note: 'Neighbours confused the family with another' },
      assessment: { riskLevel: 'LOW', founded: false, summary: 'No sign of abuse', personsMet: ['child', 'father'] },
    }).expect(200);
    const full = (await getCase(worker, id).expect(200)).body;
    expect(full.assessments).toEqual([expect.objectContaining({ founded: false, riskLevel: 'LOW', personsMet: ['child', 'father'] })]);
    expect((await outbox(id)).map((e) => e.type)).toEqual(['CASE_ASSESSMENT_RECORDED', 'CASE_STATUS_CHANGED', 'CASE_CLOSED']);
  });

  it('answers illegal transitions with 409 and missing data with 400, naming what is wrong', async () => {
    const { id } = await makeCase(ds);
    const illegal = await transition(supervisor, id, { to: 'PLANNING' }).expect(409);
    expect(illegal.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: 'Cannot move a case from RECEIVED to PLANNING; allowed next states: ASSESSING, CLOSED' });
    const unassigned = await transition(supervisor, id, { to: 'ASSESSING' }).expect(400);
    expect(unassigned.body.message).toBe('The case must be assigned first: an assignee is required to start the assessment');
    const noTarget = await transition(supervisor, id, {}).expect(400);
    expect(noTarget.body.message).toBe('to (the target state) is required; allowed next states: ASSESSING, CLOSED');
    const badEnum = await transition(supervisor, id, { to: 'ARCHIVED', plan: {} }).expect(400);
    expect(badEnum.body.message).toEqual(
      expect.arrayContaining(['to must be one of RECEIVED, ASSESSING, PLANNING, INTERVENING, REVIEWING, CLOSED', 'property plan should not exist']),
    );

    const assessing = await makeCase(ds, { status: 'ASSESSING', assigneeId: worker.id });
    const incomplete = await transition(worker, assessing.id, { to: 'PLANNING', assessment: { founded: true } }).expect(400);
    expect(incomplete.body.message).toBe('assessment.riskLevel and assessment.summary are required to record the assessment');
    const wrongType = await transition(worker, assessing.id, { to: 'PLANNING', assessment: { ...ASSESSMENT, riskLevel: 'EXTREME' } }).expect(400);
    expect(wrongType.body.message).toEqual(['assessment.riskLevel must be one of LOW, MEDIUM, HIGH, CRITICAL']);
    expect(await version(id)).toBe(1);
    expect(await version(assessing.id)).toBe(1);
    expect(await outbox(id)).toEqual([]);
  });

  it('records urgent protection measures in any open state and flags the case in immediate danger', async () => {
    // Urgent protection does not wait for an assignment: any worker of the jurisdiction may record it.
    const { id } = await makeCase(ds, { immediateDanger: false });
    const takenAt = new Date(Date.now() - 3_600_000).toISOString();
    const res = await post(worker2, id, 'emergency-measures', { measureType: 'REMOVAL_FROM_HARM', description: 'Child moved to her grandmother', takenAt }).expect(201);
    expect(res.body).toMatchObject({ measureType: 'REMOVAL_FROM_HARM', recordedBy: worker2.username, takenAt, caseVersion: 2 });

    const summary = (await getCase(supervisor, id).expect(200)).body;
    expect(summary).toMatchObject({ immediateDanger: true, emergencyAt: takenAt, status: 'RECEIVED' });
    expect(summary.emergencyMeasures).toEqual([expect.objectContaining({ measureType: 'REMOVAL_FROM_HARM', description: 'Child moved to her grandmother' })]);
    const listed = await t.http().get(`/api/v1/cases/${id}/emergency-measures`).set(as(worker)).expect(200);
    expect(listed.body.items).toHaveLength(1);
    const list = await t.http().get('/api/v1/cases?provinceCode=22').set(as(supervisor)).expect(200);
    expect(list.body.items.find((c: { id: string }) => c.id === id)).toMatchObject({ immediateDanger: true });

    const events = await outbox(id);
    expect(events.map((e) => e.type)).toEqual(['CASE_EMERGENCY_MEASURE']);
    expect(events[0].payload).toMatchObject({ caseId: id, measureType: 'REMOVAL_FROM_HARM', takenAt, immediateDanger: true, status: 'RECEIVED', provinceCode: '22' });
    expect((await timeline(id)).map((e: { type: string }) => e.type)).toEqual(['EMERGENCY_MEASURE']);

    const future = await post(worker, id, 'emergency-measures', { measureType: 'OTHER', description: 'x', takenAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(400);
    expect(future.body.message).toMatch(/^takenAt .* is in the future/);
    const badType = await post(worker, id, 'emergency-measures', { measureType: 'JAIL', description: 'x', takenAt }).expect(400);
    expect(badType.body.message).toEqual([
      expect.stringMatching(/^measureType must be one of MEDICAL_CARE, REMOVAL_FROM_HARM, TEMPORARY_ALTERNATIVE_CARE, FAMILY_REUNIFICATION, .*, OTHER$/),
    ]);
    const noZone = await post(worker, id, 'emergency-measures', { measureType: 'OTHER', description: 'x', takenAt: '2026-01-01T08:00:00' }).expect(400);
    expect(noZone.body.message).toEqual(['takenAt must carry a time zone (Z or +07:00)']);

    const closed = await makeCase(ds, { status: 'CLOSED' });
    const refused = await post(supervisor, closed.id, 'emergency-measures', { measureType: 'MEDICAL_CARE', description: 'x', takenAt }).expect(409);
    expect(refused.body.message).toMatch(/^The case is CLOSED; a supervisor must reopen it/);
  });

  it('records notes by the assigned worker and lists them', async () => {
    const { id } = await makeCase(ds, { status: 'ASSESSING', assigneeId: worker.id });
    const occurredAt = '2026-01-10T09:30:00+07:00';
    const note = await post(worker, id, 'notes', { type: 'VISIT', text: 'Home visit: mother present, child at school', occurredAt }).expect(201);
    expect(note.body).toMatchObject({ type: 'VISIT', author: worker.username, occurredAt: '2026-01-10T02:30:00.000Z', caseVersion: 2 });
    await post(supervisor, id, 'notes', { type: 'MEETING', text: 'Case conference with the school', occurredAt: '2026-01-11T14:00:00+07:00' }).expect(201);

    const other = await post(worker2, id, 'notes', { type: 'CALL', text: 'x', occurredAt }).expect(403);
    expect(other.body.message).toBe('Only the assigned worker or a supervisor may add notes to this case; the case is assigned to another worker');
    const invalid = await post(worker, id, 'notes', { type: 'EMAIL', text: '', occurredAt: 'yesterday' }).expect(400);
    expect(invalid.body.message).toEqual(
      expect.arrayContaining([
        'type must be one of VISIT, CALL, MEETING, REPORTER_NOTIFIED, OTHER',
        'text should not be empty',
        expect.stringMatching(/^occurredAt must be an ISO-8601/),
      ]),
    );

    const listed = await t.http().get(`/api/v1/cases/${id}/notes`).set(as(worker2)).expect(200);
    expect(listed.body.items.map((n: { type: string; author: string }) => [n.type, n.author])).toEqual([
      ['MEETING', supervisor.username],
      ['VISIT', worker.username],
    ]);
    expect((await getCase(worker, id).expect(200)).body.notes).toHaveLength(2);
    expect((await timeline(id)).map((e: { type: string }) => e.type)).toEqual(['NOTE_ADDED', 'NOTE_ADDED']);
    expect(await version(id)).toBe(3);
    const audit = await ds.query(`SELECT action, after FROM audit_log WHERE subject_id = $1 AND action = 'CASE_NOTE_ADDED'`, [id]);
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('Home visit');
  });

  it('refuses a write based on a stale version: of two updates with the same expectedVersion, one gets 409', async () => {
    const { id } = await makeCase(ds, { status: 'INTERVENING', assigneeId: worker.id });
    const v = await version(id);
    const [a, b] = await Promise.all([
      post(worker, id, 'notes', { type: 'CALL', text: 'Called the school', occurredAt: new Date().toISOString(), expectedVersion: v }),
      transition(worker, id, { to: 'REVIEWING', expectedVersion: v }),
    ]);
    expect([a.status, b.status].filter((s) => s === 409)).toHaveLength(1);
    const conflict = a.status === 409 ? a : b;
    expect(conflict.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: `The case was changed by someone else (version ${v + 1}); reload and try again` });
    expect(await version(id)).toBe(v + 1);

    // The same check through If-Match.
    await post(supervisor, id, 'notes', { type: 'OTHER', text: 'x', occurredAt: new Date().toISOString() }, { 'If-Match': `"${v}"` }).expect(409);
    await post(supervisor, id, 'notes', { type: 'OTHER', text: 'Checked with the school', occurredAt: new Date().toISOString() }, { 'If-Match': `W/"${v + 1}"` }).expect(201);
    const bad = await post(supervisor, id, 'notes', { type: 'OTHER', text: 'x', occurredAt: new Date().toISOString() }, { 'If-Match': 'yesterday' }).expect(400);
    expect(bad.body.message).toMatch(/^If-Match must carry the case version/);
    const disagree = await post(supervisor, id, 'notes', { type: 'OTHER', text: 'x', occurredAt: new Date().toISOString(), expectedVersion: 1 }, { 'If-Match': '"2"' }).expect(400);
    expect(disagree.body.message).toBe('expectedVersion (1) and If-Match (2) disagree; send the version once');
    expect(await version(id)).toBe(v + 2);
  });

  it('assigns: a worker takes a case for themselves, a supervisor assigns and reassigns workers of the jurisdiction', async () => {
    const { id } = await makeCase(ds);
    const forOther = await post(worker, id, 'assignment', { assigneeUsername: worker2.username }).expect(403);
    expect(forOther.body.message).toMatch(/^A case worker may take a case only for themselves/);
    await post(worker2, id, 'assignment', { assigneeUsername: worker2.username }).expect(200);
    const taken = await post(worker, id, 'assignment', { assigneeUsername: worker.username }).expect(403);
    expect(taken.body.message).toBe('The case is already assigned to another worker; only a supervisor may reassign it');

    const inactive = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', active: false });
    const otherCommune = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', communeCode: '06658' });
    const refusals: [string, RegExp][] = [
      [workerHp.username, /jurisdiction does not cover this case \(province 22, commune 06652\)/],
      [otherCommune.username, /jurisdiction does not cover this case/],
      [supervisor.username, /is not a case worker \(role SUPERVISOR\)/],
      [inactive.username, /is deactivated/],
      ['no.such.user', /^assigneeUsername no.such.user does not match any user$/],
    ];
    for (const [username, message] of refusals) {
      const res = await post(supervisor, id, 'assignment', { assigneeUsername: username }).expect(400);
      expect([username, res.body.message]).toEqual([username, expect.stringMatching(message)]);
    }
    const missing = await post(supervisor, id, 'assignment', {}).expect(400);
    expect(missing.body.message).toEqual(expect.arrayContaining(['assigneeUsername should not be empty']));

    const reassigned = await post(supervisor, id, 'assignment', { assigneeUsername: worker.username }).expect(200);
    expect(reassigned.body.assignee).toMatchObject({ username: worker.username });
    const again = await post(supervisor, id, 'assignment', { assigneeUsername: worker.username }).expect(409);
    expect(again.body.message).toBe(`The case is already assigned to ${worker.username}`);

    const items = await timeline(id);
    expect(items.map((e: { type: string; before: unknown; after: unknown }) => [e.type, e.before, e.after])).toEqual([
      ['ASSIGNED', { assignee: null }, { assignee: worker2.username, reassigned: false }],
      ['ASSIGNED', { assignee: worker2.username }, { assignee: worker.username, reassigned: true }],
    ]);
    const events = await outbox(id);
    expect(events.map((e) => [e.type, e.payload.previousAssigneeId, e.payload.assigneeId, e.payload.actorId])).toEqual([
      ['CASE_ASSIGNED', null, worker2.id, worker2.id],
      ['CASE_ASSIGNED', worker2.id, worker.id, supervisor.id],
    ]);
    const audit = await ds.query(`SELECT actor_username, before, after FROM audit_log WHERE subject_id = $1 AND action = 'CASE_ASSIGNED' ORDER BY id`, [id]);
    expect(audit.map((a: { actor_username: string }) => a.actor_username)).toEqual([worker2.username, supervisor.username]);
  });

  it('approves a plan revised during the intervention', async () => {
    const { id } = await makeCase(ds, { status: 'PLANNING', assigneeId: worker.id });
    await post(worker, id, 'plan', PLAN).expect(201);
    const inPlanning = await post(supervisor, id, 'plan/approve', {}).expect(409);
    expect(inPlanning.body.message).toMatch(/^In PLANNING the plan is approved by moving the case to INTERVENING/);
    await transition(supervisor, id, { to: 'INTERVENING' }).expect(200);

    await post(worker, id, 'plan', { ...PLAN, goals: ['The child is safe at home'] }).expect(201);
    await post(worker, id, 'plan/approve', {}).expect(403);
    const approved = await post(supervisor, id, 'plan/approve', {}).expect(200);
    expect(approved.body.plan).toMatchObject({ versionNumber: 2, status: 'APPROVED', goals: ['The child is safe at home'] });
    await post(supervisor, id, 'plan/approve', {}).expect(409);

    const full = (await getCase(worker, id).expect(200)).body;
    expect(full.planVersions.map((p: { status: string }) => p.status)).toEqual(['APPROVED', 'SUPERSEDED']);
    expect((await outbox(id)).map((e) => e.type)).toEqual(['CASE_PLAN_SUBMITTED', 'CASE_PLAN_APPROVED', 'CASE_STATUS_CHANGED', 'CASE_PLAN_SUBMITTED', 'CASE_PLAN_APPROVED']);

    // A revision submitted before a review is approved when the supervisor starts the new round.
    await post(worker, id, 'plan', { ...PLAN, goals: ['The child is safe at home', 'Family counselling'] }).expect(201);
    await transition(worker, id, { to: 'REVIEWING' }).expect(200);
    await transition(supervisor, id, { to: 'INTERVENING', review: { summary: 'Family needs counselling too', nextRound: true } }).expect(200);
    const round = (await getCase(worker, id).expect(200)).body;
    expect(round.plan).toMatchObject({ versionNumber: 3, status: 'APPROVED', decidedBy: supervisor.username });
    expect(round.planVersions.map((p: { status: string }) => p.status)).toEqual(['APPROVED', 'SUPERSEDED', 'SUPERSEDED']);
    expect(round.reviews).toEqual([expect.objectContaining({ planVersion: 2, nextRound: true, items: [] })]);

    const assessing = await makeCase(ds, { status: 'ASSESSING', assigneeId: worker.id });
    const early = await post(worker, assessing.id, 'plan', PLAN).expect(409);
    expect(early.body.message).toMatch(/^A plan can be submitted only while the case is PLANNING, INTERVENING, REVIEWING; it is ASSESSING/);
  });

  describe('access', () => {
    it('operators, agency officers and admins cannot change or read a case (403 by role)', async () => {
      const { id } = await makeCase(ds, { status: 'ASSESSING', assigneeId: worker.id });
      const byOperator = await transition(operator, id, { to: 'PLANNING', assessment: ASSESSMENT }).expect(403);
      expect(byOperator.body).toMatchObject({ statusCode: 403, error: 'Forbidden', message: 'Your role (HOTLINE_OPERATOR) may not do this' });
      await transition(admin, id, { to: 'PLANNING', assessment: ASSESSMENT }).expect(403);
      await post(officer, id, 'notes', { type: 'CALL', text: 'x', occurredAt: new Date().toISOString() }).expect(403);
      const read = await getCase(officer, id).expect(403);
      expect(read.body.message).toBe('Your role (AGENCY_OFFICER) may not do this');
      await getCase(admin, id).expect(403);
      expect(await version(id)).toBe(1);
    });

    it('workers and supervisors of another province get 404; a worker who is not the assignee gets 403', async () => {
      const { id } = await makeCase(ds, { status: 'ASSESSING', assigneeId: worker.id });
      for (const outsider of [workerHp, supervisorHp]) {
        const res = await getCase(outsider, id).expect(404);
        expect(res.body.message).toBe(`Case ${id} was not found or is outside your jurisdiction`);
        await transition(outsider, id, { to: 'PLANNING', assessment: ASSESSMENT }).expect(404);
        await post(outsider, id, 'assignment', { assigneeUsername: outsider.username }).expect(404);
        await post(outsider, id, 'emergency-measures', { measureType: 'OTHER', description: 'x', takenAt: new Date().toISOString() }).expect(404);
        await t.http().get(`/api/v1/cases/${id}/notes`).set(as(outsider)).expect(404);
      }
      const notAssignee = await transition(worker2, id, { to: 'PLANNING', assessment: ASSESSMENT }).expect(403);
      expect(notAssignee.body.message).toBe('Only the assigned worker or a supervisor may change the state of this case; it is assigned to another worker');
      await transition(supervisor, id, { to: 'PLANNING', assessment: ASSESSMENT }).expect(200);
      await t.http().post('/api/v1/cases/not-a-uuid/transitions').set(as(supervisor)).send({ to: 'ASSESSING' }).expect(404);
    });
  });
});
