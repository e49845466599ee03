import { RiskLevel } from '../cases/enums';
import { AbuseType, Relation, Sex } from '../intake/enums';
import { foldVietnamese, isPersonalPhone, nameTokens, normalisePhone } from '../intake/normalise.rules';
import { AgencyType } from './enums';

/**
 * What a receiving agency sees of a case (product.md §5): the child's given name, age and sex, the
 * location, abuse types, risk, the narrative, and the case worker's contact. The reporter's identity only
 * reaches the police, and only when the reporter consented to that.
 *
 * Built by whitelist: fields added to the case later stay hidden until someone decides to show them
 * (Law on Children art. 6 on the child's privacy; Personal Data Protection Law 91/2025, minimum necessary access).
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
  /** Every reporter of the case; `reporter` is the one the police may be shown. */
  reporters?: CaseReporterInput[];
  /** Numbers the hotline calls of the case came from: they identify a reporter as much as a name. */
  callerPhones?: string[];
  /** Whether any report of the case was made anonymously. */
  anonymousReport?: boolean;
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

// ---------------------------------------------------------------------------------------------------------
// Free text
//
// Narratives and reasons are typed by operators, workers and the public and often name the people involved.
// Whoever is hidden from the agency in the structured fields is hidden in the free text too. Matching is by
// word with diacritics and case folded, since operators type names with and without accents; where a match is
// uncertain the word is blanked: a false blank costs a question to the case worker, a leak can cost a
// reporter's safety.

// The narrative is Vietnamese text, so the marks that replace what is hidden are Vietnamese too.
const REPORTER_PLACEHOLDER = '[người báo tin]';
const PHONE_PLACEHOLDER = '[số điện thoại]';
/** A word that may describe the reporter, or someone else ("tôi đã báo công an"): hidden without saying whom. */
const HIDDEN_PLACEHOLDER = '[đã ẩn]';

/** Middle-name markers: on their own they are ordinary words ("thì", "vẫn"), not part of a name. */
const WEAK_NAME_TOKENS = new Set(['thi', 'van']);

/** Words by which a reporter speaks of themself ("tôi là hàng xóm"), or the narrative speaks of the reporter. */
const SELF_WORDS = ['tôi', 'tui', 'tao', 'tớ', 'mình', 'người báo tin', 'người báo', 'người gọi', 'người gọi điện'];

/** How a reporter describes themself: relations and roles that, with the place, point to one person. */
const RELATION_WORDS = [
  'hàng xóm',
  'cô giáo',
  'thầy giáo',
  'giáo viên',
  'cô chủ nhiệm',
  'thầy chủ nhiệm',
  'chủ nhiệm',
  'hiệu trưởng',
  'hiệu phó',
  'bảo mẫu',
  'bác sĩ',
  'y tá',
  'điều dưỡng',
  'trưởng thôn',
  'trưởng xóm',
  'trưởng bản',
  'tổ trưởng',
  'công an',
  'chủ nhà',
  'người thuê nhà',
  'bạn học',
  'bạn cùng lớp',
  'người thân',
  'họ hàng',
  'ông nội',
  'bà nội',
  'ông ngoại',
  'bà ngoại',
  'đồng nghiệp',
  'chủ quán',
  'người quen',
  'cán bộ',
];

interface Token {
  start: number;
  end: number;
  text: string;
  folded: string;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

function tokenize(text: string): Token[] {
  return [...text.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0], folded: foldVietnamese(m[0]) }));
}

/** Consecutive tokens separated by spaces (or a hyphen) only: one name as typed. */
function adjacent(text: string, a: Token, b: Token): boolean {
  return /^[\s-]+$/u.test(text.slice(a.end, b.start));
}

