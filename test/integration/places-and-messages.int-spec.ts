import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeAgency, makeAgencyOfficer, makeCase, makeReferral, makeUser } from '../support/factories';
import { Role } from '../../src/identity/enums';
import { AgencyType } from '../../src/referrals/enums';
import { User } from '../../src/identity/user.entity';
import { callBody } from '../support/payloads';

/** Places by name (communes found by name, names beside codes) and error messages in the reader's language. */
describe('places by name and messages in the user’s language', () => {
  let t: TestApp;
  let ds: DataSource;
  let worker: User;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
  });
  afterAll(() => t.close());

  it('finds communes by name with or without diacritics, within a province or across the country', async () => {
    const plain = await t.http().get('/api/v1/geo/communes').query({ q: 'ha tu', provinceCode: '22' }).expect(200);
    expect(plain.body.items).toContainEqual({ code: '06652', name: 'Phường Hà Tu', provinceCode: '22' });
    const marked = await t.http().get('/api/v1/geo/communes').query({ q: 'Hà Tu' }).expect(200);
    expect(marked.body.items[0]).toEqual({ code: '06652', name: 'Phường Hà Tu', provinceCode: '22' });
    const province = await t.http().get('/api/v1/geo/communes').query({ provinceCode: '22' }).expect(200);
    expect(province.body.items).toHaveLength(54);
    expect(province.body.items.every((c: { provinceCode: string }) => c.provinceCode === '22')).toBe(true);
    const elsewhere = await t.http().get('/api/v1/geo/communes').query({ q: 'ha tu', provinceCode: '31' }).expect(200);
    expect(elsewhere.body.items).not.toContainEqual(expect.objectContaining({ code: '06652' }));
  });

  it('refuses a search with nothing to search for, in Vietnamese by default', async () => {
    const res = await t.http().get('/api/v1/geo/communes').set('Accept-Language', 'vi').expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'GEO_QUERY_REQUIRED', message: 'Hãy nhập một phần tên xã/phường (q) hoặc chọn tỉnh/thành phố (provinceCode)' });
    const unknown = await t.http().get('/api/v1/geo/communes').query({ provinceCode: '99' }).set('Accept-Language', 'fr, vi;q=0.5').expect(404);
    expect(unknown.body).toMatchObject({ code: 'PROVINCE_NOT_FOUND', message: expect.stringContaining('Không có tỉnh/thành phố mã 99') });
  });

  it('cases and referrals carry the names of their province and commune', async () => {
    const c = await makeCase(ds, { provinceCode: '22', communeCode: '06652' });
    const auth = `Bearer ${t.tokenFor(worker)}`;
    const one = await t.http().get(`/api/v1/cases/${c.id}`).set('Authorization', auth).expect(200);
    expect(one.body).toMatchObject({ provinceCode: '22', provinceName: 'Quảng Ninh', communeCode: '06652', communeName: 'Phường Hà Tu' });
    const list = await t.http().get('/api/v1/cases').query({ communeCode: '06652' }).set('Authorization', auth).expect(200);
    expect(list.body.items.find((x: { id: string }) => x.id === c.id)).toMatchObject({ provinceName: 'Quảng Ninh', communeName: 'Phường Hà Tu' });

    const police = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22', name: 'Công an tỉnh Quảng Ninh' });
    const officer = await makeAgencyOfficer(ds, police);
    await makeReferral(ds, { caseId: c.id, agencyId: police.id, agencyType: AgencyType.POLICE });
    const inbox = await t
      .http()
      .get('/api/v1/referrals')
      .set('Authorization', `Bearer ${t.tokenFor(officer)}`)
      .expect(200);
    expect(inbox.body.items[0]).toMatchObject({ caseNumber: c.caseNumber, provinceName: 'Quảng Ninh', communeName: 'Phường Hà Tu' });
  });

  it('answers errors with a stable code and the message in the language asked for', async () => {
    const auth = `Bearer ${t.tokenFor(worker)}`;
    const id = '00000000-0000-4000-8000-000000000000';
    const vi = await t.http().get(`/api/v1/cases/${id}`).set('Authorization', auth).set('Accept-Language', 'vi-VN,vi;q=0.9,en;q=0.8').expect(404);
    expect(vi.body).toMatchObject({ code: 'CASE_NOT_FOUND', message: `Không tìm thấy hồ sơ ${id}, hoặc hồ sơ ngoài địa bàn của bạn` });
    const en = await t.http().get(`/api/v1/cases/${id}`).set('Authorization', auth).set('Accept-Language', 'en-GB,en;q=0.9').expect(404);
    expect(en.body).toMatchObject({ code: 'CASE_NOT_FOUND', message: `Case ${id} was not found or is outside your jurisdiction` });
    // The web user's choice of language wins over the browser's.
    const chosen = await t.http().get(`/api/v1/cases/${id}`).set('Authorization', auth).set('Accept-Language', 'en').set('Cookie', 'bvte_lang=vi').expect(404);
    expect(chosen.body.message).toContain('Không tìm thấy hồ sơ');
  });

  it('validation errors have a code and name the field in Vietnamese', async () => {
    const res = await t
      .http()
      .get('/api/v1/cases')
      .query({ status: 'NOPE' })
      .set('Authorization', `Bearer ${t.tokenFor(worker)}`)
      .set('Accept-Language', 'vi')
      .expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: ['Trường status có giá trị không nằm trong danh sách cho phép'] });
  });

  it('a case transition refused by the rules says so in Vietnamese, naming the states', async () => {
    const supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    const c = await makeCase(ds, { provinceCode: '22', communeCode: '06652' });
    const res = await t
      .http()
      .post(`/api/v1/cases/${c.id}/transitions`)
      .set('Authorization', `Bearer ${t.tokenFor(supervisor)}`)
      .set('Accept-Language', 'vi')
      .send({ to: 'INTERVENING' })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'CASE_TRANSITION_NOT_ALLOWED', message: 'Không thể chuyển hồ sơ từ trạng thái "Mới tiếp nhận" sang "Đang can thiệp"' });
  });

  it('the public form lists the communes of the chosen province by name without JavaScript', async () => {
    const res = await t.http().post('/report').type('form').send({ provinceCode: '22', childName: 'Lê Văn C', pickCommune: '1' }).expect(200);
    expect(res.text).toContain('<option value="06652">Hà Tu (Phường)</option>');
    expect(res.text).toContain('value="Lê Văn C"');
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM report`);
    expect(n).toBe(0);
  });

  it('duplicate-match reasons come in the reader’s language, beside their stable codes', async () => {
    const operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '22' });
    const auth = `Bearer ${t.tokenFor(operator)}`;
    await t
      .http()
      .post('/api/v1/intake/calls')
      .set('Authorization', auth)
      .send(callBody({ startedAt: new Date().toISOString() }))
      .expect(201);
    const ask = (language: string) =>
      t
        .http()
        .post('/api/v1/intake/duplicate-check')
        .set('Authorization', auth)
        .set('Accept-Language', language)
        .send({ children: [{ fullName: 'Nguyen Thi Hoa' }], callerPhone: '0912345678', location: { provinceCode: '22', communeCode: '06652' } })
        .expect(200);
    const vi = await ask('vi');
    expect(vi.body.items[0].reasons).toEqual(expect.arrayContaining(['SAME_CHILD_NAME', 'SAME_PHONE']));
    expect(vi.body.items[0].explanation).toEqual(expect.arrayContaining(['trùng họ tên trẻ', 'cùng xã/phường']));
    const en = await ask('en');
    expect(en.body.items[0].explanation).toEqual(expect.arrayContaining(["same child's name", 'same commune']));
  });
});
