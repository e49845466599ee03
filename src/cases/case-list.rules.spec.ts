import { CaseStatus, RiskLevel } from './enums';
import { caseSortKey, caseTextMatches, decodeCaseCursor, encodeCaseCursor, totalMayBeEstimated, wordTokens } from './case-list.rules';

describe('case list cursor', () => {
  const id = '0b6f1c2e-8d0a-4f7e-9a51-2c3d4e5f6a7b';

  it('ranks a case as the list orders it', () => {
    expect(caseSortKey({ status: CaseStatus.RECEIVED, riskLevel: RiskLevel.CRITICAL, immediateDanger: true, id }, '2026-11-01T01:02:03.123456Z')).toEqual({
      closedRank: 0,
      riskRank: 0,
      calmRank: 0,
      openedAt: '2026-11-01T01:02:03.123456Z',
      id,
    });
    expect(caseSortKey({ status: CaseStatus.CLOSED, riskLevel: null, immediateDanger: false, id }, '2026-11-01T01:02:03Z')).toMatchObject({
      closedRank: 1,
      riskRank: 3,
      calmRank: 1,
    });
    expect(caseSortKey({ status: CaseStatus.ASSESSING, riskLevel: RiskLevel.LOW, immediateDanger: false, id }, '2026-11-01T01:02:03Z').riskRank).toBe(3);
  });

  it('decodes what it encodes, to the microsecond', () => {
    const key = caseSortKey({ status: CaseStatus.PLANNING, riskLevel: RiskLevel.HIGH, immediateDanger: false, id }, '2026-11-01T01:02:03.123456Z');
    const cursor = encodeCaseCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCaseCursor(cursor)).toEqual(key);
  });

  it('refuses a cursor it did not give out', () => {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    expect(decodeCaseCursor('not a cursor!')).toBeNull();
    expect(decodeCaseCursor(Buffer.from('{oops').toString('base64url'))).toBeNull();
    expect(decodeCaseCursor(enc([0, 1, 0, '2026-11-01T01:02:03Z']))).toBeNull();
    expect(decodeCaseCursor(enc([2, 1, 0, '2026-11-01T01:02:03Z', id]))).toBeNull();
    expect(decodeCaseCursor(enc([0, 7, 0, '2026-11-01T01:02:03Z', id]))).toBeNull();
    expect(decodeCaseCursor(enc([0, 1, 0, "2026-11-01'; DROP TABLE x", id]))).toBeNull();
    expect(decodeCaseCursor(enc([0, 1, 0, '2026-11-01T01:02:03Z', 'x']))).toBeNull();
  });
});

describe('estimated totals', () => {
  it('estimates only an unfiltered list above the exact-count limit', () => {
    expect(totalMayBeEstimated(false, 1_000_000, 10_000)).toBe(true);
    expect(totalMayBeEstimated(false, 500, 10_000)).toBe(false);
    expect(totalMayBeEstimated(true, 1_000_000, 10_000)).toBe(false);
  });
});

describe('free-text matching', () => {
  it('tries whole words first for a name typed as words, then parts of words', () => {
    expect(caseTextMatches('bui thanh long', null)).toEqual([
      { by: 'words', text: 'bui thanh long', tokens: "'bui thanh' & 'thanh long'" },
      { by: 'part', like: '%bui thanh long%', phoneLike: null },
    ]);
    expect(caseTextMatches('hoa', null).map((m) => m.by)).toEqual(['words', 'part']);
  });

  it('looks a word up alone and several words by their neighbouring pairs', () => {
    expect(wordTokens(['hoa'])).toBe("'hoa'");
    expect(wordTokens(['nguyen', 'van'])).toBe("'nguyen van'");
    expect(wordTokens(['nguyen', 'thi', 'minh', 'khai'])).toBe("'nguyen thi' & 'thi minh' & 'minh khai'");
    expect(() => wordTokens(["o'brien"])).toThrow();
  });

  it('matches digits, case numbers, phones and punctuation as parts only, with LIKE wildcards escaped', () => {
    expect(caseTextMatches('0912345678', '0912345678')).toEqual([{ by: 'part', like: '%0912345678%', phoneLike: '%0912345678%' }]);
    expect(caseTextMatches('22-2026-0000123', null)).toEqual([{ by: 'part', like: '%22-2026-0000123%', phoneLike: null }]);
    expect(caseTextMatches('100%_a\\b', null)).toEqual([{ by: 'part', like: '%100\\%\\_a\\\\b%', phoneLike: null }]);
    expect(caseTextMatches("o'brien", null).map((m) => m.by)).toEqual(['part']);
  });
});
