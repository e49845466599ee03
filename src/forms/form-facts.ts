/**
 * What a case holds that the official forms print, read once by FormsService. Enum values stay codes here;
 * the layouts turn them into the Vietnamese of the forms.
 */
export interface FormPerson {
  fullName: string | null;
  description: string | null;
  sex: string | null;
  birthYear: number | null;
  ethnicity: string | null;
  inSchool: boolean | null;
  circumstances: string[];
  relationToChild: string | null;
  phone: string | null;
}

export interface FormReport {
  channel: string;
  receivedAt: Date;
  narrative: string | null;
  setting: string;
  abuseTypes: string[];
  address: string | null;
  immediateDanger: boolean;
  reporterAnonymous: boolean;
}

export interface FormAssessment {
  riskLevel: string;
  founded: boolean;
  summary: string | null;
  factorsChecked: string[];
  childSafeNow: boolean | null;
  personsMet: string[];
  protectionLevel: string | null;
  assessedAt: Date;
  assessedBy: string | null;
}

export interface FormPlan {
  versionNumber: number;
  status: string;
  goals: string[];
  items: { service: string; measureType: string | null; responsibleAgencyType: string | null; responsiblePerson: string | null; dueDate: string }[];
  submittedAt: Date;
  submittedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
}

export interface FormReview {
  summary: string;
  items: { index: number; done: boolean; note?: string }[];
  nextRound: boolean;
  reviewedAt: Date;
  reviewedBy: string | null;
}

export interface FormMeasure {
  measureType: string;
  description: string;
  takenAt: Date;
}

export interface FormSeparation {
  decidedBy: string;
  decisionNumber: string | null;
  decidedAt: Date;
  startsAt: Date;
  endsAt: Date;
  placement: string;
  reason: string;
  separatedFrom: string | null;
  endedAt: Date | null;
}

export interface FormFacts {
  caseNumber: string;
  openedAt: Date;
  /** When the form is printed: the date line of a form with no date of its own. */
  printedAt: Date;
  provinceName: string | null;
  communeName: string | null;
  address: string | null;
  riskLevel: string;
  immediateDanger: boolean;
  abuseTypes: string[];
  /** The commune child-protection officer holding the case. */
  worker: { fullName: string; username: string } | null;
  children: FormPerson[];
  reporters: FormPerson[];
  perpetrators: FormPerson[];
  /** Oldest first: the first is the information that opened the case. */
  reports: FormReport[];
  /** Newest first. */
  assessments: FormAssessment[];
  plan: FormPlan | null;
  /** Newest first. */
  reviews: FormReview[];
  /** Newest first. */
  measures: FormMeasure[];
  /** Newest first. */
  separations: FormSeparation[];
}
