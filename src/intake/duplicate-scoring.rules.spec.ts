import { Sex } from './enums';
import {
  CandidateCase,
  DUPLICATE_REASONS,
  DuplicateReasonCode,
  explainReasons,
  IntakeChildSignature,
  IntakeSignature,
  rankDuplicates,
  scoreDuplicate,
} from './duplicate-scoring.rules';
import { nameSearchKey } from './normalise.rules';

const receivedAt = new Date('2026-11-22T01:00:00Z');
const daysBefore = (n: number) => new Date(receivedAt.getTime() - n * 86_400_000);

const child = (name: string | null, birthYear: number | null = null, sex: Sex | null = null): IntakeChildSignature => ({
  nameKey: name === null ? null : nameSearchKey(name),
  birthYear,
  sex,
});

const intake = (over: Partial<IntakeSignature> = {}): IntakeSignature => ({
  children: [],
  reporterPhone: null,
  callerPhone: null,
  provinceCode: '22',
  communeCode: '06652',
  addressKey: null,
  receivedAt,
  ...over,
});

const candidate = (over: Partial<CandidateCase> = {}): CandidateCase => ({
  caseId: 'case-1',
  caseNumber: '22-2026-000001',
  openedAt: daysBefore(5),
  children: [],
  phones: [],
  provinceCode: '22',
  communeCode: '06652',
  addressKeys: [],
  ...over,
});

const hoa = child('Nguyễn Thị Hoa', 2017, Sex.FEMALE);

interface Scenario {
  name: string;
  intake: Partial<IntakeSignature>;
  candidate: Partial<CandidateCase>;
  /** null: no suggestion at all */
  score: [min: number, max: number] | null;
  has?: DuplicateReasonCode[];
  hasNot?: DuplicateReasonCode[];
}

