import { RiskLevel } from '../cases/enums';
import { AbuseType, Relation, Sex } from '../intake/enums';
import { AgencyCaseView, CaseForAgencyInput, CaseReporterInput, explanationForAgencyInbox, givenName, mayShareReporter, redactCaseForAgency } from './agency-view.rules';
import { foldVietnamese } from '../intake/normalise.rules';
import { AgencyType } from './enums';

const { POLICE, HEALTH, EDUCATION, SOCIAL_SERVICES, JUSTICE, LOCAL_AUTHORITY } = AgencyType;

const reporter = (over: Partial<CaseReporterInput> = {}): CaseReporterInput => ({
  anonymous: false,
  name: 'Trần Thị Bình',
  phone: '0912345678',
  relationToChild: Relation.TEACHER,
  consentToShareWithPolice: true,
  ...over,
});

function fullCase(over: Partial<CaseForAgencyInput> = {}): CaseForAgencyInput {
  return {
    id: 'case-1',
    caseNumber: 'QN-2026-000123',
    status: 'INTERVENING',
    riskLevel: RiskLevel.HIGH,
    immediateDanger: true,
    abuseTypes: [AbuseType.SEXUAL_ABUSE, AbuseType.PHYSICAL_VIOLENCE],
    narrative: 'Cô Trần Thị Bình (0912 345 678) thấy Nguyễn Thị Hoa có vết bầm; em Lê Văn Nam cũng bị đánh.',
    location: { provinceCode: '22', communeCode: '06652', address: 'Thôn 3' },
    children: [
      { id: 'p1', fullName: 'Nguyễn Thị Hoa', birthYear: 2017, age: 9, sex: Sex.FEMALE },
      { id: 'p2', fullName: 'Lê Văn Nam', birthYear: 2014, age: 12, sex: Sex.MALE },
    ],
    reporter: reporter(),
    perpetrators: [{ relationToChild: Relation.NEIGHBOUR, description: 'Ông hàng xóm tên Tư' }],
    assignee: { username: 'worker.qn', fullName: 'Phạm Văn Đức', phone: '0203111222', email: 'duc@example.vn' },
    ...over,
  };
}

const sharedReporter = { name: 'Trần Thị Bình', phone: '0912345678', relationToChild: Relation.TEACHER };

describe('givenName', () => {
  const table: [string | null, string | null][] = [
    ['Nguyễn Thị Hoa', 'Hoa'],
    ['  Lê   Văn  Nam  ', 'Nam'],
    ['Nguyễn Ngọc Bảo Anh', 'Anh'],
    ['Hoa', 'Hoa'],
    ['', null],
    ['   ', null],
    [null, null],
  ];
  it.each(table)('%j → %j', (full, given) => expect(givenName(full)).toBe(given));
});

describe('redactCaseForAgency: reporter identity', () => {
  // [label, agency type, reporter, expected reporter view]
  const table: [string, AgencyType, CaseReporterInput | null, AgencyCaseView['reporter']][] = [
    ['police, reporter consented', POLICE, reporter(), sharedReporter],
    ['police, no consent', POLICE, reporter({ consentToShareWithPolice: false }), null],
    ['police, anonymous reporter (consent flag ignored)', POLICE, reporter({ anonymous: true }), null],
    ['police, no reporter', POLICE, null, null],
    ['health, consented', HEALTH, reporter(), null],
    ['health, no consent', HEALTH, reporter({ consentToShareWithPolice: false }), null],
    ['education, consented', EDUCATION, reporter(), null],
    ['social services, consented', SOCIAL_SERVICES, reporter(), null],
    ['justice, consented', JUSTICE, reporter(), null],
    ['local authority, consented', LOCAL_AUTHORITY, reporter(), null],
  ];

  it.each(table)('%s', (_label, agencyType, rep, expected) => {
    const view = redactCaseForAgency(fullCase({ reporter: rep }), agencyType);
    expect(view.reporter).toEqual(expected);
    expect(mayShareReporter(agencyType, rep)).toBe(expected !== null);
  });

  it('keeps the reporter out of the narrative when hidden', () => {
    const view = redactCaseForAgency(fullCase(), HEALTH);
    expect(view.narrative).toBe('Cô [người báo tin] ([người báo tin]) thấy Hoa có vết bầm; em Nam cũng bị đánh.');
    expect(JSON.stringify(view)).not.toContain('Bình');
    expect(JSON.stringify(view).replace(/\D/g, '')).not.toContain('912345678');
  });

  it('keeps the reporter in the narrative for the police with consent', () => {
    expect(redactCaseForAgency(fullCase(), POLICE).narrative).toBe('Cô Trần Thị Bình (0912 345 678) thấy Hoa có vết bầm; em Nam cũng bị đánh.');
  });

  // [label, phone as written in the narrative]
  const phones: [string, string][] = [
    ['plain', 'gọi 0912345678 nhé'],
    ['spaced', 'gọi 0912 345 678 nhé'],
    ['dotted', 'gọi 0912.345.678 nhé'],
    ['+84', 'gọi +84912345678 nhé'],
    ['84 with spaces', 'gọi 84 912 345 678 nhé'],
  ];
  it.each(phones)('hides the reporter phone written %s', (_label, narrative) => {
    expect(redactCaseForAgency(fullCase({ narrative }), SOCIAL_SERVICES).narrative).toBe('gọi [người báo tin] nhé');
  });

  it('matches the reporter name whatever its case', () => {
    expect(redactCaseForAgency(fullCase({ narrative: 'TRẦN THỊ BÌNH gọi' }), HEALTH).narrative).toBe('[người báo tin] gọi');
  });

  it('does not blank out words for a one-word reporter name', () => {
    const view = redactCaseForAgency(fullCase({ reporter: reporter({ name: 'B' }), narrative: 'Bé bị đánh' }), HEALTH);
    expect(view.narrative).toBe('Bé bị đánh');
  });
});

