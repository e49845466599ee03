import { RiskLevel } from '../cases/enums';
import { AbuseType, Relation, Sex } from '../intake/enums';
import { AgencyCaseView, CaseForAgencyInput, CaseReporterInput, givenName, mayShareReporter, redactCaseForAgency } from './agency-view.rules';
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
