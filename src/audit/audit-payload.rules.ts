/**
 * What of a change may enter the audit trail. Admins read the whole trail and have no access to case
 * content (product.md §1), so rows about a case, its reports, calls, referrals and deadlines keep ids, codes,
 * numbers and times only; free text (reasons, notes, names, addresses) is withheld, its key kept so the row
 * still says that a reason was given. The text itself stays where access rules guard it (the case, its
 * timeline, the referral's history). Pure: no framework, no I/O.
 */

/** Subject types whose audit payloads describe case content. */
export const CASE_CONTENT_SUBJECTS: ReadonlySet<string> = new Set(['CASE', 'REPORT', 'CALL', 'REFERRAL', 'DEADLINE', 'PERSON']);

export const WITHHELD_TEXT = '[withheld]';

const CODE_LIKE: RegExp[] = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // ids
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/, // dates and times
  /^[A-Z][A-Z0-9_]*$/, // enum codes (status, risk, abuse type, outcome code, deadline key)
  /^\d{1,6}$/, // province and commune codes, counters (never a phone number: those have 9 or more digits)
  /^(?:[A-Z]{2}|\d{2})-\d{4}-\d{6}$/, // case numbers, 22-2026-000123 or VN-2026-000123
  /^P(?:\d+[YMWD])*(?:T(?:\d+(?:\.\d+)?[HMS])+)?$/, // ISO-8601 durations
];

/** Lower-case codes our own code writes (what a lookup searched by, an export's format). */
const CODE_WORDS: ReadonlySet<string> = new Set(['name', 'phone', 'place', 'csv', 'xlsx', 'pdf', 'docx']);

/** Whether a string is an id, code, number or time rather than text a person wrote. */
export function isCodeLike(value: string): boolean {
  return CODE_WORDS.has(value) || (value.length <= 64 && CODE_LIKE.some((pattern) => pattern.test(value)));
}

/** The payload with every free-text string replaced by WITHHELD_TEXT, at any depth. */
export function withholdFreeText(value: unknown): unknown {
  if (typeof value === 'string') return isCodeLike(value) ? value : WITHHELD_TEXT;
  if (Array.isArray(value)) return value.map(withholdFreeText);
  if (value instanceof Date) return value;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, withholdFreeText(v)]));
  }
  return value;
}

/** The before/after payload of an audit row as it may be stored and shown. */
export function auditPayload(subjectType: string, payload: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!payload) return null;
  return CASE_CONTENT_SUBJECTS.has(subjectType) ? (withholdFreeText(payload) as Record<string, unknown>) : payload;
}
