import { RiskLevel } from '../cases/enums';
import { AbuseType, Relation, Sex } from '../intake/enums';
import { AgencyType } from './enums';

/**
 * What a receiving agency sees of a case (product.md §5): the child's given name, age and sex, the
 * location, abuse types, risk, the narrative, and the case worker's contact. The reporter's identity only
 * reaches the police, and only when the reporter consented to that.
 *
 * Built by whitelist: fields added to the case later stay hidden until someone decides to show them
 * (Law on Children on the child's privacy; Decree 13/2023, minimum necessary access).
 * Pure: no framework, no I/O, no clock.
 */

// ---------------------------------------------------------------------------------------------------------
// Input: the full case as the case side holds it

export interface CaseChildInput {
  id?: string;
  fullName: string | null;
  birthYear: number | null;
  age: number | null;
  sex: Sex;
}

export interface CaseReporterInput {
  anonymous?: boolean;
  name: string | null;
  phone: string | null;
  relationToChild: Relation | null;
  consentToShareWithPolice: boolean;
}

export interface CasePerpetratorInput {
  relationToChild: Relation | null;
  description: string | null;
}

export interface CaseAssigneeInput {
  username?: string;
  fullName: string | null;
  phone: string | null;
  email: string | null;
}

export interface CaseLocationInput {
  provinceCode: string | null;
  communeCode: string | null;
  address: string | null;
}

export interface CaseForAgencyInput {
  id: string;
  caseNumber: string;
  status?: string;
  riskLevel: RiskLevel | null;
  immediateDanger: boolean;
  abuseTypes: AbuseType[];
  narrative: string | null;
  location: CaseLocationInput;
  children: CaseChildInput[];
  reporter: CaseReporterInput | null;
  perpetrators?: CasePerpetratorInput[];
  assignee: CaseAssigneeInput | null;
}

export interface RedactionOptions {
  /** Calendar year "now", from the caller's clock: lets an age be derived from a birth year alone. */
  currentYear?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Output: the agency's view

export interface AgencyChildView {
  /** Given name only; null when the full name is unknown. */
  firstName: string | null;
  age: number | null;
  sex: Sex;
}

export interface AgencyReporterView {
  name: string | null;
  phone: string | null;
  relationToChild: Relation | null;
}

export interface AgencyCaseWorkerView {
  name: string | null;
  phone: string | null;
  email: string | null;
}

export interface AgencyCaseView {
  caseId: string;
  caseNumber: string;
  riskLevel: RiskLevel | null;
  immediateDanger: boolean;
  abuseTypes: AbuseType[];
  narrative: string | null;
  location: CaseLocationInput;
  children: AgencyChildView[];
  caseWorker: AgencyCaseWorkerView | null;
  /** Present only for the police when the reporter consented; null otherwise. */
  reporter: AgencyReporterView | null;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

/** The given name: in Vietnamese order (family, middle, given) it is the last word of the full name. */
export function givenName(fullName: string | null | undefined): string | null {
  if (!fullName) return null;
  const words = fullName.trim().split(/\s+/u);
  const last = words[words.length - 1];
  return last ? last : null;
}

/** Whether this agency may learn who reported. */
export function mayShareReporter(agencyType: AgencyType, reporter: CaseReporterInput | null): boolean {
  return agencyType === AgencyType.POLICE && !!reporter && !reporter.anonymous && reporter.consentToShareWithPolice === true;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches a Vietnamese phone number whatever the spacing, and with +84 / 84 instead of the leading 0. */
function phonePattern(phone: string): RegExp | null {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 6) return null;
  const national = digits.startsWith('84') && digits.length > 10 ? digits.slice(2) : digits.replace(/^0/, '');
  const body = national.split('').join('[\\s.\\-]*');
  return new RegExp(`(?:\\+?84|0)?[\\s.\\-]*${body}`, 'g');
}

const REPORTER_PLACEHOLDER = '[người báo tin]';

/**
 * Narratives are typed by operators and often name the people involved. Whoever is hidden from the
 * agency in the structured fields is hidden in the free text too: the reporter's name and phone when
 * not shared, and children's full names reduced to their given names.
 */
function redactNarrative(narrative: string | null, c: CaseForAgencyInput, hideReporter: boolean): string | null {
  if (narrative === null || narrative === undefined) return null;
  let text = narrative;

  if (hideReporter && c.reporter) {
    const name = c.reporter.name?.trim();
    // A single short word (e.g. "B") would also erase unrelated words; only multi-word names are safe to replace.
    if (name && /\s/.test(name)) text = text.replace(new RegExp(escapeRegExp(name), 'giu'), REPORTER_PLACEHOLDER);
    const phone = c.reporter.phone ? phonePattern(c.reporter.phone) : null;
    if (phone) text = text.replace(phone, REPORTER_PLACEHOLDER);
  }

  // Longest names first, so that "Nguyễn Thị Hoa Mai" is not half-replaced by "Nguyễn Thị Hoa".
  const children = [...c.children].filter((ch) => ch.fullName && /\s/.test(ch.fullName.trim()));
  children.sort((a, b) => b.fullName!.trim().length - a.fullName!.trim().length);
  for (const child of children) {
    const full = child.fullName!.trim().replace(/\s+/gu, ' ');
    const pattern = new RegExp(full.split(' ').map(escapeRegExp).join('\\s+'), 'giu');
    text = text.replace(pattern, givenName(full)!);
  }
  return text;
}

function childAge(child: CaseChildInput, currentYear: number | undefined): number | null {
  if (child.age !== null && child.age !== undefined) return child.age;
  // Approximate (±1 year); better than nothing for an agency deciding how to approach the child.
  if (child.birthYear !== null && child.birthYear !== undefined && currentYear !== undefined && currentYear >= child.birthYear) {
    return currentYear - child.birthYear;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Redaction

/** The case as the receiving agency of `agencyType` may see it. */
export function redactCaseForAgency(caseView: CaseForAgencyInput, agencyType: AgencyType, options: RedactionOptions = {}): AgencyCaseView {
  const shareReporter = mayShareReporter(agencyType, caseView.reporter);
  const reporter = caseView.reporter;

  return {
    caseId: caseView.id,
    caseNumber: caseView.caseNumber,
    riskLevel: caseView.riskLevel,
    immediateDanger: caseView.immediateDanger,
    abuseTypes: [...caseView.abuseTypes],
    narrative: redactNarrative(caseView.narrative, caseView, !shareReporter),
    // The address is kept: the agency has to reach the child.
    location: {
      provinceCode: caseView.location?.provinceCode ?? null,
      communeCode: caseView.location?.communeCode ?? null,
      address: caseView.location?.address ?? null,
    },
    // Birth year is withheld: with the given name and commune it would single the child out.
    children: caseView.children.map((child) => ({
      firstName: givenName(child.fullName),
      age: childAge(child, options.currentYear),
      sex: child.sex,
    })),
    caseWorker: caseView.assignee
      ? { name: caseView.assignee.fullName, phone: caseView.assignee.phone, email: caseView.assignee.email }
      : null,
    reporter:
      shareReporter && reporter ? { name: reporter.name, phone: reporter.phone, relationToChild: reporter.relationToChild } : null,
  };
}
