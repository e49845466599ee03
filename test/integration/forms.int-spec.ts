import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeAgency, makeUser } from '../support/factories';
import { callBody } from '../support/payloads';
import { pdfText } from '../support/pdf-text';
import { unzip } from '../support/zip';
import { FixedClock } from '../../src/common/clock';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { AgencyType } from '../../src/referrals/enums';

const vn = (local: string) => new Date(`${local}+07:00`);
const CHILD = 'Đặng Thị Ngọc Hướng';

/** The text of a DOCX: word/document.xml with its tags removed (runs of one paragraph joined). */
function docxText(buf: Buffer): string {
  const xml = unzip(buf).get('word/document.xml');
  if (!xml) throw new Error('no word/document.xml in the DOCX');
  return xml
    .toString('utf8')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '');
}

/**
 * The official forms 01–07 of Decree 56/2017 (product.md §12), filled from a case walked through the
 * procedure over the API: every form downloads as PDF and as DOCX with the case's facts in it.
 */
describe('official forms', () => {
  let t: TestApp;
  let ds: DataSource;
  let clock: FixedClock;
  let operator: User;
  let worker: User;
  let supervisor: User;
  let outsider: User;
  let officer: User;
  let caseId: string;
  let caseNumber: string;
  const as = (u: User) => ({ Authorization: `Bearer ${t.tokenFor(u)}` });
  const post = (u: User, path: string, body: object) => t.http().post(`/api/v1/cases/${caseId}/${path}`).set(as(u)).send(body);
  const download = (path: string, u: User) => t.download(path, u);

  beforeAll(async () => {
    clock = new FixedClock(vn('2026-03-06T09:00:00'));
    t = await startTestApp({ clock });
    ds = t.dataSource;
    operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '22' });
    worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', fullName: 'Lê Thị Cán Bộ' });
    supervisor = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22', fullName: 'Phạm Văn Chủ Tịch' });
    outsider = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '31' });
    const police = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22' });
    officer = await makeUser(ds, { role: Role.AGENCY_OFFICER, provinceCode: '22', agencyId: police.id });

    const call = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(as(operator))
      .send(callBody({ startedAt: clock.now().toISOString() }, { children: [{ fullName: CHILD, sex: 'FEMALE', age: 9 }], abuseTypes: ['PHYSICAL_VIOLENCE'], setting: 'FAMILY' }))
      .expect(201);
    caseId = call.body.caseId;
    caseNumber = (await ds.query(`SELECT case_number FROM protection_case WHERE id = $1`, [caseId]))[0].case_number;

    await post(worker, 'assignment', { assigneeUsername: worker.username }).expect(200);
    await post(worker, 'transitions', { to: 'ASSESSING' }).expect(200);
    clock.set(vn('2026-03-06T11:30:00'));
    await post(worker, 'emergency-measures', { measureType: 'FIRST_AID', description: 'Sơ cứu vết thương ở tay', takenAt: clock.now().toISOString() }).expect(201);
    await post(worker, 'separations', {
      decidedBy: 'Phạm Văn Chủ Tịch',
      decisionNumber: '15/QĐ-UBND',
      decidedAt: clock.now().toISOString(),
      endsAt: vn('2026-03-20T11:30:00').toISOString(),
      placement: 'Nhà bà ngoại ở thôn Đồng Tâm',
      separatedFrom: 'Cha đẻ',
      reason: 'Cha đánh cháu nhiều lần, cháu sợ về nhà',
    }).expect(201);
    await post(worker, 'transitions', {
      to: 'PLANNING',
      assessment: { riskLevel: 'HIGH', founded: true, summary: 'Cháu có vết bầm ở tay, sợ hãi khi nhắc đến cha', factorsChecked: ['vết thương'], childSafeNow: true },
    }).expect(200);
    clock.set(vn('2026-03-10T10:00:00'));
    await post(worker, 'plan', {
      goals: ['Cháu được an toàn và đi học trở lại'],
      items: [
        {
          service: 'Tư vấn tâm lý cho cháu',
          measureType: 'MEDICAL_CARE',
          responsibleAgencyType: 'SOCIAL_SERVICES',
          responsiblePerson: 'Trung tâm công tác xã hội',
          dueDate: '2026-04-30',
        },
      ],
    }).expect(201);
    clock.set(vn('2026-03-11T15:00:00'));
    await post(supervisor, 'transitions', { to: 'INTERVENING' }).expect(200);
  });
  afterAll(() => t.close());

  const FACTS: Record<string, string[]> = {
    '01': ['BÁO CÁO TIẾP NHẬN THÔNG TIN', 'Trần Thị B', '0912345678', 'Gia đình', 'Bạo lực thể chất', '09 giờ 00, ngày 06/03/2026', 'ngày 06 tháng 03 năm 2026'],
    '02': ['ĐÁNH GIÁ BAN ĐẦU', 'Cháu có vết bầm ở tay', 'Sơ cứu, cấp cứu', 'Lê Thị Cán Bộ'],
    '03': ['THU THẬP THÔNG TIN, ĐÁNH GIÁ NGUY CƠ', 'vết thương', 'Cao'],
    '04': ['KẾ HOẠCH HỖ TRỢ, CAN THIỆP', 'Tư vấn tâm lý cho cháu', 'Trung tâm công tác xã hội', '30/04/2026', 'Cháu được an toàn và đi học trở lại'],
    '05': ['QUYẾT ĐỊNH', 'phê duyệt kế hoạch', 'ngày 11 tháng 03 năm 2026', 'trình ngày 10/03/2026'],
    '06': ['RÀ SOÁT, ĐÁNH GIÁ TÌNH TRẠNG CỦA TRẺ EM', 'Người gây tổn hại vẫn có thể tiếp cận trẻ em'],
    '07': ['tạm thời cách ly trẻ em', '15/QĐ-UBND', 'từ ngày 06/03/2026 đến ngày 20/03/2026', 'Nhà bà ngoại ở thôn Đồng Tâm', 'Phạm Văn Chủ Tịch'],
  };
  const COMMON = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', CHILD];

  it.each(Object.keys(FACTS))('form %s downloads as a PDF with the case facts in Vietnamese, in an embedded font', async (form) => {
    const res = await download(`/api/v1/cases/${caseId}/forms/${form}?format=pdf`, worker).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="mau-${form}-${caseNumber}.pdf"`);
    const buf = res.body as Buffer;
    expect(buf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(buf.includes('/FontFile2')).toBe(true);
    const text = pdfText(buf).replace(/\s+/g, ' ');
    for (const fact of [...COMMON, caseNumber, ...FACTS[form]]) expect(text).toContain(fact);
  });

  it.each(Object.keys(FACTS))('form %s downloads as a DOCX with the case facts in word/document.xml', async (form) => {
    const res = await download(`/api/v1/cases/${caseId}/forms/${form}?format=docx`, supervisor).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="mau-${form}-${caseNumber}.docx"`);
    const text = docxText(res.body as Buffer).replace(/\s+/g, ' ');
    for (const fact of [...COMMON, caseNumber, ...FACTS[form]]) expect(text).toContain(fact);
  });

  it('the case page links every form, and the signed-in browser session downloads them', async () => {
    const cookie = `bvte_session=${t.tokenFor(worker)}`;
    const page = await t.http().get(`/cases/${caseId}`).set('Cookie', cookie).expect(200);
    for (const form of Object.keys(FACTS)) {
      expect(page.text).toContain(`href="/api/v1/cases/${caseId}/forms/${form}?format=pdf"`);
      expect(page.text).toContain(`href="/api/v1/cases/${caseId}/forms/${form}?format=docx"`);
    }
    expect(page.text).toContain('Mẫu 07 – Quyết định tạm thời cách ly');
    const res = await t.http().get(`/api/v1/cases/${caseId}/forms/07?format=docx`).set('Cookie', cookie).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  it('prints dotted lines where the case holds nothing, and never an anonymous reporter', async () => {
    const call = await t
      .http()
      .post('/api/v1/intake/calls')
      .set(as(operator))
      .send(
        callBody({ startedAt: clock.now().toISOString() }, { reporter: { anonymous: true }, children: [{ fullName: 'Hồ Văn Lực', sex: 'MALE', age: 12 }], immediateDanger: false }),
      )
      .expect(201);
    const res = await download(`/api/v1/cases/${call.body.caseId}/forms/01?format=pdf`, worker).expect(200);
    const text = pdfText(res.body as Buffer);
    expect(text).toContain('Hồ Văn Lực');
    expect(text).toContain('không đồng ý cho biết danh tính');
    expect(text).not.toContain('0912345678');
    expect(text).toMatch(/Họ và tên cha, tuổi, nghề nghiệp: \.{10,}/);
    const docx = docxText((await download(`/api/v1/cases/${call.body.caseId}/forms/07?format=docx`, worker).expect(200)).body as Buffer);
    expect(docx).toContain('Hồ Văn Lực');
    expect(docx).not.toContain('0912345678');
  });

  it('has the access of the case, answers bad requests clearly and audits every download', async () => {
    await download(`/api/v1/cases/${caseId}/forms/01?format=pdf`, outsider).expect(404);
    await download(`/api/v1/cases/${caseId}/forms/01?format=pdf`, officer).expect(403);
    await t.http().get(`/api/v1/cases/${caseId}/forms/01`).expect(401);
    const unknown = await t.http().get(`/api/v1/cases/${caseId}/forms/08`).set(as(worker)).expect(404);
    expect(unknown.body.message).toMatch(/There is no form "08"; the forms of Decree 56\/2017 are 01, 02, 03, 04, 05, 06, 07/);
    const bad = await t.http().get(`/api/v1/cases/${caseId}/forms/01?format=xls`).set(as(worker)).expect(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/format must be one of pdf, docx/);
    // Without a format, the PDF to print.
    const plain = await download(`/api/v1/cases/${caseId}/forms/04`, worker).expect(200);
    expect(plain.headers['content-type']).toBe('application/pdf');

    const audit = await ds.query(`SELECT actor_id, after FROM audit_log WHERE action = 'CASE_FORM_DOWNLOADED' AND subject_id = $1 ORDER BY id`, [caseId]);
    expect(audit.length).toBeGreaterThanOrEqual(15);
    expect(audit).toContainEqual(expect.objectContaining({ actor_id: supervisor.id, after: { form: '05', format: 'docx' } }));
    expect(audit).not.toContainEqual(expect.objectContaining({ actor_id: outsider.id }));
  });
});