describe('redactCaseForAgency: the child and the case', () => {
  it('shows exactly the allowed fields', () => {
    expect(redactCaseForAgency(fullCase(), HEALTH)).toEqual({
      caseId: 'case-1',
      caseNumber: 'QN-2026-000123',
      riskLevel: RiskLevel.HIGH,
      immediateDanger: true,
      abuseTypes: [AbuseType.SEXUAL_ABUSE, AbuseType.PHYSICAL_VIOLENCE],
      narrative: 'Cô [người báo tin] ([người báo tin]) thấy Hoa có vết bầm; em Nam cũng bị đánh.',
      location: { provinceCode: '22', communeCode: '06652', address: 'Thôn 3' },
      children: [
        { firstName: 'Hoa', age: 9, sex: Sex.FEMALE },
        { firstName: 'Nam', age: 12, sex: Sex.MALE },
      ],
      caseWorker: { name: 'Phạm Văn Đức', phone: '0203111222', email: 'duc@example.vn' },
      reporter: null,
    });
  });

  it.each(Object.values(AgencyType))('never leaks full names, birth years, perpetrators or internal ids to %s', (agencyType) => {
    const json = JSON.stringify(redactCaseForAgency(fullCase(), agencyType));
    for (const secret of ['Nguyễn', 'Thị Hoa', 'Lê Văn', '2017', '2014', 'Tư', 'NEIGHBOUR', 'p1', 'p2', 'worker.qn', 'INTERVENING']) {
      expect({ agencyType, secret, leaked: json.includes(secret) }).toEqual({ agencyType, secret, leaked: false });
    }
  });

  it('reduces the longest full name first', () => {
    const view = redactCaseForAgency(
      fullCase({
        narrative: 'Nguyễn Thị Hoa Mai và Nguyễn Thị Hoa',
        children: [
          { fullName: 'Nguyễn Thị Hoa', birthYear: null, age: 9, sex: Sex.FEMALE },
          { fullName: 'Nguyễn Thị Hoa Mai', birthYear: null, age: 7, sex: Sex.FEMALE },
        ],
      }),
      EDUCATION,
    );
    expect(view.narrative).toBe('Mai và Hoa');
  });

  it('tolerates names spread over several spaces in the narrative', () => {
    expect(redactCaseForAgency(fullCase({ narrative: 'bé Nguyễn  Thị\nHoa khóc' }), HEALTH).narrative).toBe('bé Hoa khóc');
  });

  // [label, child, currentYear, expected age]
  const ages: [string, { birthYear: number | null; age: number | null }, number | undefined, number | null][] = [
    ['age given', { birthYear: 2017, age: 9 }, 2026, 9],
    ['age given wins over birth year', { birthYear: 2010, age: 9 }, 2026, 9],
    ['derived from birth year with the caller year', { birthYear: 2015, age: null }, 2026, 11],
    ['birth year but no caller year', { birthYear: 2015, age: null }, undefined, null],
    ['birth year in the future', { birthYear: 2030, age: null }, 2026, null],
    ['nothing known', { birthYear: null, age: null }, 2026, null],
  ];
  it.each(ages)('age: %s', (_label, known, currentYear, expected) => {
    const view = redactCaseForAgency(fullCase({ children: [{ fullName: 'Đỗ Minh', sex: Sex.UNKNOWN, ...known }] }), SOCIAL_SERVICES, { currentYear });
    expect(view.children).toEqual([{ firstName: 'Minh', age: expected, sex: Sex.UNKNOWN }]);
  });

  it('handles unknown names, no narrative, no assignee', () => {
    const view = redactCaseForAgency(
      fullCase({ narrative: null, assignee: null, children: [{ fullName: null, birthYear: null, age: null, sex: Sex.UNKNOWN }], riskLevel: null }),
      JUSTICE,
    );
    expect(view.narrative).toBeNull();
    expect(view.caseWorker).toBeNull();
    expect(view.riskLevel).toBeNull();
    expect(view.children).toEqual([{ firstName: null, age: null, sex: Sex.UNKNOWN }]);
  });

  it('does not modify the case and returns fresh arrays', () => {
    const input = fullCase();
    const before = JSON.stringify(input);
    const view = redactCaseForAgency(input, POLICE);
    expect(JSON.stringify(input)).toBe(before);
    expect(view.abuseTypes).not.toBe(input.abuseTypes);
    expect(view.location).not.toBe(input.location);
  });
});

