import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeUser } from '../support/factories';
import { callBody } from '../support/payloads';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { nameTokens, nameTokensSql } from '../../src/kernel/normalise.rules';

/**
 * open_case_child (duplicate candidates by given name) is kept by triggers: whatever changes a case's place or
 * status, its child links or a child's name, birth year or sex, the projection must equal a count from scratch.
 */
describe('duplicate candidates: the open-children projection', () => {
  let t: TestApp;
  let ds: DataSource;
  let op: User;
  const bearer = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  /** Logs a call as the operator; its answer (the case opened and the duplicates suggested). */
  const logCall = async (body: Record<string, unknown>) =>
    (await t.http().post('/api/v1/intake/calls').set(bearer(op)).send(body).expect(201)).body as { caseId: string; duplicates: { caseId: string; reasons: string[] }[] };

  const fromScratch = () =>
    ds.query(`SELECT DISTINCT o.id::text AS case_id, p.id::text AS person_id, o.province_code, o.commune_code, name_given_key(p.name_key) AS given_key, p.name_key,
                     p.birth_year, p.sex
                FROM protection_case o JOIN case_person cp ON cp.case_id = o.id AND cp.role = 'CHILD' JOIN person p ON p.id = cp.person_id
               WHERE o.status <> 'CLOSED' AND name_given_key(p.name_key) IS NOT NULL ORDER BY 1, 2`);
  const projection = () => ds.query(`SELECT case_id::text, person_id::text, province_code, commune_code, given_key, name_key, birth_year, sex FROM open_case_child ORDER BY 1, 2`);

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    op = await makeUser(ds, { role: Role.HOTLINE_OPERATOR });
  });
  afterAll(() => t.close());

  it('follows intake, closure, reopening, renaming, erasure, moved links and a new place', async () => {
    const names = ['Nguyễn Thị Hoa', 'Trần Văn An', 'Lê Minh', 'Bé Na', 'Phạm Thị Hoa'];
    const cases: string[] = [];
    for (const [i, fullName] of names.entries()) {
      const res = await t
        .http()
        .post('/api/v1/intake/calls')
        .set(bearer(op))
        .send(callBody({}, { children: [{ fullName, sex: 'FEMALE', age: 5 + i }, ...(i === 0 ? [{ fullName: 'Nguyễn Văn Tùng', sex: 'MALE', age: 3 }] : [])] }))
        .expect(201);
      cases.push(res.body.caseId);
    }
    expect(await projection()).toEqual(await fromScratch());
    expect((await projection()).filter((r: { given_key: string }) => r.given_key === 'hoa')).toHaveLength(2);

    await ds.query(`UPDATE protection_case SET status = 'CLOSED', closed_at = now(), closure_reason = 'NO_CONCERN' WHERE id = $1`, [cases[1]]);
    expect((await projection()).some((r: { case_id: string }) => r.case_id === cases[1])).toBe(false);
    await ds.query(`UPDATE protection_case SET status = 'ASSESSING', closed_at = NULL, closure_reason = NULL WHERE id = $1`, [cases[1]]);
    await ds.query(
      `UPDATE person SET name_key = 'tran van binh', full_name = 'Trần Văn Bình' WHERE id IN (SELECT person_id FROM case_person WHERE case_id = $1 AND role = 'CHILD')`,
      [cases[2]],
    );
    // The scoring weighs a candidate child's birth year and sex: corrected on the person, corrected in the projection.
    await ds.query(`UPDATE person SET birth_year = 2015, sex = 'MALE' WHERE id IN (SELECT person_id FROM case_person WHERE case_id = $1 AND role = 'CHILD')`, [cases[1]]);
    await ds.query(`UPDATE person SET name_key = NULL, full_name = NULL WHERE id IN (SELECT person_id FROM case_person WHERE case_id = $1 AND role = 'CHILD')`, [cases[3]]);
    await ds.query(`UPDATE case_person SET case_id = $2 WHERE case_id = $1`, [cases[4], cases[0]]);
    await ds.query(`UPDATE protection_case SET province_code = '31', commune_code = NULL WHERE id = $1`, [cases[0]]);
    await ds.query(`DELETE FROM case_person WHERE role = 'CHILD' AND case_id = $1 AND person_id IN (SELECT id FROM person WHERE name_key LIKE '%tung')`, [cases[0]]);
    const after = await projection();
    expect(after).toEqual(await fromScratch());
    expect(after.filter((r: { case_id: string }) => r.case_id === cases[1]).map((r: { birth_year: number; sex: string }) => [r.birth_year, r.sex])).toEqual([[2015, 'MALE']]);
    expect(after.filter((r: { case_id: string }) => r.case_id === cases[0]).map((r: { given_key: string; province_code: string }) => [r.given_key, r.province_code])).toEqual([
      ['hoa', '31'],
      ['hoa', '31'],
    ]);
  });

  it('suggests the open case of a child with the same given name, and not a closed one', async () => {
    const first = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(bearer(op))
      .send(callBody({ callerPhone: null }, { children: [{ fullName: 'Đỗ Thị Xuân', sex: 'FEMALE', age: 9 }], reporter: { anonymous: true } }))
      .expect(201);
    const again = () =>
      t
        .http()
        .post('/api/v1/intake/calls')
        .set(bearer(op))
        .send(callBody({ callerPhone: null }, { children: [{ fullName: 'Do Thi Xuan', sex: 'FEMALE', age: 9 }], reporter: { anonymous: true } }))
        .expect(201);
    const second = await again();
    expect(second.body.duplicates.map((d: { caseId: string }) => d.caseId)).toContain(first.body.caseId);
    await ds.query(`UPDATE protection_case SET status = 'CLOSED', closed_at = now(), closure_reason = 'NO_CONCERN' WHERE id IN ($1, $2)`, [first.body.caseId, second.body.caseId]);
    const third = await again();
    expect(third.body.duplicates.map((d: { caseId: string }) => d.caseId)).not.toContain(first.body.caseId);
  });

  it('ranks a shared phone or name before a busy commune, so the limit never cuts the strongest evidence', async () => {
    const at = (day: number, second = 0) => new Date(Date.UTC(2026, 10, day, 1, 0, second)).toISOString();
    const open = (startedAt: string, callerPhone: string | null, fullName: string, address: string) =>
      logCall(
        callBody(
          { startedAt, callerPhone },
          { children: [{ fullName, sex: 'FEMALE', age: 7 }], reporter: { anonymous: true }, location: { provinceCode: '22', communeCode: '06652', address } },
        ),
      );
    // Two older cases: one shares the caller's phone (another child), one the child's full name.
    const byPhone = await open(at(18), '0987000111', 'Tạ Văn Bền', 'Tổ 9, khu 4');
    const byName = await open(at(18, 1), null, 'Vương Thị Quỳnh', 'Tổ 9, khu 4');
    // Then more recent cases in the same commune and street than the candidate limit, sharing the given name only.
    for (let i = 0; i < 55; i++) await open(at(19, i), null, 'Quỳnh', 'Tổ 9, khu 4');
    const byAddress = await open(at(19, 59), null, 'Lò Văn Sáng', 'to 9 - KHU 4');

    const call = await open(at(20), '0987000111', 'Vương Thị Quỳnh', 'Tổ 9, khu 4');
    expect(call.duplicates.slice(0, 2).map((d) => d.caseId)).toEqual([byName.caseId, byPhone.caseId]);

    // Neither name nor phone: the recent cases whose address shares a word are candidates (folded alike in SQL
    // and in the scoring rules), the newest first at equal score; a commune without such an address gives none.
    const sameStreet = await open(at(20, 1), null, 'Hà Thị Mơ', 'Tổ 9 – Khu 4');
    expect(sameStreet.duplicates.slice(0, 2).map((d) => d.caseId)).toEqual([call.caseId, byAddress.caseId]);
    const otherStreet = await open(at(20, 2), null, 'Hà Thị Mơ', 'Xóm Bãi Sậy');
    expect(otherStreet.duplicates.map((d) => d.caseId)).toEqual([sameStreet.caseId]);
  });

  it("weighs a candidate's children by birth year and sex, and the phone it shares by whichever side gave it", async () => {
    const at = new Date(Date.UTC(2026, 10, 21, 2, 0, 0)).toISOString();
    const where = { provinceCode: '01', communeCode: '00004', address: 'Ngõ 7 Đội Cấn' };
    const open = (callerPhone: string | null, reporter: Record<string, unknown>, child: Record<string, unknown>) =>
      logCall(callBody({ startedAt: at, callerPhone }, { children: [child], reporter, location: where }));
    const reasonsFor = (r: Awaited<ReturnType<typeof open>>, caseId: string) => r.duplicates.find((d) => d.caseId === caseId)?.reasons;
    // The first case: the caller's phone is on its call only; its reporter was anonymous.
    const first = await open('0977123456', { anonymous: true }, { fullName: 'Đinh Thị Lụa', sex: 'FEMALE', age: 8 });

    // The same phone given as the reporter's, the same child: every piece of evidence, each with its reason.
    const same = await open(null, { anonymous: false, name: 'Mai Văn Sơn', phone: '0977 123 456' }, { fullName: 'Dinh Thi Lua', sex: 'FEMALE', age: 8 });
    expect(reasonsFor(same, first.caseId)).toEqual(['SAME_CHILD_NAME', 'SAME_BIRTH_YEAR', 'SAME_PHONE', 'SAME_COMMUNE', 'SIMILAR_ADDRESS', 'RECENT']);
    // The same name, no phone: the candidate's child differs in sex and by four years of age.
    const other = await open(null, { anonymous: true }, { fullName: 'Đinh Thị Lụa', sex: 'MALE', age: 12 });
    expect(reasonsFor(other, first.caseId)).toEqual(['SAME_CHILD_NAME', 'BIRTH_YEAR_MISMATCH', 'DIFFERENT_SEX', 'SAME_COMMUNE', 'SIMILAR_ADDRESS', 'RECENT']);
    // The same caller about another child: the phone counts, less, and the children are said to differ.
    const sibling = await open('0977123456', { anonymous: true }, { fullName: 'Đinh Văn Khang', sex: 'MALE', age: 4 });
    expect(reasonsFor(sibling, first.caseId)).toEqual(['DIFFERENT_CHILD', 'SAME_PHONE', 'SAME_COMMUNE', 'SIMILAR_ADDRESS', 'RECENT']);
  });

  it("keeps a case's address tokens on every write of its address, and still finds a case written before them", async () => {
    const open = (address: string, fullName: string) =>
      logCall(
        callBody(
          { startedAt: new Date(Date.UTC(2026, 10, 21, 3, 0, 0)).toISOString(), callerPhone: null },
          { children: [{ fullName, sex: 'MALE', age: 6 }], reporter: { anonymous: true }, location: { provinceCode: '01', communeCode: '00004', address } },
        ),
      );
    const tokens = async (id: string) => (await ds.query(`SELECT address_tokens FROM protection_case WHERE id = $1`, [id]))[0].address_tokens as string[] | null;
    const first = await open('Thôn Phú Mỹ 2', 'Lý Văn Tám');
    expect(await tokens(first.caseId)).toEqual(['thon', 'phu', 'my', '2']);
    await ds.query(`UPDATE protection_case SET address = 'Xóm Đình' WHERE id = $1`, [first.caseId]);
    expect(await tokens(first.caseId)).toEqual(['xom', 'dinh']);
    // As a case written before the tokens were kept: the search folds its address itself.
    await ds.query(`UPDATE protection_case SET address = 'Thôn Phú Mỹ 2' WHERE id = $1`, [first.caseId]);
    await ds.query(`UPDATE protection_case SET address_tokens = NULL WHERE id = $1`, [first.caseId]);
    expect(await tokens(first.caseId)).toBeNull();
    const second = await open('thon phu my 2', 'Hồ Văn Năm');
    expect(second.duplicates.map((d) => d.caseId)).toContain(first.caseId);
  });

  it('folds and splits an address in SQL as the scoring rules do in code', async () => {
    const texts = [
      'Số 12, Thôn Đông Hưng – ĐƯỜNG Lê Lợi',
      'Xóm Bãi Sậy'.normalize('NFD'),
      'hoà bình / hòa bình',
      'Đông\u200BHưng, ngõ 5/3\tphố  Huế',
      'Ðào Duy Từ',
      '  Tổ 9 - KHU 4  ',
    ];
    for (const text of texts) {
      const [{ tokens }] = await ds.query(`SELECT ${nameTokensSql('$1::text')} AS tokens`, [text]);
      expect((tokens as string[]).filter((t) => t !== '')).toEqual(nameTokens(text));
    }
  });
});
