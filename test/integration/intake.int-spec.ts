import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock';
import { clockInsideRateWindows, startTestApp, TestApp } from '../support/test-app';
import { makeUser } from '../support/factories';
import { callBody, reportBody } from '../support/payloads';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { NEXT_CASE_NUMBER_SQL } from '../../src/intake/case-opening';

describe('intake: hotline calls', () => {
  let t: TestApp;
  let ds: DataSource;
  let op111: User;
  let opQn: User;
  let workerQn: User;
  let workerHp: User;
  let supQn: User;
  const bearer = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  const count = async (table: string) => (await ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    op111 = await makeUser(ds, { role: Role.HOTLINE_OPERATOR });
    opQn = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '22' });
    workerQn = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    workerHp = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '31' });
    supQn = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
  });
  afterAll(() => t.close());

  it('a REPORT call opens one case reachable by the right worker and nobody else', async () => {
    const res = await t.http().post('/api/v1/intake/calls').set(bearer(op111)).send(callBody()).expect(201);
    expect(res.body).toMatchObject({ callId: expect.any(String), reportId: expect.any(String), caseId: expect.any(String), duplicates: [] });
    expect(res.body.caseNumber).toMatch(/^22-2026-\d{6}$/);
    const c = await t.http().get(`/api/v1/cases/${res.body.caseId}`).set(bearer(workerQn)).expect(200);
    expect(c.body).toMatchObject({
      id: res.body.caseId,
      caseNumber: res.body.caseNumber,
      status: 'RECEIVED',
      riskLevel: 'CRITICAL',
      immediateDanger: true,
      provinceCode: '22',
      communeCode: '06652',
      assignee: null,
    });
    expect(c.body.children).toEqual([expect.objectContaining({ fullName: 'Nguyễn Thị Hoa', sex: 'FEMALE', birthYear: 2017 })]);
    expect(c.body.reporters).toEqual([expect.objectContaining({ fullName: 'Trần Thị B', phone: '0912345678', relationToChild: 'TEACHER' })]);
    expect(c.body.perpetrators).toHaveLength(1);
    expect(c.body.reports).toHaveLength(1);
    await t.http().get(`/api/v1/cases/${res.body.caseId}`).set(bearer(workerHp)).expect(404);
    await t.http().get(`/api/v1/cases/${res.body.caseId}`).set(bearer(op111)).expect(403);
    const timeline = await t.http().get(`/api/v1/cases/${res.body.caseId}/timeline`).set(bearer(supQn)).expect(200);
    expect(timeline.body.items).toEqual([expect.objectContaining({ type: 'CASE_OPENED', actor: op111.username, at: expect.any(String) })]);
    const reads = await ds.query(`SELECT actor_id FROM audit_log WHERE action = 'CASE_PERSONAL_DATA_READ' AND subject_id = $1`, [res.body.caseId]);
    expect(reads).toEqual([{ actor_id: workerQn.id }]);
    const events = await ds.query(`SELECT type, payload FROM outbox_event WHERE aggregate_id = $1`, [res.body.caseId]);
    expect(events).toEqual([{ type: 'CASE_OPENED', payload: expect.objectContaining({ caseId: res.body.caseId, riskLevel: 'CRITICAL', immediateDanger: true }) }]);
  });

  it('logs calls that are not reports without opening a case', async () => {
    const cases = await count('protection_case');
    for (const callType of ['SILENT', 'PRANK', 'WRONG_NUMBER', 'INFORMATION', 'COUNSELLING']) {
      const res = await t.http().post('/api/v1/intake/calls').set(bearer(op111)).send({ callType, channel: 'HOTLINE_111', startedAt: '2026-11-22T09:00:00+07:00' }).expect(201);
      expect(res.body).toEqual({ callId: expect.any(String), duplicates: [] });
    }
    expect(await count('protection_case')).toBe(cases);
    const flagged = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(op111))
      .send(
        callBody({ callType: 'COUNSELLING', riskFlagged: true }, { immediateDanger: false, abuseTypes: ['EMOTIONAL_VIOLENCE'], children: [{ fullName: 'Lê Văn Tú', age: 12 }] }),
      )
      .expect(201);
    expect(flagged.body.caseNumber).toBeDefined();
    expect(await count('protection_case')).toBe(cases + 1);
  });

  it('answers bad input with 400 naming the fields, and stores nothing', async () => {
    const calls = await count('hotline_call');
    const cases: [Record<string, unknown>, RegExp][] = [
      [callBody({ callType: 'GOSSIP' }), /callType must be one of REPORT/],
      [callBody({}, { children: [] }), /children must name at least one child/],
      [callBody({}, { children: [{ sex: 'FEMALE' }] }), /fullName or description is required/],
      [callBody({}, { abuseTypes: ['BULLYING'] }), /each abuseTypes value must be one of/],
      [callBody({}, { narrative: 'x'.repeat(10001) }), /narrative must be at most 10000 characters/],
      [callBody({}, { immediateDanger: 'yes' }), /immediateDanger must be true or false/],
      [callBody({}, { children: [{ fullName: 'A', age: 'nine' }] }), /report\.children\.0\.age must be a whole number/],
      [callBody({ startedAt: 'yesterday' }), /startedAt must be an ISO 8601 date-time/],
      [callBody({ report: undefined }), /report is required for a REPORT call/],
      [callBody({}, { location: { provinceCode: '22', communeCode: '99999' } }), /communeCode 99999 is not an official commune code/],
      [callBody({}, { location: { provinceCode: '31', communeCode: '06652' } }), /belongs to province 22, not 31/],
      [callBody({ callerPhone: 'abc' }), /callerPhone "abc" is not a Vietnamese phone number/],
      [callBody({ unexpected: 1 }), /property unexpected should not exist/],
      [{ callType: 'SILENT', channel: 'HOTLINE_111', startedAt: '2026-11-22T09:00:00+07:00', report: reportBody() }, /carries no report/],
      [callBody({}, { children: [{ fullName: 'Nguyễn\u0000 An' }] }), /report\.children\.0\.fullName contains a NUL character/],
      [callBody({}, { children: [{ fullName: 'An', ethnicity: '\u0000' }] }), /report\.children\.0\.ethnicity contains a NUL character/],
      [callBody({}, { children: [{ fullName: 'An', birthYear: 2030 }] }), /report\.children\.0\.birthYear 2030 is in the future/],
      [callBody({}, { children: [{ fullName: 'An', birthYear: 1995 }] }), /report\.children\.0\.birthYear 1995 is of an adult/],
      [callBody({}, { perpetrators: [null] }), /perpetrators must be either object or array/],
    ];
    for (const [body, message] of cases) {
      const res = await t.http().post('/api/v1/intake/calls').set(bearer(op111)).send(body);
      expect([res.status, [].concat(res.body.message).join(' | ')]).toEqual([400, expect.stringMatching(message)]);
      expect(res.body.error).toBe('Bad Request');
    }
    expect(await count('hotline_call')).toBe(calls);
  });

  it('replays an idempotent retry, also when retries race, and refuses a reused key with another body', async () => {
    const cases = await count('protection_case');
    const key = 'retry-key-0001';
    const body = callBody({}, { children: [{ fullName: 'Phạm Minh Khôi', age: 7 }] });
    const responses = await Promise.all(Array.from({ length: 5 }, () => t.http().post('/api/v1/intake/calls').set(bearer(op111)).set('Idempotency-Key', key).send(body)));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.body.caseId)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
    expect(await count('protection_case')).toBe(cases + 1);
    // The suggestions are read beside the write and again for each replay: the same ones, never the case itself.
    const suggested = responses.map((r) => (r.body.duplicates as { caseId: string }[]).map((d) => d.caseId));
    expect(suggested[0].length).toBeGreaterThan(0);
    for (const s of suggested) expect(s).toEqual(suggested[0]);
    expect(suggested[0]).not.toContain(responses[0].body.caseId);
    const other = await t.http().post('/api/v1/intake/calls').set(bearer(op111)).set('Idempotency-Key', key).send(callBody()).expect(422);
    expect(other.body.message).toMatch(/already used for a different request/);
  });

  it('gives 50 concurrent intakes 50 distinct case numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t
          .http()
          .post('/api/v1/intake/calls')
          .set(bearer(op111))
          .send(callBody({ callerPhone: null }, { reporter: { anonymous: true }, children: [{ fullName: `Trẻ số ${i}`, age: 5 }], location: { provinceCode: '31' } })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const numbers = results.map((r) => r.body.caseNumber);
    expect(new Set(numbers).size).toBe(50);
    numbers.forEach((n) => expect(n).toMatch(/^31-2026-\d{6}$/));
  });

  it('takes a case number with an asynchronous commit that ends with its own statement', async () => {
    // The number's statement turns synchronous commit off for its own transaction only: the next statement on the
    // same connection, and a case written there, commit synchronously again.
    const runner = ds.createQueryRunner();
    try {
      const [first] = await runner.query(NEXT_CASE_NUMBER_SQL, ['ZZ', 2026]);
      const [second] = await runner.query(NEXT_CASE_NUMBER_SQL, ['ZZ', 2026]);
      expect(Number(second.last_value)).toBe(Number(first.last_value) + 1);
      expect(await runner.query(`SHOW synchronous_commit`)).toEqual([{ synchronous_commit: 'on' }]);
      await runner.startTransaction();
      expect(await runner.query(`SHOW synchronous_commit`)).toEqual([{ synchronous_commit: 'on' }]);
      await runner.commitTransaction();
    } finally {
      await runner.query(`DELETE FROM case_number_counter WHERE prefix = 'ZZ'`);
      await runner.release();
    }
  });

  it('suggests the earlier case for the same child written without diacritics, and links on request', async () => {
    const first = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(op111))
      .send(
        callBody(
          { callerPhone: '0987000111' },
          {
            children: [{ fullName: 'Đỗ Thị Mai Anh', age: 10, sex: 'FEMALE' }],
            location: { provinceCode: '22', communeCode: '06658' },
            reporter: { name: 'Bà Lan', phone: '0987000111', relationToChild: 'GRANDPARENT' },
          },
        ),
      )
      .expect(201);
    const preview = await t
      .http()
      .post('/api/v1/intake/duplicate-check')
      .set(bearer(op111))
      .send({ children: [{ fullName: 'do thi mai anh', age: 10 }], location: { communeCode: '06658' } })
      .expect(200);
    expect(preview.body.items[0]).toMatchObject({ caseId: first.body.caseId, reasons: expect.arrayContaining(['SAME_CHILD_NAME']) });
    const second = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(op111))
      .send(callBody({ callerPhone: '0987000111' }, { children: [{ fullName: 'do thi mai anh', age: 10 }], location: { provinceCode: '22', communeCode: '06658' } }))
      .expect(201);
    expect(second.body.duplicates[0]).toMatchObject({ caseId: first.body.caseId, score: expect.any(Number), reasons: expect.arrayContaining(['SAME_PHONE']) });
    const linked = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(op111))
      .send(
        callBody(
          { callerPhone: '0987000111', linkToCaseId: first.body.caseId },
          { children: [{ fullName: 'Đỗ Thị Mai Anh', age: 10 }], location: { provinceCode: '22', communeCode: '06658' }, immediateDanger: false, abuseTypes: ['NEGLECT'] },
        ),
      )
      .expect(201);
    expect(linked.body).toMatchObject({ caseId: first.body.caseId, caseNumber: first.body.caseNumber, linked: true });
    const c = await t.http().get(`/api/v1/cases/${first.body.caseId}`).set(bearer(workerQn)).expect(200);
    expect(c.body.reports).toHaveLength(2);
    expect(c.body.abuseTypes.sort()).toEqual(['NEGLECT', 'SEXUAL_ABUSE']);
    // The wrongly opened second case: move its report into the first, then take it out again.
    const moved = await t
      .http()
      .post(`/api/v1/intake/reports/${second.body.reportId}/link`)
      .set(bearer(workerQn))
      .send({ caseId: first.body.caseId, reason: 'same child, same grandmother calling' })
      .expect(200);
    expect(moved.body).toMatchObject({ caseId: first.body.caseId, previousCaseId: second.body.caseId, previousCaseClosed: true });
    // The emptied duplicate is closed (its deadlines are cancelled by the closing events), not left as a ghost.
    const ghost = await t.http().get(`/api/v1/cases/${second.body.caseId}`).set(bearer(workerQn)).expect(200);
    expect(ghost.body).toMatchObject({ status: 'CLOSED', closureReason: 'OTHER', closureNote: `Duplicate: its report was linked to case ${first.body.caseNumber}`, reports: [] });
    const closing = await ds.query(`SELECT type FROM outbox_event WHERE aggregate_id = $1 AND type IN ('CASE_STATUS_CHANGED', 'CASE_CLOSED') ORDER BY id`, [second.body.caseId]);
    expect(closing.map((e: { type: string }) => e.type)).toEqual(['CASE_STATUS_CHANGED', 'CASE_CLOSED']);
    const after = await t.http().get(`/api/v1/cases/${first.body.caseId}`).set(bearer(workerQn)).expect(200);
    expect(after.body.reports).toHaveLength(3);
    const unlinked = await t.http().post(`/api/v1/intake/reports/${second.body.reportId}/unlink`).set(bearer(supQn)).send({ reason: 'different child after all' }).expect(200);
    expect(unlinked.body.caseNumber).toMatch(/^22-2026-\d{6}$/);
    const fresh = await t.http().get(`/api/v1/cases/${unlinked.body.caseId}`).set(bearer(workerQn)).expect(200);
    expect(fresh.body.reports.map((r: { id: string }) => r.id)).toEqual([second.body.reportId]);
    // Like a case opened at intake, it starts its assessment deadline and routing through the outbox.
    const opened = await ds.query(`SELECT payload FROM outbox_event WHERE aggregate_id = $1 AND type = 'CASE_OPENED'`, [unlinked.body.caseId]);
    expect(opened).toEqual([{ payload: expect.objectContaining({ caseId: unlinked.body.caseId, caseNumber: unlinked.body.caseNumber, reportId: second.body.reportId }) }]);
    const audits = await ds.query(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id`, [second.body.reportId]);
    expect(audits.map((a: { action: string }) => a.action)).toEqual(['REPORT_LINKED', 'REPORT_UNLINKED']);
  });

  it('a report linked after intake brings its facts to the case: abuse types, immediate danger, risk', async () => {
    const calm = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(op111))
      .send(callBody({}, { immediateDanger: false, abuseTypes: ['NEGLECT'], children: [{ fullName: 'Cao Thị Hằng', age: 6 }] }))
      .expect(201);
    const urgent = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(op111))
      .send(callBody({}, { immediateDanger: true, abuseTypes: ['PHYSICAL_VIOLENCE'], children: [{ fullName: 'Cao Thi Hang', age: 6 }] }))
      .expect(201);
    await t
      .http()
      .post(`/api/v1/intake/reports/${urgent.body.reportId}/link`)
      .set(bearer(workerQn))
      .send({ caseId: calm.body.caseId, reason: 'the same girl, reported twice' })
      .expect(200);
    const merged = await t.http().get(`/api/v1/cases/${calm.body.caseId}`).set(bearer(workerQn)).expect(200);
    expect(merged.body).toMatchObject({ immediateDanger: true, riskLevel: 'CRITICAL' });
    expect(merged.body.abuseTypes.sort()).toEqual(['NEGLECT', 'PHYSICAL_VIOLENCE']);
    const events = await ds.query(`SELECT payload FROM outbox_event WHERE aggregate_id = $1 AND type = 'REPORT_LINKED'`, [calm.body.caseId]);
    expect(events).toEqual([{ payload: expect.objectContaining({ reportId: urgent.body.reportId, immediateDanger: true, riskLevel: 'CRITICAL' }) }]);
    const timeline = await t.http().get(`/api/v1/cases/${calm.body.caseId}/timeline`).set(bearer(supQn)).expect(200);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual(['CASE_OPENED', 'REPORT_LINKED', 'CASE_FACTS_MERGED']);
  });

  it('finds cases by child name without diacritics and earlier calls by phone', async () => {
    await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(op111))
      .send(callBody({ callerPhone: '+84 903 111 222' }, { children: [{ fullName: 'Hoàng Văn Đức', age: 13 }], location: { provinceCode: '22' } }))
      .expect(201);
    const byName = await t.http().get('/api/v1/intake/lookup').query({ name: 'hoang van duc' }).set(bearer(op111)).expect(200);
    expect(byName.body.cases[0]).toMatchObject({ status: 'RECEIVED', publicStatus: 'RECEIVED', children: 'Hoàng Văn Đức' });
    const byPhone = await t.http().get('/api/v1/intake/lookup').query({ phone: '0903111222' }).set(bearer(op111)).expect(200);
    expect(byPhone.body.calls).toHaveLength(1);
    expect(byPhone.body.cases).toHaveLength(1);
    // By place: alone, the open cases of the commune; with a name, a filter on the name's matches.
    const byPlace = await t.http().get('/api/v1/intake/lookup').query({ communeCode: '06652' }).set(bearer(op111)).expect(200);
    expect(byPlace.body.cases.length).toBeGreaterThan(0);
    expect(byPlace.body.cases.every((c: { communeCode: string; status: string }) => c.communeCode === '06652' && c.status !== 'CLOSED')).toBe(true);
    const nameElsewhere = await t.http().get('/api/v1/intake/lookup').query({ name: 'hoang van duc', communeCode: '06652' }).set(bearer(op111)).expect(200);
    expect(nameElsewhere.body.cases).toEqual([]);
    const list = await t.http().get('/api/v1/cases').query({ q: 'HOANG VAN DUC' }).set(bearer(workerQn)).expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: byName.body.cases[0].caseId, provinceCode: '22' });
    const none = await t.http().get('/api/v1/cases').query({ q: 'hoang van duc' }).set(bearer(workerHp)).expect(200);
    expect(none.body.items).toEqual([]);
  });

  it('keeps provincial operators to their province and sends unknown places to national triage', async () => {
    const other = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(opQn))
      .send(callBody({ channel: 'PROVINCIAL_HOTLINE' }, { location: { provinceCode: '31' } }))
      .expect(403);
    expect(other.body.message).toMatch(/transfer the caller to hotline 111/);
    const own = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(opQn))
      .send(callBody({ channel: 'PROVINCIAL_HOTLINE' }, { location: undefined }))
      .expect(201);
    expect(own.body.caseNumber).toMatch(/^22-/);
    const unknown = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(op111))
      .send(callBody({}, { location: { address: 'không rõ' } }))
      .expect(201);
    expect(unknown.body.caseNumber).toMatch(/^VN-2026-\d{6}$/);
    const queue = await t.http().get('/api/v1/intake/triage').set(bearer(op111)).expect(200);
    expect(queue.body.items.map((i: { caseId: string }) => i.caseId)).toContain(unknown.body.caseId);
    await t.http().get('/api/v1/intake/triage').set(bearer(opQn)).expect(403);
    await t.http().get(`/api/v1/cases/${unknown.body.caseId}`).set(bearer(workerQn)).expect(404);
    await t
      .http()
      .post(`/api/v1/intake/triage/${unknown.body.caseId}/location`)
      .set(bearer(op111))
      .send({ provinceCode: '22', communeCode: '06652', reason: 'caller called back with the address' })
      .expect(200);
    await t.http().get(`/api/v1/cases/${unknown.body.caseId}`).set(bearer(workerQn)).expect(200);
  });

  it("suggests duplicates only from the asker's jurisdiction, and audits the cases a lookup shows", async () => {
    const child = { fullName: 'Trịnh Thị Ngọc Ánh', sex: 'FEMALE', age: 8 };
    const hpCase = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(op111))
      .send(callBody({ callerPhone: '0977000333' }, { children: [child], location: { provinceCode: '31' }, reporter: { anonymous: true } }))
      .expect(201);
    const probe = { children: [{ fullName: 'trinh thi ngoc anh', age: 8 }] };
    const national = await t.http().post('/api/v1/intake/duplicate-check').set(bearer(op111)).send(probe).expect(200);
    expect(national.body.items.map((i: { caseId: string }) => i.caseId)).toContain(hpCase.body.caseId);
    const own = await t.http().post('/api/v1/intake/duplicate-check').set(bearer(workerHp)).send(probe).expect(200);
    expect(own.body.items.map((i: { caseId: string }) => i.caseId)).toContain(hpCase.body.caseId);
    // Another province's worker, and a provincial hotline, learn nothing of the Hải Phòng case.
    for (const outsider of [workerQn, opQn]) {
      const res = await t.http().post('/api/v1/intake/duplicate-check').set(bearer(outsider)).send(probe).expect(200);
      expect(res.body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(hpCase.body.caseId);
    }
    const call = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(opQn))
      .send(callBody({ channel: 'PROVINCIAL_HOTLINE', callerPhone: '0977000333' }, { children: [child], location: { provinceCode: '22' } }))
      .expect(201);
    expect(call.body.duplicates.map((d: { caseId: string }) => d.caseId)).not.toContain(hpCase.body.caseId);

    const [{ last }] = await ds.query(`SELECT coalesce(max(id), 0) AS last FROM audit_log`);
    const found = await t.http().get('/api/v1/intake/lookup').query({ name: 'trinh thi ngoc anh' }).set(bearer(op111)).expect(200);
    const shown = found.body.cases.map((c: { caseId: string }) => c.caseId);
    expect(shown).toContain(hpCase.body.caseId);
    const audited = await ds.query(`SELECT subject_id, province_code, after FROM audit_log WHERE action = 'CASE_LOOKUP_READ' AND actor_id = $1 AND id > $2`, [op111.id, last]);
    expect(audited.map((a: { subject_id: string }) => a.subject_id).sort()).toEqual([...shown].sort());
    expect(audited.find((a: { subject_id: string }) => a.subject_id === hpCase.body.caseId)).toMatchObject({ province_code: '31', after: { by: ['name'] } });
    // What was searched for is personal data too: it stays out of the log.
    expect(JSON.stringify(audited)).not.toMatch(/trinh|Trịnh/i);
  });

  it('asks for a calendar day, not a time, when listing calls', async () => {
    const res = await t.http().get('/api/v1/intake/calls').query({ date: '2026-11-22T00:00:00Z' }).set(bearer(op111)).expect(400);
    expect([].concat(res.body.message).join(' ')).toMatch(/date must be a calendar day YYYY-MM-DD/);
  });

  it("lists the operator's calls of the day", async () => {
    const op = await makeUser(ds, { role: Role.HOTLINE_OPERATOR });
    await t.http().post('/api/v1/intake/calls').set(bearer(op)).send({ callType: 'SILENT', channel: 'HOTLINE_111', startedAt: '2026-11-21T23:30:00+07:00' }).expect(201);
    await t.http().post('/api/v1/intake/calls').set(bearer(op)).send({ callType: 'PRANK', channel: 'HOTLINE_111', startedAt: '2026-11-22T00:10:00+07:00' }).expect(201);
    const day = await t.http().get('/api/v1/intake/calls').query({ date: '2026-11-22' }).set(bearer(op)).expect(200);
    expect(day.body.items.map((c: { callType: string }) => c.callType)).toEqual(['PRANK']);
  });
});

describe('intake: online report retries', () => {
  // Its own queue prefix, so its requests do not count against the rate limit the next block tests.
  let t2: TestApp;
  let prefix: string | undefined;
  beforeAll(async () => {
    prefix = process.env.QUEUE_PREFIX;
    process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}r`;
    t2 = await startTestApp();
  });
  afterAll(async () => {
    await t2.close();
    process.env.QUEUE_PREFIX = prefix;
  });

  it('replays an idempotent online report, also when retries race: one case, one tracking code', async () => {
    const cases = async () => (await t2.dataSource.query(`SELECT count(*)::int AS n FROM protection_case`))[0].n as number;
    const before = await cases();
    const body = reportBody({ reporter: { anonymous: true }, immediateDanger: false, children: [{ fullName: 'Lò Văn Sáng', age: 11 }] });
    const key = 'online-retry-7f3a9c21';
    const responses = await Promise.all(Array.from({ length: 3 }, () => t2.http().post('/api/v1/intake/online-reports').set('Idempotency-Key', key).send(body)));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(responses.map((r) => r.body.trackingCode)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    expect(await cases()).toBe(before + 1);
    const bad = await t2
      .http()
      .post('/api/v1/intake/online-reports')
      .send({ ...body, children: [{ sex: 'FEMALE' }], abuseTypes: ['BULLYING'] })
      .expect(400);
    expect([].concat(bad.body.message).join(' | ')).toMatch(/fullName or description is required[\s\S]*abuseTypes value must be one of/);
  });
});

