import { randomBytes } from 'node:crypto';
import { generateTrackingCode, isWellFormedTrackingCode, normaliseTrackingCode, TRACKING_ALPHABET } from './tracking-code.rules';

const fixed =
  (...bytes: number[]) =>
  (n: number) =>
    Buffer.from(bytes.slice(0, n));
const symbols = (code: string) => code.replace(/-/g, '').split('');
const group = (s: string[]) => `${s.slice(0, 4).join('')}-${s.slice(4, 8).join('')}-${s.slice(8).join('')}`;

describe('generateTrackingCode', () => {
  it('uses the 32 Crockford symbols, without I, L, O, U', () => {
    expect(TRACKING_ALPHABET).toHaveLength(32);
    expect(new Set(TRACKING_ALPHABET).size).toBe(32);
    expect(TRACKING_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it('asks for 7 random bytes and is deterministic for given bytes', () => {
    const asked: number[] = [];
    const code = generateTrackingCode((n) => {
      asked.push(n);
      return Buffer.alloc(n, 0xff);
    });
    expect(asked).toEqual([7]);
    expect(code).toBe(generateTrackingCode((n) => Buffer.alloc(n, 0xff)));
  });

  it.each([
    // 7 zero bytes: data 00000000000, check 0
    [[0, 0, 0, 0, 0, 0, 0], '0000-0000-000'],
    // 0xff…: every 5-bit group is 31 (Z)
    [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 'ZZZZ-ZZZZ-ZZZ'],
    // 00001 00010 00011 00100 00101 00110 00111 01000 01001 01010 01011 (+1 unused bit)
    [[0x08, 0x86, 0x42, 0x98, 0xe8, 0x4a, 0x96], '1234-5678-9AB'],
  ])('bytes %j → data symbols %s plus a check symbol', (bytes, prefix) => {
    const code = generateTrackingCode(fixed(...bytes));
    expect(code.slice(0, 13)).toBe(prefix);
    expect(isWellFormedTrackingCode(code)).toBe(true);
  });

  it('rejects a random source that returns too few bytes', () => {
    expect(() => generateTrackingCode(() => Buffer.alloc(3))).toThrow(RangeError);
  });

  const codes = Array.from({ length: 1000 }, () => generateTrackingCode(randomBytes));

  it('1000 generated codes are unique and well-formed', () => {
    expect(new Set(codes).size).toBe(1000);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(isWellFormedTrackingCode(code)).toBe(true);
      expect(normaliseTrackingCode(code)).toBe(code);
    }
  });

  it('is not sequential: consecutive codes share no long prefix', () => {
    let sharedPrefix = 0;
    for (let i = 1; i < codes.length; i++) if (codes[i].slice(0, 4) === codes[i - 1].slice(0, 4)) sharedPrefix++;
    // a 4-symbol prefix repeats with probability 2^-20 per pair
    expect(sharedPrefix).toBeLessThan(3);
  });

  it('spreads symbols over the whole alphabet in every random position', () => {
    for (let pos = 0; pos < 11; pos++) {
      const seen = new Set(codes.map((c) => symbols(c)[pos]));
      expect(seen.size).toBeGreaterThan(28);
    }
  });
});

describe('check symbol', () => {
  const sample = Array.from({ length: 60 }, () => generateTrackingCode(randomBytes));

  it('detects every single-symbol substitution (all positions, all 31 alternatives)', () => {
    let tried = 0;
    for (const code of sample) {
      const s = symbols(code);
      for (let pos = 0; pos < s.length; pos++) {
        for (const alt of TRACKING_ALPHABET) {
          if (alt === s[pos]) continue;
          const typo = [...s];
          typo[pos] = alt;
          expect(normaliseTrackingCode(group(typo))).toBeNull();
          tried++;
        }
      }
    }
    expect(tried).toBe(sample.length * 12 * 31);
  });

  it('detects every swap of two adjacent different symbols, including the check symbol', () => {
    let tried = 0;
    for (const code of sample) {
      const s = symbols(code);
      for (let pos = 0; pos < s.length - 1; pos++) {
        if (s[pos] === s[pos + 1]) continue;
        const swapped = [...s];
        [swapped[pos], swapped[pos + 1]] = [swapped[pos + 1], swapped[pos]];
        expect(normaliseTrackingCode(group(swapped))).toBeNull();
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(sample.length * 10);
  });

  it('detects every adjacent swap for every pair of symbols (exhaustive over the check)', () => {
    // Prefix fixed, every ordered pair of different symbols in positions 9 and 10, check computed by the generator path.
    for (const a of TRACKING_ALPHABET) {
      for (const b of TRACKING_ALPHABET) {
        if (a === b) continue;
        const valid = validWith(`ABCDEFGHJ${a}${b}`);
        const s = symbols(valid);
        [s[9], s[10]] = [s[10], s[9]];
        expect(normaliseTrackingCode(group(s))).toBeNull();
      }
    }
  });
});

/** The one valid code starting with the 11 given symbols, found by trying each check symbol. */
function validWith(data: string): string {
  const found = [...TRACKING_ALPHABET].map((c) => normaliseTrackingCode(data + c)).filter((c) => c !== null);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('normaliseTrackingCode', () => {
  const code = validWith('7K3MQ9T2X4W');

  it.each([
    ['canonical', (c: string) => c],
    ['lower case', (c: string) => c.toLowerCase()],
    ['without dashes', (c: string) => c.replace(/-/g, '')],
    ['with spaces', (c: string) => c.replace(/-/g, ' ')],
    ['spaces everywhere', (c: string) => c.replace(/-/g, '').split('').join(' ')],
    ['surrounding whitespace', (c: string) => `  ${c}\n`],
    ['dots and underscores', (c: string) => c.replace('-', '.').replace('-', '_')],
    ['dashes elsewhere', (c: string) => c.replace(/-/g, '').replace(/(..)/g, '$1-')],
    ['full-width characters', (c: string) => c.replace(/[0-9A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0))],
  ])('accepts %s', (_label, spell) => {
    expect(normaliseTrackingCode(spell(code))).toBe(code);
  });

  it.each([
    ['O for 0', 'O', '0'],
    ['o for 0', 'o', '0'],
    ['I for 1', 'I', '1'],
    ['i for 1', 'i', '1'],
    ['L for 1', 'L', '1'],
    ['l for 1', 'l', '1'],
  ])('reads %s', (_label, typed, meant) => {
    const withZeroOne = validWith('10K3MQ9T2X0');
    const spoken = withZeroOne.replace(new RegExp(meant, 'g'), typed);
    expect(spoken).not.toBe(withZeroOne);
    expect(normaliseTrackingCode(spoken)).toBe(withZeroOne);
  });

  it.each([
    ['empty', ''],
    ['too short', code.slice(0, -1)],
    ['too long', code + '0'],
    ['U is not a symbol', code.slice(0, -1).replace(/./, 'U') + code.slice(-1)],
    ['other symbol', code.replace('-', '#')],
    ['letters outside the alphabet', 'ÀBCD-EFGH-JKMN'],
  ])('rejects %s', (_label, input) => {
    expect(normaliseTrackingCode(input)).toBeNull();
  });
});

describe('isWellFormedTrackingCode', () => {
  const code = validWith('PQRSTVWXYZ0');
  it.each([
    [code, true],
    [code.toLowerCase(), false],
    [code.replace(/-/g, ''), false],
    [` ${code}`, false],
    [code.replace('0', 'O'), false],
    [group(((s) => ((s[0] = s[0] === 'A' ? 'B' : 'A'), s))(symbols(code))), false],
    ['', false],
  ])('%j → %j', (input, expected) => {
    expect(isWellFormedTrackingCode(input)).toBe(expected);
  });
});
