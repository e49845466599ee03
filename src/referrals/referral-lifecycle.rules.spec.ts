import { AgencyType, ReferralStatus } from './enums';
import {
  REFERRAL_ACTIONS,
  REFERRAL_FINAL_STATES,
  REFERRAL_OUTCOME_CODES,
  ReferralAction,
  ReferralActionPayload,
  ReferralSide,
  allowedReferralActions,
  decideReferralAction,
  isFinalReferralStatus,
} from './referral-lifecycle.rules';

const { SENT, ACKNOWLEDGED, ACCEPTED, DECLINED, IN_PROGRESS, COMPLETED, CANCELLED } = ReferralStatus;
const { POLICE, HEALTH, EDUCATION, SOCIAL_SERVICES, JUSTICE, LOCAL_AUTHORITY } = AgencyType;

// A payload valid for every action, so that the table below tests only state and side.
const fullPayload: ReferralActionPayload = { reason: 'Not our jurisdiction', outcome: { code: 'PROSECUTION_OPENED', note: 'Quyết định số 12' } };

type Expected = ReferralStatus | 'ILLEGAL_TRANSITION' | 'FORBIDDEN';
const ILL = 'ILLEGAL_TRANSITION' as const;
const FORB = 'FORBIDDEN' as const;

// Every (status × side) row, one column per action in REFERRAL_ACTIONS order:
//                          acknowledge     accept     decline    start        complete    cancel
const TABLE: [ReferralStatus, ReferralSide, Expected, Expected, Expected, Expected, Expected, Expected][] = [
  [SENT, 'AGENCY', ACKNOWLEDGED, ACCEPTED, DECLINED, ILL, ILL, FORB],
  [SENT, 'CASE', FORB, FORB, FORB, FORB, FORB, CANCELLED],
  [ACKNOWLEDGED, 'AGENCY', ILL, ACCEPTED, DECLINED, ILL, ILL, FORB],
  [ACKNOWLEDGED, 'CASE', FORB, FORB, FORB, FORB, FORB, CANCELLED],
  [ACCEPTED, 'AGENCY', ILL, ILL, ILL, IN_PROGRESS, ILL, FORB],
  [ACCEPTED, 'CASE', FORB, FORB, FORB, FORB, FORB, CANCELLED],
  [IN_PROGRESS, 'AGENCY', ILL, ILL, ILL, ILL, COMPLETED, FORB],
  [IN_PROGRESS, 'CASE', FORB, FORB, FORB, FORB, FORB, CANCELLED],
  [DECLINED, 'AGENCY', ILL, ILL, ILL, ILL, ILL, FORB],
  [DECLINED, 'CASE', FORB, FORB, FORB, FORB, FORB, ILL],
  [COMPLETED, 'AGENCY', ILL, ILL, ILL, ILL, ILL, FORB],
  [COMPLETED, 'CASE', FORB, FORB, FORB, FORB, FORB, ILL],
  [CANCELLED, 'AGENCY', ILL, ILL, ILL, ILL, ILL, FORB],
  [CANCELLED, 'CASE', FORB, FORB, FORB, FORB, FORB, ILL],
];

const cells: [ReferralStatus, ReferralSide, ReferralAction, Expected][] = TABLE.flatMap(([status, side, ...expected]) =>
  REFERRAL_ACTIONS.map((action, i) => [status, side, action, expected[i]] as [ReferralStatus, ReferralSide, ReferralAction, Expected]),
);

describe('decideReferralAction: every status × action × side', () => {
  it('the table covers every combination exactly once', () => {
    expect(REFERRAL_ACTIONS).toEqual(['acknowledge', 'accept', 'decline', 'start', 'complete', 'cancel']);
    expect(cells).toHaveLength(Object.values(ReferralStatus).length * REFERRAL_ACTIONS.length * 2);
    expect(new Set(cells.map(([s, side, a]) => `${s}/${side}/${a}`)).size).toBe(cells.length);
  });

  it.each(cells)('%s, %s side, %s → %s', (status, side, action, expected) => {
    const decision = decideReferralAction(status, action, side, fullPayload, POLICE);
    if (expected === ILL || expected === FORB) {
      expect(decision).toMatchObject({ ok: false, code: expected });
      if (!decision.ok) expect(decision.message).toContain(status);
    } else {
      expect(decision).toEqual({ ok: true, to: expected });
    }
  });
});

