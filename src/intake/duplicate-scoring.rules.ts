/**
 * Duplicate detection at intake: how likely a new report is about an existing case.
 * The score only ranks suggestions; the operator or worker confirms any link (product.md §3).
 */
import { Sex } from './enums';
import { isPersonalPhone, nameTokens, normalisePhone } from './normalise.rules';

export interface IntakeChildSignature {
  nameKey: string | null;
  birthYear: number | null;
  sex: Sex | null;
}

export interface IntakeSignature {
  children: IntakeChildSignature[];
  reporterPhone: string | null;
  callerPhone: string | null;
  provinceCode: string | null;
  communeCode: string | null;
  addressKey: string | null;
  receivedAt: Date;
}

export interface CandidateCase {
  caseId: string;
  caseNumber: string;
  openedAt: Date;
  children: IntakeChildSignature[];
  phones: string[];
  provinceCode: string | null;
  communeCode: string | null;
  addressKeys: string[];
}

export interface DuplicateSuggestion {
  caseId: string;
  caseNumber: string;
  score: number;
  /** Machine codes from `DUPLICATE_REASONS`, in that order; `explainReasons` gives the readable text. */
  reasons: string[];
}

/** Stable reason codes (clients translate them) with a readable English explanation, in display order. */
export const DUPLICATE_REASONS = {
  SAME_CHILD_NAME: "same child's name",
  SIMILAR_CHILD_NAME: "similar child's name (same given name, most name parts shared)",
  SAME_GIVEN_NAME: 'same given name; the full name is known on one side only',
  SAME_BIRTH_YEAR: 'same birth year',
  CLOSE_BIRTH_YEAR: 'birth year differs by one (ages are often estimated)',
  BIRTH_YEAR_MISMATCH: 'birth year differs by more than two',
  DIFFERENT_SEX: 'the child matched by name has a different sex',
  DIFFERENT_CHILD: 'the children named in the report and in the case differ',
  SAME_PHONE: "reporter's or caller's phone is a phone of the case",
  SAME_COMMUNE: 'same commune',
  SIMILAR_ADDRESS: 'similar address',
  RECENT: 'case opened within the recent window',
} as const;

export type DuplicateReasonCode = keyof typeof DUPLICATE_REASONS;

const REASON_ORDER = Object.keys(DUPLICATE_REASONS) as DuplicateReasonCode[];

export function explainReasons(reasons: readonly string[]): string[] {
  return reasons.map((r) => (r in DUPLICATE_REASONS ? DUPLICATE_REASONS[r as DuplicateReasonCode] : r));
}

export const DEFAULT_RECENT_WINDOW_DAYS = 30;
export const DEFAULT_MIN_SCORE = 0.3;
export const DEFAULT_LIMIT = 5;

// Evidence weights. Each kind of evidence is combined as independent ("noisy-OR":
// 1 − Π(1 − e)), so adding evidence never lowers the score and the result stays within 0..1.
const NAME_WEIGHT = { exact: 0.7, similar: 0.55, given: 0.25 } as const;
// An age told over the phone yields a birth year that is often one off, hence ±1 is still "close".
const YEAR_FACTOR = { same: 1.15, close: 1.0, unknown: 0.9, two: 0.75, far: 0.3 } as const;
const DIFFERENT_SEX_FACTOR = 0.4;
const PLACE_FACTOR = { sameCommune: 1.15, otherCommune: 0.7, otherProvince: 0.5, unknown: 1.0 } as const;
const CHILD_MAX = 0.85;
const PHONE_WEIGHT = 0.7;
// A teacher or neighbour who calls twice about different children: the phone alone should not look like a duplicate.
const PHONE_DIFFERENT_CHILD_FACTOR = 0.6;
const RECENT_COMMUNE_WEIGHT = 0.15;
const RECENT_ADDRESS_WEIGHT = 0.25;
const ADDRESS_SIMILARITY_MIN = 0.7;

// Words operators put before a child's name ("bé Hoa", "cháu An") that are not part of it.
const CHILD_NAME_PREFIXES = new Set(['be', 'chau', 'em']);
// Address words that say what kind of place follows, not which place.
const ADDRESS_STOPWORDS = new Set([
  'so',
  'ngo',
  'ngach',
  'hem',
  'kiet',
  'duong',
  'pho',
  'thon',
  'xom',
  'ap',
  'to',
  'khu',
  'xa',
  'phuong',
  'tinh',
  'huyen',
  'quan',
  'tp',
  'tt',
  'tx',
]);

const DAY_MS = 86_400_000;

type NameMatch = 'exact' | 'similar' | 'given' | null;

