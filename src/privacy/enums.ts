/** Disclosures of a child's data outside the handling of the case, which need consent unless a law requires them. */
export enum Disclosure {
  SCHOOL = 'SCHOOL',
  HEALTH_SERVICE = 'HEALTH_SERVICE',
  SUPPORT_ORGANISATION = 'SUPPORT_ORGANISATION',
  MEDIA = 'MEDIA',
  RESEARCH = 'RESEARCH',
}

export enum ConsentGiver {
  CHILD = 'CHILD',
  LEGAL_REPRESENTATIVE = 'LEGAL_REPRESENTATIVE',
}

/** Laws that require a disclosure, so consent is not asked (Law 91/2025: processing a law requires). */
export enum LawRequiringDisclosure {
  CHILD_PROTECTION = 'CHILD_PROTECTION',
  CRIMINAL_PROCEEDINGS = 'CRIMINAL_PROCEEDINGS',
}