describe('decideReferralAction: messages', () => {
  // [status, action, side, exact message]
  const table: [ReferralStatus, ReferralAction, ReferralSide, string][] = [
    [ACKNOWLEDGED, 'start', 'AGENCY', 'Cannot start a referral that is ACKNOWLEDGED; allowed from ACKNOWLEDGED: agency: accept, decline; case: cancel'],
    [SENT, 'complete', 'AGENCY', 'Cannot complete a referral that is SENT; allowed from SENT: agency: acknowledge, accept, decline; case: cancel'],
    [IN_PROGRESS, 'accept', 'AGENCY', 'Cannot accept a referral that is IN_PROGRESS; allowed from IN_PROGRESS: agency: complete; case: cancel'],
    [COMPLETED, 'cancel', 'CASE', 'Cannot cancel a referral that is COMPLETED; COMPLETED is a final state: no action is allowed'],
    [SENT, 'cancel', 'AGENCY', 'Only the case side may cancel a referral; the referral is SENT, allowed from SENT: agency: acknowledge, accept, decline; case: cancel'],
    [ACCEPTED, 'start', 'CASE', 'Only the receiving agency may start a referral; the referral is ACCEPTED, allowed from ACCEPTED: agency: start; case: cancel'],
    [DECLINED, 'accept', 'CASE', 'Only the receiving agency may accept a referral; the referral is DECLINED, DECLINED is a final state: no action is allowed'],
  ];

  it.each(table)('%s %s by %s', (status, action, side, message) => {
    expect(decideReferralAction(status, action, side, fullPayload, POLICE)).toEqual({ ok: false, code: expect.any(String), message });
  });

  it('refuses an action outside the contract', () => {
    expect(decideReferralAction(SENT, 'reopen' as ReferralAction, 'AGENCY', {}, POLICE)).toEqual({
      ok: false,
      code: 'INVALID_DATA',
      message: 'Unknown referral action "reopen"; known: acknowledge, accept, decline, start, complete, cancel',
    });
    expect(decideReferralAction(SENT, 'toString' as ReferralAction, 'AGENCY', {}, POLICE)).toMatchObject({ ok: false, code: 'INVALID_DATA' });
  });

  it('checks side before state, and state before payload', () => {
    expect(decideReferralAction(COMPLETED, 'cancel', 'AGENCY', {}, POLICE)).toMatchObject({ code: 'FORBIDDEN' });
    expect(decideReferralAction(COMPLETED, 'decline', 'AGENCY', {}, POLICE)).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect(decideReferralAction(ACKNOWLEDGED, 'decline', 'AGENCY', {}, POLICE)).toMatchObject({ code: 'MISSING_DATA' });
  });
});

describe('decideReferralAction: reasons (decline by the agency, cancel by the case side)', () => {
  // [label, reason, expected code or target]
  const table: [string, unknown, 'MISSING_DATA' | 'INVALID_DATA' | 'OK'][] = [
    ['missing', undefined, 'MISSING_DATA'],
    ['null', null, 'MISSING_DATA'],
    ['empty', '', 'MISSING_DATA'],
    ['blank', '     ', 'MISSING_DATA'],
    ['not text', 12345, 'INVALID_DATA'],
    ['4 characters', 'abcd', 'INVALID_DATA'],
    ['4 characters padded with spaces', '  abcd  ', 'INVALID_DATA'],
    ['5 characters', 'abcde', 'OK'],
    ['Vietnamese text', 'Không thuộc thẩm quyền', 'OK'],
    ['2000 characters', 'x'.repeat(2000), 'OK'],
    ['2001 characters', 'x'.repeat(2001), 'INVALID_DATA'],
  ];

  const actions: [ReferralAction, ReferralSide, ReferralStatus, ReferralStatus][] = [
    ['decline', 'AGENCY', SENT, DECLINED],
    ['decline', 'AGENCY', ACKNOWLEDGED, DECLINED],
    ['cancel', 'CASE', SENT, CANCELLED],
    ['cancel', 'CASE', IN_PROGRESS, CANCELLED],
  ];

  const rows = actions.flatMap(([action, side, from, to]) => table.map(([label, reason, expected]) => [action, from, label, side, reason, expected, to] as const));

  it.each(rows)('%s from %s, reason %s', (action, from, _label, side, reason, expected, to) => {
    const decision = decideReferralAction(from, action, side, { reason: reason as string }, HEALTH);
    if (expected === 'OK') expect(decision).toEqual({ ok: true, to });
    else expect(decision).toMatchObject({ ok: false, code: expected });
  });

  it('names the action and the minimum length', () => {
    expect(decideReferralAction(SENT, 'decline', 'AGENCY', {}, HEALTH)).toEqual({ ok: false, code: 'MISSING_DATA', message: 'A reason is required to decline a referral' });
    expect(decideReferralAction(SENT, 'cancel', 'CASE', { reason: 'no' }, HEALTH)).toEqual({ ok: false, code: 'INVALID_DATA', message: 'reason must be at least 5 characters' });
  });

  it('tolerates a missing payload object', () => {
    expect(decideReferralAction(SENT, 'cancel', 'CASE', undefined as unknown as ReferralActionPayload, HEALTH)).toMatchObject({ code: 'MISSING_DATA' });
    expect(decideReferralAction(SENT, 'acknowledge', 'AGENCY', undefined as unknown as ReferralActionPayload, HEALTH)).toEqual({ ok: true, to: ACKNOWLEDGED });
  });

  it('ignores a reason where none is needed', () => {
    expect(decideReferralAction(SENT, 'accept', 'AGENCY', { reason: 'x' }, HEALTH)).toEqual({ ok: true, to: ACCEPTED });
  });
});

