import { CaseStatus, RiskLevel } from './enums';

/**
 * The case list's order (open before closed, worst risk, immediate danger, oldest, then id) as a sort key,
 * and the opaque cursor that names the position after one row: the next page starts strictly after that key,
 * so it costs an index range read however deep the page, where an offset reads and drops every earlier row.
 */
export interface CaseSortKey {
  closedRank: 0 | 1;
  riskRank: number;
  /** `NOT immediate_danger`: 0 for a child in immediate danger, listed first. */
  calmRank: 0 | 1;
  /** opened_at as PostgreSQL prints it in UTC, to the microsecond (a JS Date would cut it to milliseconds). */
  openedAt: string;
  id: string;
}

const RISK_ORDER: Record<string, number> = { [RiskLevel.CRITICAL]: 0, [RiskLevel.HIGH]: 1, [RiskLevel.MEDIUM]: 2 };

export function caseSortKey(c: { status: CaseStatus; riskLevel: RiskLevel | null; immediateDanger: boolean; id: string }, openedAt: string): CaseSortKey {
  return {
    closedRank: c.status === CaseStatus.CLOSED ? 1 : 0,
    riskRank: RISK_ORDER[c.riskLevel ?? ''] ?? 3,
    calmRank: c.immediateDanger ? 0 : 1,
    openedAt,
    id: c.id,
  };
}

export function encodeCaseCursor(key: CaseSortKey): string {
  return Buffer.from(JSON.stringify([key.closedRank, key.riskRank, key.calmRank, key.openedAt, key.id])).toString('base64url');
}

const UTC_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The key a cursor names, or null when it is not one this list gave out (a client edited or truncated it). */
export function decodeCaseCursor(cursor: string): CaseSortKey | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== 5) return null;
  const [closedRank, riskRank, calmRank, openedAt, id] = parts as unknown[];
  if ((closedRank !== 0 && closedRank !== 1) || (calmRank !== 0 && calmRank !== 1)) return null;
  if (typeof riskRank !== 'number' || !Number.isInteger(riskRank) || riskRank < 0 || riskRank > 3) return null;
  if (typeof openedAt !== 'string' || !UTC_MICROS.test(openedAt) || Number.isNaN(Date.parse(openedAt))) return null;
  if (typeof id !== 'string' || !UUID.test(id)) return null;
  return { closedRank, riskRank, calmRank, openedAt, id };
}

/**
 * Whether a list's total may be PostgreSQL's estimate instead of a count: only for a list without filters
 * (where counting means reading every case in scope) and only when the estimate is large, so small lists
 * and every filtered list keep their exact count.
 */
export function totalMayBeEstimated(filtered: boolean, estimatedRows: number, exactCountUpTo: number): boolean {
  return !filtered && estimatedRows > exactCountUpTo;
}

/** One way of matching the list's free text `q` against a case's folded search text. */
export type CaseTextMatch =
  /**
   * Whole words, as typed and in that order: `tokens` (a tsquery) read through idx_case_search_tokens, the
   * word alone or each pair of neighbouring words; `text` in the search text keeps them together.
   */
  | { by: 'words'; text: string; tokens: string }
  /** Part of a word, a case number or a phone number anywhere in the text: read through the trigram index. */
  | { by: 'part'; like: string; phoneLike: string | null };

const ESCAPE_LIKE = /[%_\\]/g;

/**
 * The ways to try, in order, to match `q`; the list answers with the first that finds a case. A name typed as
 * words ("Bùi Thanh Long", "bui thanh long") matches those whole words first: "hoa" finds Hoa, not every
 * Hoàng, Khoa and Thoa, and reads a few hundred index entries where matching parts of words reads the
 * trigram lists of the most common names (a tenth of a second among a million cases). Only when no case has
 * the whole words ("hoan", a name half typed) are they matched as parts of words. Anything else (digits, a
 * case number, a phone number) is matched as a part from the start.
 * `folded` is foldVietnamese(q); `phone` is normalisePhone(q).
 */
export function caseTextMatches(folded: string, phone: string | null): CaseTextMatch[] {
  const part: CaseTextMatch = { by: 'part', like: `%${folded.replace(ESCAPE_LIKE, '\\$&')}%`, phoneLike: phone ? `%${phone}%` : null };
  return /^[a-z]+( [a-z]+)*$/.test(folded) ? [{ by: 'words', text: folded, tokens: wordTokens(folded.split(' ')) }, part] : [part];
}

/**
 * The tsquery of words (letters only) over the lexemes of case_search_tokens: the word alone, or every pair
 * of neighbouring words (a pair lists far fewer cases than a common word of it).
 */
export function wordTokens(words: string[]): string {
  if (words.some((w) => !/^[a-z]+$/.test(w))) throw new Error('wordTokens takes letters-only words');
  if (words.length === 1) return `'${words[0]}'`;
  return words
    .slice(1)
    .map((w, i) => `'${words[i]} ${w}'`)
    .join(' & ');
}