interface ChildMatch {
  evidence: number;
  reasons: DuplicateReasonCode[];
}

export function scoreDuplicate(intake: IntakeSignature, candidate: CandidateCase, options: { recentWindowDays?: number } = {}): DuplicateSuggestion | null {
  const windowDays = options.recentWindowDays ?? DEFAULT_RECENT_WINDOW_DAYS;
  const reasons = new Set<DuplicateReasonCode>();
  const evidence: number[] = [];

  const sameCommune = known(intake.communeCode) && intake.communeCode === candidate.communeCode;
  const otherCommune = known(intake.communeCode) && known(candidate.communeCode) && !sameCommune;
  const otherProvince = known(intake.provinceCode) && known(candidate.provinceCode) && intake.provinceCode !== candidate.provinceCode;
  const placeFactor = sameCommune ? PLACE_FACTOR.sameCommune : otherProvince ? PLACE_FACTOR.otherProvince : otherCommune ? PLACE_FACTOR.otherCommune : PLACE_FACTOR.unknown;

  const child = bestChildMatch(intake.children, candidate.children, placeFactor);
  const differentChild = !child && hasNamedChild(intake.children) && hasNamedChild(candidate.children);
  if (child) {
    evidence.push(child.evidence);
    child.reasons.forEach((r) => reasons.add(r));
  } else if (differentChild) {
    reasons.add('DIFFERENT_CHILD');
  }

  if (sharesPhone(intake, candidate)) {
    evidence.push(differentChild ? PHONE_WEIGHT * PHONE_DIFFERENT_CHILD_FACTOR : PHONE_WEIGHT);
    reasons.add('SAME_PHONE');
  }

  const recent = Math.abs(intake.receivedAt.getTime() - candidate.openedAt.getTime()) <= windowDays * DAY_MS;
  if (sameCommune) reasons.add('SAME_COMMUNE');
  // Place alone says little in a busy commune, so it only counts for cases opened recently.
  if (recent) {
    if (sameCommune) evidence.push(RECENT_COMMUNE_WEIGHT);
    if (!otherCommune && !otherProvince && similarAddress(intake.addressKey, candidate.addressKeys)) {
      evidence.push(RECENT_ADDRESS_WEIGHT);
      reasons.add('SIMILAR_ADDRESS');
    }
  }

  const score = round3(1 - evidence.reduce((rest, e) => rest * (1 - e), 1));
  if (score <= 0) return null;
  if (recent) reasons.add('RECENT');
  return {
    caseId: candidate.caseId,
    caseNumber: candidate.caseNumber,
    score,
    reasons: REASON_ORDER.filter((r) => reasons.has(r)),
  };
}

/** Suggestions at or above `minScore`, best first: score desc, then the newer case, then case number. */
export function rankDuplicates(
  intake: IntakeSignature,
  candidates: readonly CandidateCase[],
  options: { minScore?: number; limit?: number; recentWindowDays?: number } = {},
): DuplicateSuggestion[] {
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const limit = options.limit ?? DEFAULT_LIMIT;
  const scored: { suggestion: DuplicateSuggestion; openedAt: number }[] = [];
  for (const candidate of candidates) {
    const suggestion = scoreDuplicate(intake, candidate, { recentWindowDays: options.recentWindowDays });
    if (suggestion && suggestion.score >= minScore) {
      scored.push({ suggestion, openedAt: candidate.openedAt.getTime() });
    }
  }
  scored.sort(
    (a, b) =>
      b.suggestion.score - a.suggestion.score ||
      b.openedAt - a.openedAt ||
      compareStrings(a.suggestion.caseNumber, b.suggestion.caseNumber) ||
      compareStrings(a.suggestion.caseId, b.suggestion.caseId),
  );
  const seen = new Set<string>();
  const result: DuplicateSuggestion[] = [];
  for (const { suggestion } of scored) {
    if (result.length >= Math.max(0, limit)) break;
    if (seen.has(suggestion.caseId)) continue;
    seen.add(suggestion.caseId);
    result.push(suggestion);
  }
  return result;
}

/** The best pair of children (a report may name several, a case may hold siblings or twins). */
function bestChildMatch(intakeChildren: readonly IntakeChildSignature[], caseChildren: readonly IntakeChildSignature[], placeFactor: number): ChildMatch | null {
  let best: ChildMatch | null = null;
  for (const a of intakeChildren) {
    for (const b of caseChildren) {
      const match = matchChild(a, b, placeFactor);
      if (match && (!best || match.evidence > best.evidence)) best = match;
    }
  }
  return best;
}

