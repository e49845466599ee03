import { FormFacts } from './form-facts';
import { DOTS, FormCode, FormDocument, FormLine } from './form-document';
import { layoutForm, vnDate, vnDateTime } from './form-layouts.rules';

const vn = (local: string) => new Date(`${local}+07:00`);

function sampleFacts(over: Partial<FormFacts> = {}): FormFacts {
  return {
    caseNumber: '22-2026-000123',
    openedAt: vn('2026-03-06T09:00:00'),
    printedAt: vn('2026-03-20T10:00:00'),
    provinceName: 'Quảng Ninh',
    communeName: 'Phường Hà Tu',
    address: 'Tổ 5, khu 3',
    riskLevel: 'HIGH',
    immediateDanger: true,
    abuseTypes: ['PHYSICAL_VIOLENCE'],
    worker: { fullName: 'Lê Thị Cán Bộ', username: 'worker.qn' },
    children: [
      {
        fullName: 'Đặng Thị Ngọc Hướng',
        description: null,
        sex: 'FEMALE',
        birthYear: 2017,
        ethnicity: null,
        inSchool: true,
        circumstances: [],
        relationToChild: null,
        phone: null,
      },
    ],
    reporters: [
      {
        fullName: 'Trần Thị B',
        description: null,
        sex: null,
        birthYear: null,
        ethnicity: null,
        inSchool: null,
        circumstances: [],
        relationToChild: 'TEACHER',
        phone: '0912345678',
      },
    ],
    perpetrators: [],
    reports: [
      {
        channel: 'HOTLINE_111',
        receivedAt: vn('2026-03-06T09:00:00'),
        narrative: 'Cháu có vết bầm.',
        setting: 'FAMILY',
        abuseTypes: ['PHYSICAL_VIOLENCE'],
        address: null,
        immediateDanger: true,
        reporterAnonymous: false,
      },
    ],
    assessments: [],
    plan: null,
    reviews: [],
    measures: [],
    separations: [],
    ...over,
  };
}

const field = (doc: FormDocument, label: string) => doc.lines.find((l): l is Extract<FormLine, { kind: 'field' }> => l.kind === 'field' && l.label === label)?.value;

describe('layoutForm', () => {
  it.each(Object.values(FormCode))('form %s carries the national heading data, the child and the case number', (code) => {
    const doc = layoutForm(code, sampleFacts());
    expect(doc.code).toBe(code);
    expect(doc.issuer).toEqual(['ỦY BAN NHÂN DÂN', 'PHƯỜNG HÀ TU']);
    expect(JSON.stringify(doc)).toContain('Đặng Thị Ngọc Hướng');
    expect(JSON.stringify(doc)).toContain('22-2026-000123');
    expect(doc.fileName).toBe(`mau-${code}-22-2026-000123`);
  });

  it('form 01: how and when received, the setting, the informant with their agreement', () => {
    const doc = layoutForm(FormCode.RECEIPT, sampleFacts());
    expect(doc.placeAndDate).toBe('Phường Hà Tu, ngày 06 tháng 03 năm 2026');
    expect(field(doc, 'Thời gian tiếp nhận')).toBe('09 giờ 00, ngày 06/03/2026');
    expect(field(doc, 'Môi trường xâm hại')).toBe('Gia đình');
    expect(field(doc, 'Họ và tên')).toBe('Trần Thị B');
    // What the case does not hold stays empty, for a dotted line.
    expect(field(doc, 'Họ và tên cha, tuổi, nghề nghiệp')).toBeNull();
  });

  it('form 01 prints nothing of an anonymous informant', () => {
    const facts = sampleFacts();
    facts.reports[0].reporterAnonymous = true;
    const text = JSON.stringify(layoutForm(FormCode.RECEIPT, facts));
    expect(text).not.toContain('Trần Thị B');
    expect(text).not.toContain('0912345678');
    expect(text).toContain('không đồng ý cho biết danh tính');
  });

  it('form 07 without a separation decision leaves every fact of the decision empty', () => {
    const doc = layoutForm(FormCode.SEPARATION, sampleFacts());
    expect(doc.number).toBeNull();
    expect(doc.placeAndDate).toBe('Phường Hà Tu, ngày …… tháng …… năm ……');
    expect(field(doc, 'Thời gian cách ly')).toBeNull();
    expect(doc.signatures[0]).toEqual({ title: 'CHỦ TỊCH', note: '(Ký, ghi rõ họ tên, đóng dấu)', name: null });
  });

  it('dates are Vietnamese civil dates', () => {
    expect(vnDate(new Date('2026-03-05T17:30:00Z'))).toBe('06/03/2026');
    expect(vnDateTime(new Date('2026-03-05T17:30:00Z'))).toBe('00 giờ 30, ngày 06/03/2026');
    expect(DOTS.length).toBeGreaterThan(10);
  });
});
