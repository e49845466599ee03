/**
 * Tracking codes for public reports: the only key a reporter holds, so it must be unguessable,
 * not derived from anything sequential, and easy to read aloud and type from a phone call.
 *
 * Format: `XXXX-XXXX-XXXX`, 12 symbols of Crockford base32 (digits and letters without I, L, O, U, which
 * are confused with 1, 1, 0 or spell words). The first 11 symbols are random (55 bits: with rate-limited
 * status look-ups, guessing a live code is hopeless even with millions issued); the 12th is a check symbol,
 * so a misheard or mistyped code is rejected before any database look-up. Keeping the check inside the
 * 12 symbols keeps the short, even grouping that is read out in three chunks.
 *
 * Check symbol: the Damm algorithm over the 32 symbols, with the quasigroup x ∘ y = 2·x ⊕ y in GF(32)
 * (polynomial z⁵ + z² + 1). Because 2 ≠ 1 and y ↦ x ∘ y, x ↦ x ∘ y are bijections, it detects every
 * single-symbol substitution and every swap of two adjacent different symbols, including the check symbol.
 */

export const TRACKING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKING_CODE_LENGTH = 12;
const RANDOM_SYMBOLS = TRACKING_CODE_LENGTH - 1;
const RANDOM_BYTES = Math.ceil((RANDOM_SYMBOLS * 5) / 8);
const GROUP = 4;
const CANONICAL = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** `randomBytes` is a CSPRNG such as node:crypto's; injected so tests are deterministic. */
export function generateTrackingCode(randomBytes: (n: number) => Buffer): string {
  const bytes = randomBytes(RANDOM_BYTES);
  if (!bytes || bytes.length < RANDOM_BYTES) {
    throw new RangeError(`randomBytes must return at least ${RANDOM_BYTES} bytes`);
  }
  // Take 5 bits at a time: each symbol is uniform because every byte bit is.
  const values: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; values.length < RANDOM_SYMBOLS;) {
    if (bits < 5) {
      acc = ((acc << 8) | bytes[i++]) & 0xffff;
      bits += 8;
    }
    values.push((acc >> (bits - 5)) & 31);
    bits -= 5;
  }
  values.push(checkValue(values));
  return format(values);
}

/**
 * The canonical code for what a reporter typed or said, or null if it cannot be one.
 * Tolerates lower case, spaces, dashes, dots and underscores, and reads O as 0 and I/L as 1.
 */
export function normaliseTrackingCode(input: string): string | null {
  if (typeof input !== 'string') return null;
  // NFKC folds full-width letters and digits from some phone keyboards.
  const compact = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.]/g, '');
  if (compact.length !== TRACKING_CODE_LENGTH) return null;
  const values: number[] = [];
  for (const ch of compact.replace(/O/g, '0').replace(/[IL]/g, '1')) {
    const v = TRACKING_ALPHABET.indexOf(ch);
    if (v < 0) return null;
    values.push(v);
  }
  if (damm(values) !== 0) return null;
  return format(values);
}

/** True only for a code already in canonical form (upper case, dashes) with a valid check symbol. */
export function isWellFormedTrackingCode(input: string): boolean {
  return typeof input === 'string' && CANONICAL.test(input) && normaliseTrackingCode(input) === input;
}

function checkValue(values: readonly number[]): number {
  // x ∘ k = 0 ⇔ k = 2·x in characteristic 2.
  return times2(damm(values));
}

function damm(values: readonly number[]): number {
  let interim = 0;
  for (const v of values) interim = times2(interim) ^ v;
  return interim;
}

/** Multiplication by z in GF(32) modulo z⁵ + z² + 1. */
function times2(x: number): number {
  const shifted = x << 1;
  return shifted & 32 ? shifted ^ 0b100101 : shifted;
}

function format(values: readonly number[]): string {
  const symbols = values.map((v) => TRACKING_ALPHABET[v]).join('');
  const groups: string[] = [];
  for (let i = 0; i < symbols.length; i += GROUP) groups.push(symbols.slice(i, i + GROUP));
  return groups.join('-');
}