function matchChild(a: IntakeChildSignature, b: IntakeChildSignature, placeFactor: number): ChildMatch | null {
  const name = matchNames(childNameTokens(a.nameKey), childNameTokens(b.nameKey));
  if (!name) return null;
  const reasons: DuplicateReasonCode[] = [name === 'exact' ? 'SAME_CHILD_NAME' : name === 'similar' ? 'SIMILAR_CHILD_NAME' : 'SAME_GIVEN_NAME'];
  let evidence: number = NAME_WEIGHT[name];

  if (isYear(a.birthYear) && isYear(b.birthYear)) {
    const diff = Math.abs(a.birthYear - b.birthYear);
    if (diff === 0) {
      evidence *= YEAR_FACTOR.same;
      reasons.push('SAME_BIRTH_YEAR');
    } else if (diff === 1) {
      evidence *= YEAR_FACTOR.close;
      reasons.push('CLOSE_BIRTH_YEAR');
    } else if (diff === 2) {
      evidence *= YEAR_FACTOR.two;
    } else {
      evidence *= YEAR_FACTOR.far;
      reasons.push('BIRTH_YEAR_MISMATCH');
    }
  } else {
    evidence *= YEAR_FACTOR.unknown;
  }

  if (knownSex(a.sex) && knownSex(b.sex) && a.sex !== b.sex) {
    evidence *= DIFFERENT_SEX_FACTOR;
    reasons.push('DIFFERENT_SEX');
  }

  evidence = Math.min(CHILD_MAX, evidence * placeFactor);
  return { evidence, reasons };
}

/**
 * Vietnamese names are family name first and given name last ("Nguyễn Thị Hoa": given name Hoa),
 * so a similar name must share the last token and at least two thirds of all tokens.
 */
function matchNames(a: string[], b: string[]): NameMatch {
  if (a.length === 0 || b.length === 0) return null;
  if (a.join(' ') === b.join(' ')) return 'exact';
  const common = commonCount(a, b);
  const longest = Math.max(a.length, b.length);
  // Same parts in another order: a name typed given-name-first on the online form.
  if (common === a.length && common === b.length) return 'similar';
  if (a[a.length - 1] !== b[b.length - 1]) return null;
  if (common * 3 >= longest * 2) return 'similar';
  if (Math.min(a.length, b.length) === 1) return 'given';
  return null;
}

function childNameTokens(key: string | null): string[] {
  if (!key) return [];
  const tokens = nameTokens(key);
  while (tokens.length > 1 && CHILD_NAME_PREFIXES.has(tokens[0])) tokens.shift();
  return tokens;
}

function hasNamedChild(children: readonly IntakeChildSignature[]): boolean {
  return children.some((c) => childNameTokens(c.nameKey).length > 0);
}

function sharesPhone(intake: IntakeSignature, candidate: CandidateCase): boolean {
  // Hotline and short numbers (a transferring provincial hotline, 113) say nothing about who called.
  const personal = (p: string | null) => {
    const n = p === null ? null : normalisePhone(p);
    return isPersonalPhone(n) ? n : null;
  };
  const theirs = new Set(candidate.phones.map(personal).filter((p): p is string => p !== null));
  return [intake.reporterPhone, intake.callerPhone].some((p) => {
    const n = personal(p);
    return n !== null && theirs.has(n);
  });
}

/** Dice coefficient over address tokens without words like "thôn" or "số"; at least two tokens must be shared. */
function similarAddress(key: string | null, keys: readonly string[]): boolean {
  const a = addressTokens(key);
  if (a.length === 0) return false;
  return keys.some((k) => {
    const b = addressTokens(k);
    if (b.length === 0) return false;
    const common = commonCount(a, b);
    return common >= Math.min(2, a.length, b.length) && (2 * common) / (a.length + b.length) >= ADDRESS_SIMILARITY_MIN;
  });
}

/** An address's tokens that say which place ("Thôn Đông, số 12" → dong, 12): folded, without words like "thôn". */
export function addressTokens(key: string | null): string[] {
  return key ? nameTokens(key).filter((t) => !ADDRESS_STOPWORDS.has(t)) : [];
}

/** Size of the multiset intersection. */
function commonCount(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const t of a) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of b) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  return common;
}

function known(code: string | null): code is string {
  return code !== null && code !== '';
}

function knownSex(sex: Sex | null): boolean {
  return sex === Sex.MALE || sex === Sex.FEMALE;
}

function isYear(y: number | null): y is number {
  return typeof y === 'number' && Number.isInteger(y);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

// Code-unit order, not locale order, so the ranking is the same on every machine.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
