import { ageFromBirthYear, consentsNeeded, missingConsents } from './consent.rules';

const now = new Date('2026-11-22T08:00:00Z');
const at = (iso: string) => new Date(iso);
const consent = (givenBy: string, extra: Partial<{ disclosure: string; givenAt: Date; withdrawnAt: Date | null }> = {}) => ({
  disclosure: 'SCHOOL',
  givenBy,
  givenAt: at('2026-11-01T00:00:00Z'),
  withdrawnAt: null,
  ...extra,
});

describe("consent to disclose a child's data", () => {
  it.each([
    [3, ['LEGAL_REPRESENTATIVE']],
    [6, ['LEGAL_REPRESENTATIVE']],
    [7, ['LEGAL_REPRESENTATIVE', 'CHILD']],
    [15, ['LEGAL_REPRESENTATIVE', 'CHILD']],
    [null, ['LEGAL_REPRESENTATIVE', 'CHILD']],
  ])('a child aged %p needs the consent of %p', (age, needed) => {
    expect(consentsNeeded(age)).toEqual(needed);
  });

  it('counts only consents to this disclosure, given and not withdrawn', () => {
    expect(missingConsents(9, 'SCHOOL', [consent('LEGAL_REPRESENTATIVE'), consent('CHILD')], now)).toEqual([]);
    expect(missingConsents(9, 'SCHOOL', [consent('LEGAL_REPRESENTATIVE')], now)).toEqual(['CHILD']);
    expect(missingConsents(9, 'MEDIA', [consent('LEGAL_REPRESENTATIVE'), consent('CHILD')], now)).toEqual(['LEGAL_REPRESENTATIVE', 'CHILD']);
    expect(missingConsents(9, 'SCHOOL', [consent('LEGAL_REPRESENTATIVE'), consent('CHILD', { withdrawnAt: at('2026-11-20T00:00:00Z') })], now)).toEqual(['CHILD']);
    expect(missingConsents(5, 'SCHOOL', [consent('LEGAL_REPRESENTATIVE', { givenAt: at('2026-12-01T00:00:00Z') })], now)).toEqual(['LEGAL_REPRESENTATIVE']);
  });

  it('takes the age from the birth year', () => {
    expect(ageFromBirthYear(2019, 2026)).toBe(7);
    expect(ageFromBirthYear(null, 2026)).toBeNull();
  });
});