describe('redactCaseForAgency: names, phones and self-descriptions in free text (issue 17)', () => {
  const binh = reporter({ name: 'Trần Thị Bình', phone: '0912345678', consentToShareWithPolice: false });
  const mai = { id: 'p1', fullName: 'Nguyễn Thị Mai', birthYear: null, age: 9, sex: Sex.FEMALE };
  const withNarrative = (narrative: string, over: Partial<CaseForAgencyInput> = {}) =>
    fullCase({ narrative, children: [mai], reporter: binh, reporters: [binh], callerPhones: ['0987654321'], ...over });

  it('blanks the review example: one-word reporter name without accents, spaced phone, child typed without accents', () => {
    const view = redactCaseForAgency(withNarrative('Cô giáo Bình (số 0912 345 678) thấy Nguyen Thi Mai khóc; Binh nói cháu sợ về nhà.'), HEALTH);
    expect(view.narrative).toBe('[người báo tin] (số [người báo tin]) thấy Mai khóc; [người báo tin] nói cháu sợ về nhà.');
  });

  // [label, narrative, expected]
  const table: [string, string, string][] = [
    ['full name, exact', 'Trần Thị Bình gọi', '[người báo tin] gọi'],
    ['full name, no accents, upper case', 'TRAN THI BINH goi', '[người báo tin] goi'],
    ['given name alone', 'bà Bình kể lại', 'bà [người báo tin] kể lại'],
    ['given name, no accents, lower case', 'binh ke lai', '[người báo tin] ke lai'],
    ['family name alone', 'cô Trần kể', 'cô [người báo tin] kể'],
    ['middle-name marker alone is an ordinary word', 'thì cháu khóc', 'thì cháu khóc'],
    ['decomposed (NFD) input', 'Bi\u0300nh nói'.normalize('NFD'), '[người báo tin] nói'],
    ['child full name with accents', 'bé Nguyễn Thị Mai khóc', 'bé Mai khóc'],
    ['child full name without accents', 'be nguyen thi mai khoc', 'be mai khoc'],
    ['child family name alone, capitalised', 'nhà Nguyễn ở cuối ngõ', 'nhà ở cuối ngõ'],
    ['child family and middle names without the given name', 'chị Nguyễn Thị Lan là mẹ', 'chị Lan là mẹ'],
    ['caller phone, dotted', 'gọi lại số 0987.654.321', 'gọi lại số [người báo tin]'],
    ['caller phone, dashes and +84', 'gọi +84-987-654-321', 'gọi [người báo tin]'],
    ['caller phone, brackets and (0)', 'gọi (+84) (0) 987 654 321', 'gọi [người báo tin]'],
    ['reporter phone without its trunk 0', 'gọi 912 345 678', 'gọi [người báo tin]'],
    ['an unknown mobile number', 'số của bố 0903 111 222', 'số của bố [số điện thoại]'],
    ['an unknown landline', 'gọi 0203 3825 111', 'gọi [số điện thoại]'],
    ['two numbers next to each other', '0912345678 0903111222', '[người báo tin] [số điện thoại]'],
    ['dates and case numbers are not phones', 'ngày 12.03.2026, hồ sơ 22-2026-000123', 'ngày 12.03.2026, hồ sơ 22-2026-000123'],
    ['"tôi là" describes the reporter', 'Tôi là hàng xóm nhà bên, thấy cháu khóc', 'Tôi là [người báo tin], thấy cháu khóc'],
    ['relation words in a sentence where the reporter speaks', 'Là giáo viên chủ nhiệm, tôi thấy cháu có vết bầm.', 'Là [đã ẩn], tôi thấy cháu có vết bầm.'],
    ['a role the reporter speaks of is hidden without naming it the reporter', 'Tôi đã báo công an xã.', 'Tôi đã báo [đã ẩn] xã.'],
    ['relation words without diacritics', 'toi la hang xom', 'toi la [người báo tin]'],
    ['"người gọi điện là" read as a whole', 'Người gọi điện là bảo mẫu, nói cháu sợ.', 'Người gọi điện là [người báo tin], nói cháu sợ.'],
    ['"người báo tin" speaks of the reporter', 'Người gọi là cô giáo của cháu.', 'Người gọi là [người báo tin].'],
    ['a relation in a sentence without the reporter stays', 'Hàng xóm nghe tiếng khóc. Tôi gọi 111.', 'Hàng xóm nghe tiếng khóc. Tôi gọi 111.'],
  ];
  it.each(table)('%s', (_label, narrative, expected) => {
    expect(redactCaseForAgency(withNarrative(narrative), EDUCATION).narrative).toBe(expected);
  });

  it("blanks an anonymous reporter's self-description and the caller phone, for every agency including the police", () => {
    for (const agencyType of Object.values(AgencyType)) {
      const view = redactCaseForAgency(withNarrative('Tôi là hàng xóm sát vách, số tôi 0987 654 321.', { reporter: null, reporters: [], anonymousReport: true }), agencyType);
      expect({ agencyType, narrative: view.narrative }).toEqual({ agencyType, narrative: 'Tôi là [người báo tin], số tôi [người báo tin].' });
    }
  });

  it('shows the police the consenting reporter, but not another reporter or the caller phone', () => {
    const other = reporter({ name: 'Lý Văn Khoa', phone: '0903222333', consentToShareWithPolice: false });
    const consenting = reporter({ consentToShareWithPolice: true });
    const view = redactCaseForAgency(
      withNarrative('Cô Bình (0912345678) và ông Khoa (0903 222 333) gọi từ 0987654321.', { reporter: consenting, reporters: [consenting, other] }),
      POLICE,
    );
    expect(view.narrative).toBe('Cô Bình (0912345678) và ông [người báo tin] ([người báo tin]) gọi từ [người báo tin].');
    expect(view.reporter).toEqual(sharedReporter);
  });

  it('redacts the address like the narrative', () => {
    const view = redactCaseForAgency(withNarrative('', { location: { provinceCode: '22', communeCode: '06652', address: 'nhà cô Bình, gọi 0912345678' } }), HEALTH);
    expect(view.location.address).toBe('nhà cô [người báo tin], gọi [người báo tin]');
  });

  it("never lets a hidden reporter's name or any phone of the case through, whatever the agency (not police with consent)", () => {
    const narrative = 'Cô giáo Bình (số 0912 345 678) thấy Nguyen Thi Mai khóc; Binh nói… Gọi lại 0987-654-321. TRẦN THỊ BÌNH, tôi là cô giáo của cháu.';
    for (const agencyType of Object.values(AgencyType)) {
      const json = JSON.stringify(redactCaseForAgency(withNarrative(narrative), agencyType));
      const folded = foldVietnamese(json);
      expect({ agencyType, leaks: ['binh', 'tran', 'nguyen', 'co giao'].filter((w) => folded.includes(w)) }).toEqual({ agencyType, leaks: [] });
      expect(json.replace(/\D/g, '')).not.toMatch(/912345678|987654321/);
    }
  });
});

describe('explanationForAgencyInbox', () => {
  const table: [string, boolean, string][] = [
    ['Rule 1 (sexual abuse): POLICE', true, 'Rule 1 (sexual abuse): POLICE'],
    ['HEALTH referred by hand by worker.qn: cô Bình nhờ khám', false, 'HEALTH referred by hand by worker.qn'],
    ['no reason', false, 'no reason'],
  ];
  it.each(table)('%j (routed %j) → %j', (explanation, routed, expected) => expect(explanationForAgencyInbox(explanation, routed)).toBe(expected));
});