describe('decideReferralAction: outcome codes (complete)', () => {
  const complete = (agencyType: AgencyType, outcome: ReferralActionPayload['outcome']) => decideReferralAction(IN_PROGRESS, 'complete', 'AGENCY', { outcome }, agencyType);

  const EXPECTED_CODES: Record<AgencyType, string[]> = {
    [POLICE]: ['PROSECUTION_OPENED', 'NO_PROSECUTION', 'SUSPENDED'],
    [HEALTH]: ['EXAMINED', 'FORENSIC_ASSESSMENT_DONE', 'TREATED', 'PSYCHOLOGICAL_SUPPORT', 'OTHER'],
    [EDUCATION]: ['SCHOOL_MEASURES_TAKEN', 'COUNSELLING_AT_SCHOOL', 'TRANSFER_OF_SCHOOL', 'OTHER'],
    [SOCIAL_SERVICES]: ['SERVICES_PROVIDED', 'ALTERNATIVE_CARE_ARRANGED', 'PSYCHOSOCIAL_SUPPORT', 'OTHER'],
    [JUSTICE]: ['LEGAL_AID_PROVIDED', 'LEGAL_ADVICE_GIVEN', 'OTHER'],
    [LOCAL_AUTHORITY]: ['FAMILY_SUPPORT_ARRANGED', 'ADMINISTRATIVE_MEASURES', 'OTHER'],
  };

  it('a police decision (art. 147) needs a note naming it', () => {
    expect(complete(POLICE, { code: 'NO_PROSECUTION' })).toMatchObject({
      ok: false,
      code: 'MISSING_DATA',
      message: expect.stringMatching(/^A police decision needs outcome.note/),
    });
    expect(complete(POLICE, { code: 'SUSPENDED', note: '  ' })).toMatchObject({ ok: false, code: 'MISSING_DATA' });
    expect(complete(HEALTH, { code: 'EXAMINED' })).toEqual({ ok: true, to: COMPLETED });
  });

  it('lists the contract codes of every agency type, each with Vietnamese and English labels', () => {
    expect(Object.keys(REFERRAL_OUTCOME_CODES).sort()).toEqual(Object.values(AgencyType).sort());
    for (const type of Object.values(AgencyType)) {
      expect(REFERRAL_OUTCOME_CODES[type].map((c) => c.code)).toEqual(EXPECTED_CODES[type]);
      for (const c of REFERRAL_OUTCOME_CODES[type]) {
        expect(c.labelVi.trim()).not.toBe('');
        expect(c.labelEn.trim()).not.toBe('');
        expect(c.labelVi).not.toBe(c.labelEn);
      }
    }
  });

  const allCodes = [...new Set(Object.values(EXPECTED_CODES).flat())];
  // Every (agency type × known code): valid exactly when the code belongs to that type.
  const matrix = Object.values(AgencyType).flatMap((type) => allCodes.map((code) => [type, code, EXPECTED_CODES[type].includes(code)] as const));

  it.each(matrix)('%s completing with %s → valid %s', (type, code, valid) => {
    const decision = complete(type, { code, note: 'Quyết định số 12/QĐ' });
    if (valid) expect(decision).toEqual({ ok: true, to: COMPLETED });
    else expect(decision).toMatchObject({ ok: false, code: 'INVALID_DATA' });
  });

  // [label, outcome, expected]
  const table: [string, unknown, 'MISSING_DATA' | 'INVALID_DATA' | 'OK'][] = [
    ['no outcome', undefined, 'MISSING_DATA'],
    ['null outcome', null, 'MISSING_DATA'],
    ['outcome without code', { note: 'seen' }, 'MISSING_DATA'],
    ['empty code', { code: '' }, 'MISSING_DATA'],
    ['lower-case code', { code: 'examined' }, 'INVALID_DATA'],
    ['code not text', { code: 1 }, 'INVALID_DATA'],
    ['unknown code', { code: 'CURED' }, 'INVALID_DATA'],
    ['no note', { code: 'TREATED' }, 'OK'],
    ['null note', { code: 'TREATED', note: null }, 'OK'],
    ['empty note', { code: 'TREATED', note: '' }, 'OK'],
    ['Vietnamese note', { code: 'TREATED', note: 'Đã điều trị ngoại trú' }, 'OK'],
    ['note not text', { code: 'TREATED', note: 42 }, 'INVALID_DATA'],
    ['note of 4000 characters', { code: 'TREATED', note: 'x'.repeat(4000) }, 'OK'],
    ['note of 4001 characters', { code: 'TREATED', note: 'x'.repeat(4001) }, 'INVALID_DATA'],
  ];

  it.each(table)('%s', (_label, outcome, expected) => {
    const decision = complete(HEALTH, outcome as ReferralActionPayload['outcome']);
    if (expected === 'OK') expect(decision).toEqual({ ok: true, to: COMPLETED });
    else expect(decision).toMatchObject({ ok: false, code: expected });
  });

  it("names the agency type's codes when refusing", () => {
    expect(complete(JUSTICE, { code: 'PROSECUTED' })).toEqual({
      ok: false,
      code: 'INVALID_DATA',
      message: 'outcome.code "PROSECUTED" is not an outcome of JUSTICE; allowed: LEGAL_AID_PROVIDED, LEGAL_ADVICE_GIVEN, OTHER',
    });
    expect(complete(EDUCATION, undefined)).toEqual({
      ok: false,
      code: 'MISSING_DATA',
      message: 'An outcome code is required to complete a referral; for EDUCATION: SCHOOL_MEASURES_TAKEN, COUNSELLING_AT_SCHOOL, TRANSFER_OF_SCHOOL, OTHER',
    });
  });

  it('does not check the outcome for other actions', () => {
    expect(decideReferralAction(ACCEPTED, 'start', 'AGENCY', { outcome: { code: 'nonsense' } }, HEALTH)).toEqual({ ok: true, to: IN_PROGRESS });
  });
});