const scenarios: Scenario[] = [
  {
    name: 'same child, same birth year, sex and commune, recent',
    intake: { children: [hoa] },
    candidate: { children: [child('Nguyễn Thị Hoa', 2017, Sex.FEMALE)] },
    score: [0.85, 0.95],
    has: ['SAME_CHILD_NAME', 'SAME_BIRTH_YEAR', 'SAME_COMMUNE', 'RECENT'],
    hasNot: ['SIMILAR_CHILD_NAME', 'DIFFERENT_SEX', 'SAME_PHONE'],
  },
  {
    name: 'same child typed without diacritics',
    intake: { children: [child('Nguyen Thi Hoa', 2017, Sex.FEMALE)] },
    candidate: { children: [child('Nguyễn Thị Hoà', 2017, Sex.FEMALE)] },
    score: [0.85, 0.95],
    has: ['SAME_CHILD_NAME', 'SAME_BIRTH_YEAR'],
  },
  {
    name: 'same child, upper case and decomposed (NFD) on one side',
    intake: { children: [child('NGUYỄN THỊ HÒA'.normalize('NFD'), 2017)] },
    candidate: { children: [child('nguyễn thị hoà', 2017)] },
    score: [0.85, 0.95],
    has: ['SAME_CHILD_NAME'],
  },
  {
    name: 'raw (unfolded) name keys are folded before comparing',
    intake: { children: [{ nameKey: 'Đặng Văn Đức', birthYear: 2015, sex: Sex.MALE }] },
    candidate: { children: [{ nameKey: 'dang van duc', birthYear: 2015, sex: Sex.MALE }] },
    score: [0.85, 0.95],
    has: ['SAME_CHILD_NAME'],
  },
  {
    name: 'middle name missing (2 of 3 tokens, same given name)',
    intake: { children: [child('Nguyễn Hoa', 2017)] },
    candidate: { children: [child('Nguyễn Thị Hoa', 2017)] },
    score: [0.6, 0.8],
    has: ['SIMILAR_CHILD_NAME', 'SAME_BIRTH_YEAR'],
    hasNot: ['SAME_CHILD_NAME'],
  },
  {
    name: 'name given in Western order on the online form',
    intake: { children: [child('Hoa Nguyen Thi', 2017)] },
    candidate: { children: [child('Nguyễn Thị Hoa', 2017)] },
    score: [0.6, 0.8],
    has: ['SIMILAR_CHILD_NAME'],
  },
  {
    name: 'only the given name known ("bé Hoa"), same year and commune',
    intake: { children: [child('bé Hoa', 2017)] },
    candidate: { children: [child('Nguyễn Thị Hoa', 2017)] },
    score: [0.3, 0.5],
    has: ['SAME_GIVEN_NAME', 'SAME_BIRTH_YEAR'],
  },
  {
    name: 'same family and middle name but another given name is not the same child',
    intake: { children: [child('Nguyễn Văn An', 2017)] },
    candidate: { children: [child('Nguyễn Văn Bình', 2017)] },
    score: [0.1, 0.2],
    has: ['DIFFERENT_CHILD', 'SAME_COMMUNE', 'RECENT'],
    hasNot: ['SAME_CHILD_NAME', 'SIMILAR_CHILD_NAME', 'SAME_BIRTH_YEAR'],
  },
  {
    name: 'same given name, different family and middle names',
    intake: { children: [child('Trần Văn An', 2017)] },
    candidate: { children: [child('Lê Thị An', 2017)] },
    score: [0.1, 0.2],
    has: ['DIFFERENT_CHILD'],
    hasNot: ['SAME_GIVEN_NAME'],
  },
  {
    name: 'birth year off by one (age estimated)',
    intake: { children: [child('Nguyễn Thị Hoa', 2016, Sex.FEMALE)] },
    candidate: { children: [child('Nguyễn Thị Hoa', 2017, Sex.FEMALE)] },
    score: [0.8, 0.9],
    has: ['SAME_CHILD_NAME', 'CLOSE_BIRTH_YEAR'],
    hasNot: ['SAME_BIRTH_YEAR', 'BIRTH_YEAR_MISMATCH'],
  },
  {
    name: 'birth year off by two lowers the match',
    intake: { children: [child('Nguyễn Thị Hoa', 2015)] },
    candidate: { children: [child('Nguyễn Thị Hoa', 2017)] },
    score: [0.6, 0.75],
    hasNot: ['SAME_BIRTH_YEAR', 'CLOSE_BIRTH_YEAR', 'BIRTH_YEAR_MISMATCH'],
  },
  {
    name: 'birth year off by more than two lowers the match a lot',
    intake: { children: [child('Nguyễn Thị Hoa', 2010)] },
    candidate: { children: [child('Nguyễn Thị Hoa', 2017)] },
    score: [0.3, 0.45],
    has: ['SAME_CHILD_NAME', 'BIRTH_YEAR_MISMATCH'],
  },
  {
    name: 'different sex lowers the match',
    intake: { children: [child('Nguyễn Minh Anh', 2017, Sex.MALE)] },
    candidate: { children: [child('Nguyễn Minh Anh', 2017, Sex.FEMALE)] },
    score: [0.35, 0.5],
    has: ['SAME_CHILD_NAME', 'DIFFERENT_SEX'],
  },
  {
    name: 'unknown sex does not lower the match',
    intake: { children: [child('Nguyễn Minh Anh', 2017, Sex.UNKNOWN)] },
    candidate: { children: [child('Nguyễn Minh Anh', 2017, Sex.FEMALE)] },
    score: [0.85, 0.95],
    hasNot: ['DIFFERENT_SEX'],
  },
  {
    name: 'same child, birth year unknown, commune unknown at intake',
    intake: { children: [child('Nguyễn Thị Hoa')], communeCode: null },
    candidate: { children: [child('Nguyễn Thị Hoa', 2017)] },
    score: [0.6, 0.65],
    has: ['SAME_CHILD_NAME', 'RECENT'],
    hasNot: ['SAME_COMMUNE'],
  },
  {
    name: 'same name in another commune of the province is weaker',
    intake: { children: [hoa], communeCode: '06655' },
    candidate: { children: [child('Nguyễn Thị Hoa', 2017, Sex.FEMALE)] },
    score: [0.5, 0.6],
    has: ['SAME_CHILD_NAME'],
    hasNot: ['SAME_COMMUNE'],
  },
  {
    name: 'same name in another province is weaker still',
    intake: { children: [hoa], provinceCode: '79', communeCode: '26734' },
    candidate: { children: [child('Nguyễn Thị Hoa', 2017, Sex.FEMALE)] },
    score: [0.35, 0.45],
    has: ['SAME_CHILD_NAME'],
  },
  {
    name: 'same phone, children unknown',
    intake: { reporterPhone: '0912345678', communeCode: null },
    candidate: { phones: ['0912345678'] },
    score: [0.7, 0.75],
    has: ['SAME_PHONE', 'RECENT'],
  },
  {
    name: 'same phone written differently (caller phone)',
    intake: { callerPhone: '+84 912 345 678', communeCode: null },
    candidate: { phones: ['0912.345.678'] },
    score: [0.7, 0.75],
    has: ['SAME_PHONE'],
  },
  {
    name: 'same phone, different child (a teacher reporting another pupil)',
    intake: { reporterPhone: '0912345678', children: [child('Lê Văn Tùng', 2014)], communeCode: null },
    candidate: { phones: ['0912345678'], children: [child('Phạm Thị Lan', 2016)] },
    score: [0.4, 0.45],
    has: ['SAME_PHONE', 'DIFFERENT_CHILD'],
    hasNot: ['SAME_CHILD_NAME'],
  },
  {
    name: 'same phone and same child',
    intake: { reporterPhone: '0912345678', children: [hoa] },
    candidate: { phones: ['0912345678'], children: [child('Nguyễn Thị Hoa', 2017, Sex.FEMALE)] },
    score: [0.95, 1],
    has: ['SAME_CHILD_NAME', 'SAME_BIRTH_YEAR', 'SAME_PHONE', 'SAME_COMMUNE', 'RECENT'],
  },
  {
    name: 'hotline numbers are not evidence',
    intake: { callerPhone: '111', reporterPhone: '1800 1769', communeCode: null },
    candidate: { phones: ['111', '18001769'] },
    score: null,
  },
  {
    name: 'unparseable phones are ignored',
    intake: { reporterPhone: 'không rõ', communeCode: null },
    candidate: { phones: ['không rõ'] },
    score: null,
  },
  {
    name: 'same commune and similar address, recent',
    intake: { addressKey: nameSearchKey('Số 12, thôn Đông, xã Yên Thọ') },
    candidate: { addressKeys: [nameSearchKey('so 12 thon Dong Yen Tho')] },
    score: [0.35, 0.4],
    has: ['SAME_COMMUNE', 'SIMILAR_ADDRESS', 'RECENT'],
  },
  {
    name: 'same commune, different address, recent',
    intake: { addressKey: nameSearchKey('Số 12, thôn Đông') },
    candidate: { addressKeys: [nameSearchKey('Tổ 5, khu Bắc Sơn')] },
    score: [0.15, 0.15],
    has: ['SAME_COMMUNE'],
    hasNot: ['SIMILAR_ADDRESS'],
  },
  {
    name: 'similar address in a different commune does not count',
    intake: { addressKey: nameSearchKey('Số 12, thôn Đông'), communeCode: '06655' },
    candidate: { addressKeys: [nameSearchKey('Số 12, thôn Đông')] },
    score: null,
  },
  {
    name: 'old case outside the window: same commune and address are not evidence',
    intake: { addressKey: nameSearchKey('Số 12, thôn Đông, xã Yên Thọ') },
    candidate: { openedAt: daysBefore(200), addressKeys: [nameSearchKey('Số 12, thôn Đông, xã Yên Thọ')] },
    score: null,
  },
  {
    name: 'old case outside the window: the same child still matches',
    intake: { children: [hoa] },
    candidate: { openedAt: daysBefore(200), children: [child('Nguyễn Thị Hoa', 2017, Sex.FEMALE)] },
    score: [0.8, 0.9],
    has: ['SAME_CHILD_NAME', 'SAME_COMMUNE'],
    hasNot: ['RECENT'],
  },
  {
    name: 'window boundary: exactly 30 days is recent',
    intake: { addressKey: 'thon dong 12' },
    candidate: { openedAt: daysBefore(30), addressKeys: ['thon dong 12'] },
    score: [0.35, 0.4],
    has: ['RECENT'],
  },
  {
    name: 'window boundary: 30 days and a minute is not',
    intake: { addressKey: 'thon dong 12' },
    candidate: { openedAt: new Date(daysBefore(30).getTime() - 60_000), addressKeys: ['thon dong 12'] },
    score: null,
  },
  {
    name: 'case opened after the report was received (backdated entry) is recent',
    intake: { addressKey: 'thon dong 12' },
    candidate: { openedAt: new Date(receivedAt.getTime() + 3_600_000), addressKeys: ['thon dong 12'] },
    score: [0.35, 0.4],
    has: ['RECENT'],
  },
  {
    name: 'nothing in common',
    intake: { children: [hoa], reporterPhone: '0912345678', provinceCode: '01', communeCode: '00004' },
    candidate: { children: [child('Trần Văn Nam', 2012)], phones: ['0987654321'] },
    score: null,
  },
  {
    name: 'several children: the best pair counts (report about siblings, case about one of them)',
    intake: { children: [child('Lê Văn Tùng', 2014, Sex.MALE), child('Lê Thị Mai', 2016, Sex.FEMALE)] },
    candidate: { children: [child('Lê Thị Mai', 2016, Sex.FEMALE)] },
    score: [0.85, 0.95],
    has: ['SAME_CHILD_NAME', 'SAME_BIRTH_YEAR'],
    hasNot: ['DIFFERENT_CHILD'],
  },
  {
    name: 'children without names are neither a match nor a mismatch',
    intake: { children: [child(null, 2017, Sex.FEMALE)], reporterPhone: '0912345678', communeCode: null },
    candidate: { children: [child('Nguyễn Thị Hoa', 2017, Sex.FEMALE)], phones: ['0912345678'] },
    score: [0.7, 0.75],
    has: ['SAME_PHONE'],
    hasNot: ['DIFFERENT_CHILD', 'SAME_BIRTH_YEAR'],
  },
];