describe('intake: online reports', () => {
  let t: TestApp;
  let clock: FixedClock;
  beforeAll(async () => {
    process.env.ONLINE_REPORTS_PER_10_MIN = '3';
    // The limits' windows are the clock's, not the wall's.
    clock = clockInsideRateWindows();
    t = await startTestApp({ clock });
  });
  afterAll(async () => {
    delete process.env.ONLINE_REPORTS_PER_10_MIN;
    await t.close();
  });

  it('accepts an anonymous report, gives a tracking code, and shows only a coarse status', async () => {
    const body = reportBody({ reporter: { anonymous: true }, immediateDanger: false });
    const res = await t.http().post('/api/v1/intake/online-reports').send(body).expect(201);
    expect(Object.keys(res.body)).toEqual(['trackingCode']);
    expect(res.body.trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const status = await t
      .http()
      .get(`/api/v1/intake/online-reports/${res.body.trackingCode.toLowerCase().replace(/-/g, '')}`)
      .expect(200);
    expect(status.body).toEqual({ status: 'RECEIVED' });
    const [row] = await t.dataSource.query(`SELECT c.channel FROM report c WHERE tracking_code = $1`, [res.body.trackingCode]);
    expect(row.channel).toBe('ONLINE_FORM');
    const persons = await t.dataSource.query(`SELECT cp.role FROM report r JOIN case_person cp ON cp.report_id = r.id WHERE r.tracking_code = $1`, [res.body.trackingCode]);
    expect(persons.map((p: { role: string }) => p.role).sort()).toEqual(['CHILD', 'PERPETRATOR']);
  });

  it('tells a mistyped code from an unknown one', async () => {
    const bad = await t
      .http()
      .get('/api/v1/intake/online-reports/ABCD-EFGH-JKM0')
      .expect((r) => expect([400, 404]).toContain(r.status));
    expect(bad.body.message).toBeDefined();
    await t.http().get('/api/v1/intake/online-reports/x').expect(400);
  });

  it('refuses a filled honeypot and then rate-limits the client with a message pointing to 111', async () => {
    const spam = await t
      .http()
      .post('/api/v1/intake/online-reports')
      .send({ ...reportBody(), website: 'http://spam.example' })
      .expect(400);
    expect(spam.body.message).toMatch(/website/);
    // Sent a second after the form opened: a script. A person asked to check and send again gets through.
    const quick = await t
      .http()
      .post('/api/v1/intake/online-reports')
      .send({ ...reportBody(), formStartedAt: new Date(clock.now().getTime() - 1000).toISOString() })
      .expect(400);
    expect(quick.body.message).toMatch(/faster than a person can type it; check it and send it again/);
    await t
      .http()
      .post('/api/v1/intake/online-reports')
      .send({ ...reportBody(), formStartedAt: new Date(clock.now().getTime() - 20_000).toISOString() })
      .expect(201);
    await t.http().post('/api/v1/intake/online-reports').send(reportBody()).expect(201);
    const limited = await t.http().post('/api/v1/intake/online-reports').send(reportBody()).expect(429);
    expect(limited.body.message).toMatch(/111/);
    // Nine minutes of the window are left; when it ends, the same client may report again.
    expect(Number(limited.headers['retry-after'])).toBe(540);
    clock.advance(539_000);
    await t.http().post('/api/v1/intake/online-reports').send(reportBody()).expect(429);
    clock.advance(1_000);
    await t.http().post('/api/v1/intake/online-reports').send(reportBody()).expect(201);
  });
});
