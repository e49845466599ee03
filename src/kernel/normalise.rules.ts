/**
 * Normalisation of what operators and the public type at intake, so that search and
 * duplicate detection compare like with like. Pure: no I/O, no clock.
 */

// Đ/đ is a separate letter, not D plus a combining mark, so NFD does not split it.
// Ð/ð (Icelandic eth) is a frequent look-alike typed in its place.
const D_LETTERS = /[\u0110\u0111\u00D0\u00F0]/g;
const COMBINING_MARKS = /\p{M}/gu;
// Zero-width characters arrive from copy-paste and would split or glue tokens invisibly.
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Lower-case, remove every diacritic (tones and vowel marks, đ → d), collapse whitespace.
 * Accepts precomposed (NFC) and decomposed (NFD) input alike, and old-style tone placement
 * ("hoà") folds the same as new-style ("hòa").
 */
export function foldVietnamese(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').replace(D_LETTERS, 'd').replace(ZERO_WIDTH, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The SQL expression giving the folded tokens of a text column, as nameTokens gives them in code (decomposed,
 * marks and zero-width characters dropped, đ as d, lower case, split on what is not a letter or digit; the
 * array may hold an empty first token): the database's fold_tokens() (migration 1764870000008), which also
 * keeps a case's address tokens. For filters that must run in PostgreSQL.
 */
export function nameTokensSql(column: string): string {
  return `fold_tokens(${column})`;
}

/** Folded tokens of a name; punctuation ("Nguyễn-Văn A.") separates tokens and is dropped. */
export function nameTokens(text: string): string[] {
  return foldVietnamese(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/** The key stored beside a name and compared in the database: folded tokens joined by one space. */
export function nameSearchKey(text: string): string {
  return nameTokens(text).join(' ');
}

/**
 * Vietnamese phone numbers in national format, so the same caller matches however the number was typed.
 *
 * Rule:
 * - Separators allowed: spaces, `.`, `-`, `/`, parentheses; `+` only at the start. Any letter
 *   (e.g. "ext") or other symbol → null, rather than guessing.
 * - International prefix `+84` / `0084` / bare `84` (followed by the national number without its 0,
 *   optionally with a stray "(0)") → `0` + national number.
 * - National numbers: mobiles are 10 digits `0[3-9]XXXXXXXX`; landlines since the 2017 area-code change are
 *   11 digits `02XXXXXXXXX`. A 9-digit mobile or 10-digit landline typed without its leading 0 gets it back.
 * - Short and service numbers are kept as digits: 3–6 digits not starting with 0 (111, 113, 114, 115, 18001 …)
 *   and `1800`/`1900` numbers of 8 or 10 digits (1800 1769).
 * - Anything else (other country codes, the retired 11-digit 01x mobiles, too short/long) → null;
 *   callers keep the raw input for display.
 */
export function normalisePhone(input: string): string | null {
  if (typeof input !== 'string') return null;
  // NFKC turns full-width digits (０９１２…) from some phone keyboards into ASCII.
  const text = input.normalize('NFKC').trim();
  if (!/^\+?[0-9\s.\-/()]+$/.test(text)) return null;
  let digits = text.replace(/\D/g, '');
  const international = text.startsWith('+');
  if (international) {
    if (!digits.startsWith('84')) return null;
    digits = digits.slice(2);
  } else if (digits.startsWith('0084')) {
    digits = digits.slice(4);
  } else if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12)) {
    digits = digits.slice(2);
  } else {
    return nationalOrShort(digits);
  }
  // After the country code: "+84 (0) 912 …" carries a redundant trunk 0.
  if (digits.startsWith('0')) digits = digits.slice(1);
  return nationalWithoutTrunk(digits);
}

function nationalOrShort(digits: string): string | null {
  if (digits.startsWith('0')) return national(digits);
  if (/^1[89]00(\d{4}|\d{6})$/.test(digits)) return digits;
  if (digits.length >= 3 && digits.length <= 6) return digits;
  return nationalWithoutTrunk(digits);
}

function nationalWithoutTrunk(digits: string): string | null {
  return national('0' + digits);
}

function national(digits: string): string | null {
  if (/^0[3-9]\d{8}$/.test(digits)) return digits;
  if (/^02\d{9}$/.test(digits)) return digits;
  return null;
}

/** True for a personal (mobile or landline) number in national format, as opposed to a hotline or short code. */
export function isPersonalPhone(normalised: string | null): boolean {
  return !!normalised && /^0\d{9,10}$/.test(normalised);
}

// C0/C1 controls except \t and \n; bidi embedding/override/isolate controls, which can make a
// narrative display differently from what was stored; the BOM.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNWANTED_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
// Horizontal whitespace other than the tab (kept: the rule strips controls but keeps \t).
const SPACE_RUN = /[^\S\n\t]+/g;

/**
 * Narratives and addresses: NFC (so equal text is stored equal), line breaks unified to \n and kept,
 * runs of spaces collapsed to one, spaces at line ends and the text's ends removed,
 * control characters other than \n and \t removed.
 */
export function normaliseFreeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(UNWANTED_CONTROLS, '')
    .replace(SPACE_RUN, ' ')
    .replace(/ +\n/g, '\n')
    .replace(/\n +/g, '\n')
    .trim();
}