describe('allowedReferralActions and final states', () => {
  // [status, agency side, case side]
  const table: [ReferralStatus, ReferralAction[], ReferralAction[]][] = [
    [SENT, ['acknowledge', 'accept', 'decline'], ['cancel']],
    [ACKNOWLEDGED, ['accept', 'decline'], ['cancel']],
    [ACCEPTED, ['start'], ['cancel']],
    [IN_PROGRESS, ['complete'], ['cancel']],
    [DECLINED, [], []],
    [COMPLETED, [], []],
    [CANCELLED, [], []],
  ];

  it.each(table)('%s', (status, agency, caseSide) => {
    expect(allowedReferralActions(status, 'AGENCY')).toEqual(agency);
    expect(allowedReferralActions(status, 'CASE')).toEqual(caseSide);
    expect(allowedReferralActions(status)).toEqual(REFERRAL_ACTIONS.filter((a) => agency.includes(a) || caseSide.includes(a)));
    expect(isFinalReferralStatus(status)).toBe(agency.length === 0 && caseSide.length === 0);
  });

  it('final states are DECLINED, COMPLETED, CANCELLED', () => {
    expect([...REFERRAL_FINAL_STATES].sort()).toEqual([CANCELLED, COMPLETED, DECLINED]);
  });

  it('agrees with decideReferralAction', () => {
    for (const [status, side, action, expected] of cells) {
      const allowed = allowedReferralActions(status, side).includes(action);
      expect({ status, side, action, allowed }).toEqual({ status, side, action, allowed: expected !== ILL && expected !== FORB });
    }
  });
});