describe('scoreDuplicate', () => {
  it.each(scenarios)('$name', (s) => {
    const result = scoreDuplicate(intake(s.intake), candidate(s.candidate));
    if (s.score === null) {
      expect(result).toBeNull();
      return;
    }
    expect(result).not.toBeNull();
    const { score, reasons } = result!;
    expect(score).toBeGreaterThanOrEqual(s.score[0]);
    expect(score).toBeLessThanOrEqual(s.score[1]);
    for (const r of s.has ?? []) expect(reasons).toContain(r);
    for (const r of s.hasNot ?? []) expect(reasons).not.toContain(r);
  });

  it('returns the case identity, a score within 0..1 rounded to 3 decimals, and reasons in a stable order', () => {
    const result = scoreDuplicate(
      intake({ children: [hoa], reporterPhone: '0912345678', addressKey: 'so 12 thon dong' }),
      candidate({
        caseId: 'c-9',
        caseNumber: '22-2026-000009',
        children: [child('Nguyễn Thị Hoa', 2017, Sex.FEMALE)],
        phones: ['0912345678'],
        addressKeys: ['so 12 thon dong'],
      }),
    );
    expect(result).toEqual({
      caseId: 'c-9',
      caseNumber: '22-2026-000009',
      score: expect.any(Number),
      reasons: ['SAME_CHILD_NAME', 'SAME_BIRTH_YEAR', 'SAME_PHONE', 'SAME_COMMUNE', 'SIMILAR_ADDRESS', 'RECENT'],
    });
    expect(result!.score).toBeLessThanOrEqual(1);
    expect(Math.round(result!.score * 1000)).toBe(result!.score * 1000);
  });

  it('ranks the kinds of evidence as documented', () => {
    const s = (i: Partial<IntakeSignature>, c: Partial<CandidateCase>) => scoreDuplicate(intake(i), candidate(c))?.score ?? 0;
    const sameChild = s({ children: [hoa] }, { children: [hoa] });
    const closeYear = s({ children: [child('Nguyễn Thị Hoa', 2016, Sex.FEMALE)] }, { children: [hoa] });
    const similarName = s({ children: [child('Nguyễn Hoa', 2017, Sex.FEMALE)] }, { children: [hoa] });
    const samePhone = s({ reporterPhone: '0912345678' }, { phones: ['0912345678'] });
    const phoneOtherChild = s({ reporterPhone: '0912345678', children: [child('Lê Văn Tùng')] }, { phones: ['0912345678'], children: [hoa] });
    const placeOnly = s({ addressKey: 'so 12 thon dong' }, { addressKeys: ['so 12 thon dong'] });
    expect(sameChild).toBeGreaterThan(closeYear);
    expect(closeYear).toBeGreaterThan(similarName);
    expect(samePhone).toBeGreaterThan(phoneOtherChild);
    expect(phoneOtherChild).toBeGreaterThan(placeOnly);
  });

  it('never lowers the score when evidence is added, and stays within 0..1', () => {
    const children = [[], [hoa], [child('Nguyễn Hoa', 2016)], [child('Trần Văn Nam', 2012, Sex.MALE)]];
    const phones = [null, '0912345678', '0987654321'];
    const addresses = [null, 'so 12 thon dong', 'to 5 khu bac son'];
    const communes = [null, '06652', '06655'];
    const opened = [daysBefore(1), daysBefore(400)];
    const c = candidate({ children: [hoa], phones: ['0912345678'], addressKeys: ['so 12 thon dong'] });
    for (const ch of children)
      for (const p of phones)
        for (const a of addresses)
          for (const cm of communes)
            for (const o of opened) {
              const base = intake({ children: ch, addressKey: a, communeCode: cm });
              const cand = { ...c, openedAt: o };
              const without = scoreDuplicate(base, cand)?.score ?? 0;
              const withPhone = scoreDuplicate({ ...base, reporterPhone: p }, cand)?.score ?? 0;
              expect(without).toBeGreaterThanOrEqual(0);
              expect(withPhone).toBeLessThanOrEqual(1);
              expect(withPhone).toBeGreaterThanOrEqual(without);
            }
  });

  it('honours a custom recent window', () => {
    const i = intake({ addressKey: 'so 12 thon dong' });
    const c = candidate({ openedAt: daysBefore(45), addressKeys: ['so 12 thon dong'] });
    expect(scoreDuplicate(i, c)).toBeNull();
    expect(scoreDuplicate(i, c, { recentWindowDays: 60 })?.reasons).toEqual(['SAME_COMMUNE', 'SIMILAR_ADDRESS', 'RECENT']);
    expect(scoreDuplicate(i, candidate({ openedAt: daysBefore(1), addressKeys: ['so 12 thon dong'] }), { recentWindowDays: 0 })).toBeNull();
  });

  it('is symmetric in which side spells the name without diacritics', () => {
    const a = scoreDuplicate(intake({ children: [child('Phan Thị Thu Hằng', 2013)] }), candidate({ children: [child('Phan Thi Thu Hang', 2013)] }));
    const b = scoreDuplicate(intake({ children: [child('Phan Thi Thu Hang', 2013)] }), candidate({ children: [child('Phan Thị Thu Hằng', 2013)] }));
    expect(a).toEqual(b);
    expect(a!.reasons).toContain('SAME_CHILD_NAME');
  });
});

