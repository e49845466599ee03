import { ConsentGiver } from './enums';

/**
 * Whose consent a disclosure of a child's private information needs (Law on Children art. 6; Law 91/2025):
 * always the legal representative's, and the child's own from the age of 7. An unknown age counts as 7 or more:
 * asking one consent too many is the safe error.
 */
export const CHILD_CONSENT_AGE = 7;

export interface ConsentFact {
  disclosure: string;
  givenBy: string;
  givenAt: Date;
  withdrawnAt: Date | null;
}

export function consentsNeeded(childAge: number | null): ConsentGiver[] {
  return childAge !== null && childAge < CHILD_CONSENT_AGE ? [ConsentGiver.LEGAL_REPRESENTATIVE] : [ConsentGiver.LEGAL_REPRESENTATIVE, ConsentGiver.CHILD];
}

export function isActive(consent: ConsentFact, now: Date): boolean {
  return consent.givenAt.getTime() <= now.getTime() && (!consent.withdrawnAt || consent.withdrawnAt.getTime() > now.getTime());
}

/** The consents still missing for this disclosure (empty: it may go ahead). */
export function missingConsents(childAge: number | null, disclosure: string, consents: ConsentFact[], now: Date): ConsentGiver[] {
  return consentsNeeded(childAge).filter((giver) => !consents.some((c) => c.disclosure === disclosure && String(c.givenBy) === String(giver) && isActive(c, now)));
}

/** Age in whole years from a birth year, as the case records it (the year only). */
export function ageFromBirthYear(birthYear: number | null, currentYear: number): number | null {
  return birthYear === null ? null : Math.max(0, currentYear - birthYear);
}