/** Replaces spans (non-overlapping, any order) of `text`. */
function replaceSpans(text: string, spans: { start: number; end: number; by: string }[]): string {
  let out = text;
  for (const s of [...spans].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.by + out.slice(s.end);
  return out;
}

/** Runs of adjacent tokens that each satisfy `inName`. */
function runs(text: string, tokens: Token[], inName: (t: Token) => boolean): Token[][] {
  const found: Token[][] = [];
  let current: Token[] = [];
  for (const t of tokens) {
    if (inName(t) && (current.length === 0 || adjacent(text, current[current.length - 1], t))) current.push(t);
    else {
      if (current.length > 0) found.push(current);
      current = inName(t) ? [t] : [];
    }
  }
  if (current.length > 0) found.push(current);
  return found;
}

/** A phrase typed with its diacritics or wholly without them, in any case ("bà nội", "ba noi"; not "bà nói"). */
function phraseAt(tokens: Token[], i: number, phrase: string[]): boolean {
  return phrase.every((word, k) => {
    const t = tokens[i + k];
    if (!t) return false;
    const lower = t.text.normalize('NFC').toLowerCase();
    return lower === word || (lower === t.folded && t.folded === foldVietnamese(word));
  });
}

// Longest first, so "người gọi điện là …" is read as a whole and not as "người gọi" + "điện".
const byLength = (a: string[], b: string[]) => b.length - a.length;
const SELF_PHRASES = SELF_WORDS.map((w) => w.split(' ')).sort(byLength);
const RELATION_PHRASES = RELATION_WORDS.map((w) => w.split(' ')).sort(byLength);

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/**
 * Children's full names become their given names, however typed. Exact full names first (longest first, so
 * "Nguyễn Thị Hoa Mai" is not read as "Nguyễn Thị Hoa" + "Mai"); then any other run of the children's name
 * words keeps only given names: a family or middle name alone is dropped when it reads as a name (a run of
 * several words, or one capitalised word), since it would narrow the child down.
 */
function reduceChildNames(text: string, children: CaseChildInput[]): string {
  const names = children
    .map((c) => nameTokens(c.fullName ?? ''))
    .filter((words) => words.length >= 2)
    .sort((a, b) => b.length - a.length);
  if (names.length === 0) return text;
  let out = text;
  for (const words of names) {
    const tokens = tokenize(out);
    const spans: { start: number; end: number; by: string }[] = [];
    for (let i = 0; i + words.length <= tokens.length; i++) {
      const seq = tokens.slice(i, i + words.length);
      if (seq.every((t, k) => t.folded === words[k] && (k === 0 || adjacent(out, seq[k - 1], t)))) {
        spans.push({ start: seq[0].start, end: seq[seq.length - 1].end, by: seq[seq.length - 1].text });
        i += words.length - 1;
      }
    }
    out = replaceSpans(out, spans);
  }
  const given = new Set(names.map((w) => w[w.length - 1]));
  const other = new Set(names.flatMap((w) => w.slice(0, -1)).filter((w) => !given.has(w)));
  const tokens = tokenize(out);
  const spans: { start: number; end: number; by: string }[] = [];
  for (const run of runs(out, tokens, (t) => other.has(t.folded) || given.has(t.folded))) {
    const dropped = run.filter((t) => !given.has(t.folded));
    if (dropped.length === 0) continue;
    const strong = dropped.some((t) => !WEAK_NAME_TOKENS.has(t.folded));
    const readsAsName = run.length > 1 || isUpper(run[0].text[0]);
    if (!strong || !readsAsName) continue;
    const kept = run.filter((t) => given.has(t.folded)).map((t) => t.text);
    let end = run[run.length - 1].end;
    // Dropping a whole run takes its following space with it, so no double space is left behind.
    if (kept.length === 0) end += /^\s*/u.exec(out.slice(end))![0].length;
    spans.push({ start: run[0].start, end, by: kept.join(' ') });
  }
  return replaceSpans(out, spans);
}

/** Every word of a hidden reporter's name (one-word names too), with or without diacritics, in any case. */
function blankReporterNames(text: string, names: string[]): string {
  const words = new Set(names.flatMap((n) => nameTokens(n)));
  if (words.size === 0) return text;
  const spans = runs(text, tokenize(text), (t) => words.has(t.folded))
    .filter((run) => run.some((t) => !WEAK_NAME_TOKENS.has(t.folded)))
    .map((run) => ({ start: run[0].start, end: run[run.length - 1].end, by: REPORTER_PLACEHOLDER }));
  return replaceSpans(text, spans);
}

/**
 * How the reporter describes themself. In a sentence where the reporter speaks ("tôi", "mình", "người báo
 * tin"…): what follows "tôi là" up to the next comma, and every relation or role word ("hàng xóm", "cô giáo").
 * Anywhere: a relation word just before the reporter's blanked name ("Cô giáo [người báo tin]").
 */
function blankSelfDescriptions(text: string): string {
  const tokens = tokenize(text);
  const spans: { start: number; end: number; by: string }[] = [];
  const taken = (start: number, end: number) => spans.some((s) => start < s.end && s.start < end);
  const sentenceOf = (i: number) => {
    let from = i;
    while (from > 0 && !/[.!?;\n]/u.test(text.slice(tokens[from - 1].end, tokens[from].start))) from--;
    let to = i;
    while (to + 1 < tokens.length && !/[.!?;\n]/u.test(text.slice(tokens[to].end, tokens[to + 1].start))) to++;
    return [from, to] as const;
  };
  const selfSentences = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const self = SELF_PHRASES.find((p) => phraseAt(tokens, i, p));
    if (!self) continue;
    const [from, to] = sentenceOf(i);
    for (let k = from; k <= to; k++) selfSentences.add(k);
    // "tôi là …": the rest of the clause is who they are.
    const after = i + self.length;
    if (phraseAt(tokens, after, ['là']) && after + 1 <= to) {
      let last = after + 1;
      while (last + 1 <= to && !/,/u.test(text.slice(tokens[last].end, tokens[last + 1].start))) last++;
      if (!taken(tokens[after + 1].start, tokens[last].end)) spans.push({ start: tokens[after + 1].start, end: tokens[last].end, by: REPORTER_PLACEHOLDER });
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    const relation = RELATION_PHRASES.find((p) => phraseAt(tokens, i, p));
    if (!relation) continue;
    const end = tokens[i + relation.length - 1].end;
    const beforeReporter = text.slice(end).startsWith(` ${REPORTER_PLACEHOLDER}`);
    if ((selfSentences.has(i) || beforeReporter) && !taken(tokens[i].start, end)) {
      spans.push({ start: tokens[i].start, end, by: beforeReporter ? REPORTER_PLACEHOLDER : HIDDEN_PLACEHOLDER });
    }
  }
  // "Cô giáo [người báo tin]" would read "[người báo tin] [người báo tin]": one mark is enough.
  return replaceSpans(text, spans).replace(ADJACENT_MARKS, (run) => (run.includes(REPORTER_PLACEHOLDER) ? REPORTER_PLACEHOLDER : HIDDEN_PLACEHOLDER));
}

const ADJACENT_MARKS = /\[(?:người báo tin|đã ẩn)\](?:[\s-]+\[(?:người báo tin|đã ẩn)\])+/gu;

/** A known phone whatever the spacing, dots, dashes or brackets, with +84 / 0084 / 84 / (0) or 0 in front. */
function knownPhonePattern(phone: string): RegExp | null {
  const national = normalisePhone(phone);
  if (!national || !isPersonalPhone(national)) return null;
  const body = national.slice(1).split('').join('[\\s.\\-()/]*');
  return new RegExp(`(?<![\\p{N}])(?:[\\s(]*(?:\\+|00)?[\\s(]*84[\\s)]*(?:\\(0\\))?|0)?[\\s.\\-()/]*${body}(?![\\p{N}])`, 'gu');
}

/** Anything that reads as a Vietnamese personal phone number. */
const ANY_PHONE = /(?<![\p{N}+])(?:\+\s?84|0084|84|0)(?:[\s.\-()/]{0,2}\d){8,10}(?![\p{N}])/gu;

export interface FreeTextRedaction {
  /** Children whose full names are reduced to given names. */
  children: CaseChildInput[];
  /** Names of reporters the agency may not know. */
  hiddenNames: string[];
  /** Phones the agency may not know: callers and hidden reporters. */
  hiddenPhones: string[];
  /** Phones the agency may know (a consenting reporter's, for the police). */
  sharedPhones: string[];
  /** Whether a reporter's description of themself must go too. */
  hideSelfDescriptions: boolean;
}

/** What of the case's free text the agency of `agencyType` may not read. */
export function freeTextRedaction(c: CaseForAgencyInput, agencyType: AgencyType): FreeTextRedaction {
  const shared = mayShareReporter(agencyType, c.reporter) ? c.reporter : null;
  const reporters = [...(c.reporters ?? []), ...(c.reporter ? [c.reporter] : [])];
  const hidden = reporters.filter((r) => r !== shared && !(shared && r.name === shared.name && r.phone === shared.phone));
  const sharedPhones = shared?.phone ? [shared.phone] : [];
  const sharedKeys = new Set(sharedPhones.map((p) => normalisePhone(p)));
  const hiddenPhones = [...hidden.map((r) => r.phone), ...(c.callerPhones ?? [])].filter((p): p is string => !!p && !sharedKeys.has(normalisePhone(p)));
  return {
    children: c.children,
    hiddenNames: hidden.map((r) => r.name).filter((n): n is string => !!n && n.trim().length > 0),
    hiddenPhones,
    sharedPhones,
    hideSelfDescriptions: !shared || c.anonymousReport === true || hidden.length > 0,
  };
}

/** Free text of the case (narrative, address, reasons) as the agency may read it. */
export function redactFreeText(text: string | null | undefined, r: FreeTextRedaction): string | null {
  if (text === null || text === undefined) return null;
  let out = text.normalize('NFC');
  for (const phone of r.hiddenPhones) {
    const pattern = knownPhonePattern(phone);
    if (pattern) out = out.replace(pattern, (m) => (/^\s/u.test(m) ? ' ' : '') + REPORTER_PLACEHOLDER);
  }
  const shared = new Set(r.sharedPhones.map((p) => normalisePhone(p)));
  out = out.replace(ANY_PHONE, (m) => {
    const n = normalisePhone(m.replace(/[()]/g, ' '));
    if (n && shared.has(n)) return m;
    return n && isPersonalPhone(n) ? PHONE_PLACEHOLDER : m;
  });
  out = reduceChildNames(out, r.children);
  out = blankReporterNames(out, r.hiddenNames);
  if (r.hideSelfDescriptions) out = blankSelfDescriptions(out);
  return out;
}

/**
 * A hand-made referral's explanation carries the worker's reason, free text: the agency's inbox lists the
 * heading only, and the referral itself shows the reason redacted.
 */
export function explanationForAgencyInbox(explanation: string, routed: boolean): string {
  if (routed) return explanation;
  const colon = explanation.indexOf(': ');
  return colon === -1 ? explanation : explanation.slice(0, colon);
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
  const text = freeTextRedaction(caseView, agencyType);

  return {
    caseId: caseView.id,
    caseNumber: caseView.caseNumber,
    riskLevel: caseView.riskLevel,
    immediateDanger: caseView.immediateDanger,
    abuseTypes: [...caseView.abuseTypes],
    narrative: redactFreeText(caseView.narrative, text),
    // The address is kept (the agency has to reach the child), but not a name or phone typed into it.
    location: {
      provinceCode: caseView.location?.provinceCode ?? null,
      communeCode: caseView.location?.communeCode ?? null,
      address: redactFreeText(caseView.location?.address ?? null, text),
    },
    // Birth year is withheld: with the given name and commune it would single the child out.
    children: caseView.children.map((child) => ({
      firstName: givenName(child.fullName),
      age: childAge(child, options.currentYear),
      sex: child.sex,
    })),
    caseWorker: caseView.assignee ? { name: caseView.assignee.fullName, phone: caseView.assignee.phone, email: caseView.assignee.email } : null,
    reporter: shareReporter && reporter ? { name: reporter.name, phone: reporter.phone, relationToChild: reporter.relationToChild } : null,
  };
}
