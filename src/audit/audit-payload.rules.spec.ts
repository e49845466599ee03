import { auditPayload, isCodeLike, WITHHELD_TEXT, withholdFreeText } from './audit-payload.rules';

describe('isCodeLike', () => {
  // [value, is a code]
  const table: [string, boolean][] = [
    ['3f1c2a9e-5b7d-4c1e-9a2b-0c4d5e6f7a8b', true],
    ['2026-11-22T08:00:00.000Z', true],
    ['2026-11-22T08:00:00+07:00', true],
    ['2026-11-22', true],
    ['SEXUAL_ABUSE', true],
    ['CLOSED', true],
    ['22', true],
    ['06652', true],
    ['22-2026-000123', true],
    ['VN-2026-000123', true],
    ['PT12H', true],
    ['P5D', true],
    ['name', true],
    ['csv', true],
    ['0912345678', false],
    ['Cô giáo Bình thấy cháu khóc', false],
    ['Nguyễn Thị Mai', false],
    ['mai', false],
    ['Tổ 5, khu 3', false],
    ['OK then', false],
    ['', false],
  ];
  it.each(table)('%j → %j', (value, expected) => expect(isCodeLike(value)).toBe(expected));
});

describe('auditPayload', () => {
  const payload = {
    caseId: '3f1c2a9e-5b7d-4c1e-9a2b-0c4d5e6f7a8b',
    status: 'DECLINED',
    version: 3,
    reporterShared: false,
    reason: 'Cháu Mai đã chuyển đến nhà bà ngoại',
    outcome: { code: 'EXAMINED', note: 'Khám tại bệnh viện tỉnh' },
    pastDue: [{ key: 'REFERRAL_ACKNOWLEDGE', dueAt: '2026-11-22T08:00:00.000Z', escalationLevel: 1 }],
    tags: ['NEGLECT', 'sống với bà'],
    closedAt: null,
  };

  it.each(['CASE', 'REPORT', 'CALL', 'REFERRAL', 'DEADLINE', 'PERSON'])('withholds free text of %s rows, keeping ids, codes, numbers and times', (subject) => {
    expect(auditPayload(subject, payload)).toEqual({
      ...payload,
      reason: WITHHELD_TEXT,
      outcome: { code: 'EXAMINED', note: WITHHELD_TEXT },
      tags: ['NEGLECT', WITHHELD_TEXT],
    });
  });

  it.each(['USER', 'AGENCY', 'ROUTING_RULE', 'DEADLINE_POLICY'])('leaves %s rows (administration, not case content) as they are', (subject) => {
    expect(auditPayload(subject, payload)).toBe(payload);
  });

  it('treats a missing payload as none', () => {
    expect(auditPayload('CASE', null)).toBeNull();
    expect(auditPayload('CASE', undefined)).toBeNull();
  });

  it('does not modify its input', () => {
    const input = { note: 'ghi chú' };
    withholdFreeText(input);
    expect(input).toEqual({ note: 'ghi chú' });
  });
});