describe('rankDuplicates', () => {
  it('twins: the case about the same twin ranks above the case about the other', () => {
    const an = candidate({ caseId: 'an', caseNumber: '22-2026-000010', children: [child('Nguyễn Văn An', 2018, Sex.MALE)], addressKeys: ['thon dong'] });
    const binh = candidate({ caseId: 'binh', caseNumber: '22-2026-000011', children: [child('Nguyễn Văn Bình', 2018, Sex.MALE)], addressKeys: ['thon dong'] });
    const report = intake({ children: [child('Nguyễn Văn An', 2018, Sex.MALE)], addressKey: 'thon dong' });
    const ranked = rankDuplicates(report, [binh, an], { minScore: 0 });
    expect(ranked.map((r) => r.caseId)).toEqual(['an', 'binh']);
    expect(ranked[0].reasons).toContain('SAME_CHILD_NAME');
    expect(ranked[1].reasons).not.toContain('SAME_CHILD_NAME');
    expect(ranked[1].reasons).toContain('DIFFERENT_CHILD');
  });

  it('twins in one case: the report about one twin matches that twin', () => {
    const twins = candidate({
      children: [child('Nguyễn Thị Hoa', 2018, Sex.FEMALE), child('Nguyễn Thị Huệ', 2018, Sex.FEMALE)],
    });
    const r = scoreDuplicate(intake({ children: [child('Nguyen Thi Hue', 2018, Sex.FEMALE)] }), twins);
    expect(r!.reasons).toEqual(expect.arrayContaining(['SAME_CHILD_NAME', 'SAME_BIRTH_YEAR']));
  });

  const report = intake({ children: [hoa], reporterPhone: '0912345678' });
  const strong = candidate({ caseId: 'strong', caseNumber: '22-2026-000100', children: [hoa], openedAt: daysBefore(3) });
  const phone = candidate({ caseId: 'phone', caseNumber: '22-2026-000050', phones: ['0912345678'], openedAt: daysBefore(10), communeCode: null });
  const phoneNewer = { ...phone, caseId: 'phone-newer', caseNumber: '22-2026-000060', openedAt: daysBefore(2) };
  const phoneSameDayA = { ...phone, caseId: 'phone-a', caseNumber: '22-2026-000070', openedAt: daysBefore(20) };
  const phoneSameDayB = { ...phone, caseId: 'phone-b', caseNumber: '22-2026-000071', openedAt: daysBefore(20) };
  const weak = candidate({ caseId: 'weak', caseNumber: '22-2026-000001', openedAt: daysBefore(1) });
  const none = candidate({ caseId: 'none', caseNumber: '01-2026-000001', provinceCode: '01', communeCode: '00004' });
  const all = [weak, phoneSameDayB, none, phone, strong, phoneSameDayA, phoneNewer];

  it('orders by score, then the newer case, then case number', () => {
    expect(rankDuplicates(report, all, { limit: 10 }).map((r) => r.caseId)).toEqual(['strong', 'phone-newer', 'phone', 'phone-a', 'phone-b']);
  });

  it('gives the same order whatever the input order', () => {
    const expected = rankDuplicates(report, all, { limit: 10 });
    for (let shift = 1; shift < all.length; shift++) {
      const rotated = [...all.slice(shift), ...all.slice(0, shift)];
      expect(rankDuplicates(report, rotated, { limit: 10 })).toEqual(expected);
      expect(rankDuplicates(report, [...rotated].reverse(), { limit: 10 })).toEqual(expected);
    }
  });

  it.each([
    [{}, ['strong', 'phone-newer', 'phone', 'phone-a', 'phone-b']],
    [{ limit: 2 }, ['strong', 'phone-newer']],
    [{ limit: 0 }, []],
    [{ minScore: 0.8, limit: 10 }, ['strong']],
    [{ minScore: 0, limit: 10 }, ['strong', 'phone-newer', 'phone', 'phone-a', 'phone-b', 'weak']],
    [{ minScore: 1.01 }, []],
  ])('options %j', (options, ids) => {
    expect(rankDuplicates(report, all, options).map((r) => r.caseId)).toEqual(ids);
  });

  it('lists a case once even if the candidates repeat it', () => {
    expect(rankDuplicates(report, [strong, strong, phone]).map((r) => r.caseId)).toEqual(['strong', 'phone']);
  });

  it('returns nothing for no candidates', () => {
    expect(rankDuplicates(report, [])).toEqual([]);
  });
});

describe('explainReasons', () => {
  it('gives readable text for every code and passes unknown codes through', () => {
    const codes = Object.keys(DUPLICATE_REASONS);
    const texts = explainReasons(codes);
    expect(texts).toHaveLength(codes.length);
    texts.forEach((t, i) => {
      expect(t).not.toBe(codes[i]);
      expect(t.length).toBeGreaterThan(5);
    });
    expect(explainReasons(['SOMETHING_NEW'])).toEqual(['SOMETHING_NEW']);
  });

  it('codes are stable upper-snake identifiers', () => {
    for (const code of Object.keys(DUPLICATE_REASONS)) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });
});
