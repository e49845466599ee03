import { DeadlineKey } from '../deadlines/enums';
import { localize, messages } from './notification-messages';

describe('notification messages', () => {
  const facts = { key: DeadlineKey.CASE_ASSESSMENT, caseNumber: '22-2026-000123', dueAt: new Date('2026-11-22T07:00:00Z'), level: 1 };

  it('speak the recipient’s language, Vietnamese unless the user chose English', () => {
    const { title } = messages.deadlineEscalated(facts);
    expect(localize(title, 'vi')).toBe('Báo cáo vượt cấp (mức 1): quá hạn xác minh, đánh giá nguy cơ ban đầu — hồ sơ 22-2026-000123');
    expect(localize(title, null)).toBe(localize(title, 'vi'));
    expect(localize(title, 'en')).toBe('Escalation (level 1): verification and initial risk assessment overdue — case 22-2026-000123');
    expect(localize('plain text', 'en')).toBe('plain text');
  });

  it('give due times in Vietnamese time', () => {
    expect(localize(messages.deadlineOverdue(facts).body, 'vi')).toContain('14:00 22/11/2026 (giờ Việt Nam)');
  });

  it('name agencies by type in each language, and fall back to the code for an unknown type', () => {
    expect(localize(messages.routingNoAgency({ caseNumber: 'X', agencyType: 'HEALTH' }).title, 'vi')).toContain('cơ quan y tế');
    expect(localize(messages.referralDeclined({ caseNumber: 'X', agencyType: 'POLICE', reason: 'r' }).title, 'en')).toContain('police agency');
    expect(localize(messages.referralCompleted({ caseNumber: 'X', agencyType: 'ARMY', outcomeCode: 'DONE' }).title, 'en')).toContain('ARMY');
  });

  it('have a title and body for every deadline key in both languages', () => {
    for (const key of Object.values(DeadlineKey)) {
      for (const make of [messages.deadlineOverdue, messages.deadlineEscalated]) {
        const m = make({ ...facts, key });
        for (const locale of ['vi', 'en']) {
          expect(localize(m.title, locale)).not.toContain('undefined');
          expect(localize(m.body, locale)).not.toContain(key);
        }
      }
    }
  });
});
