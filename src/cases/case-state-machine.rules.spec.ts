import { Role } from '../identity/enums';
import {
  AssessmentInput,
  CaseFacts,
  PlanInput,
  TransitionActor,
  TransitionDecision,
  TransitionKind,
  TransitionRequest,
  allowedTargets,
  decideTransition,
  validatePlan,
} from './case-state-machine.rules';
import { CaseStatus, ClosureReason, ProtectionLevel, RiskLevel } from './enums';

const S = CaseStatus;
const STATES = [S.RECEIVED, S.ASSESSING, S.PLANNING, S.INTERVENING, S.REVIEWING, S.CLOSED];
const REASONS = [
  ClosureReason.GOALS_MET,
  ClosureReason.UNFOUNDED,
  ClosureReason.TRANSFERRED,
  ClosureReason.CHILD_RELOCATED,
  ClosureReason.AGED_OUT,
  ClosureReason.DECEASED,
  ClosureReason.OTHER,
];
const ROLES = [Role.HOTLINE_OPERATOR, Role.CASE_WORKER, Role.AGENCY_OFFICER, Role.SUPERVISOR, Role.ADMIN];

// ---------------------------------------------------------------------------------------------------------
// Expected outcomes, written out by hand from product.md §4.
// Each cell is two letters: the outcome for a SUPERVISOR in jurisdiction, then for the ASSIGNED CASE WORKER,
// both sending complete data. O = allowed, F = FORBIDDEN, L = ILLEGAL_TRANSITION, I = INVALID_DATA.
// 'C' means "into CLOSED": see CLOSURE_GRID, which depends on the closure reason.

type Cell = 'OO' | 'OF' | 'LL' | 'IF' | 'II' | 'C';

//                           to: RECEIVED ASSESSING PLANNING INTERVENING REVIEWING CLOSED
const GRID: Record<CaseStatus, Cell[]> = {
  [S.RECEIVED]: /*         */ ['LL', 'OO', 'LL', 'LL', 'LL', 'C'],
  [S.ASSESSING]: /*        */ ['LL', 'LL', 'OO', 'LL', 'LL', 'C'],
  [S.PLANNING]: /*         */ ['LL', 'LL', 'LL', 'OF', 'LL', 'C'],
  [S.INTERVENING]: /*      */ ['LL', 'LL', 'LL', 'LL', 'OO', 'C'],
  [S.REVIEWING]: /*        */ ['LL', 'LL', 'LL', 'OO', 'LL', 'C'],
  [S.CLOSED]: /*           */ ['LL', 'OF', 'LL', 'LL', 'LL', 'LL'],
};

//                       reason: GOALS_MET UNFOUNDED TRANSFERRED CHILD_RELOCATED AGED_OUT DECEASED OTHER
const CLOSURE_GRID: Partial<Record<CaseStatus, Cell[]>> = {
  [S.RECEIVED]: /*         */ ['IF', 'IF', 'OF', 'OF', 'OF', 'OF', 'IF'],
  [S.ASSESSING]: /*        */ ['II', 'OO', 'OF', 'OF', 'OF', 'OF', 'OF'],
  [S.PLANNING]: /*         */ ['IF', 'IF', 'OF', 'OF', 'OF', 'OF', 'IF'],
  [S.INTERVENING]: /*      */ ['IF', 'IF', 'OF', 'OF', 'OF', 'OF', 'IF'],
  [S.REVIEWING]: /*        */ ['OF', 'IF', 'OF', 'OF', 'OF', 'OF', 'OF'],
};

const KINDS: Record<string, { kind: TransitionKind; needsSupervisorApproval: boolean }> = {
  'RECEIVED>ASSESSING': { kind: 'START_ASSESSMENT', needsSupervisorApproval: false },
  'ASSESSING>PLANNING': { kind: 'RECORD_ASSESSMENT', needsSupervisorApproval: false },
  'PLANNING>INTERVENING': { kind: 'APPROVE_PLAN', needsSupervisorApproval: true },
  'INTERVENING>REVIEWING': { kind: 'START_REVIEW', needsSupervisorApproval: false },
  'REVIEWING>INTERVENING': { kind: 'NEW_PLAN_ROUND', needsSupervisorApproval: false },
  'CLOSED>ASSESSING': { kind: 'REOPEN', needsSupervisorApproval: true },
  'CLOSE:UNFOUNDED': { kind: 'CLOSE_UNFOUNDED', needsSupervisorApproval: false },
  'CLOSE:other': { kind: 'CLOSE', needsSupervisorApproval: true },
};

const ALLOWED: Record<CaseStatus, string> = {
  [S.RECEIVED]: 'ASSESSING, CLOSED',
  [S.ASSESSING]: 'PLANNING, CLOSED',
  [S.PLANNING]: 'INTERVENING, CLOSED',
  [S.INTERVENING]: 'REVIEWING, CLOSED',
  [S.REVIEWING]: 'INTERVENING, CLOSED',
  [S.CLOSED]: 'ASSESSING',
};

// ---------------------------------------------------------------------------------------------------------
// Fixtures

const TODAY = '2026-03-01';

const foundedAssessment: AssessmentInput = {
  riskLevel: RiskLevel.HIGH,
  founded: true,
  summary: 'Bruises seen at school; the child says the stepfather hits her',
};
const unfoundedAssessment: AssessmentInput = {
  riskLevel: RiskLevel.LOW,
  founded: false,
  summary: 'Visited the family and the school; no sign of abuse or risk',
};

/** The complete data each target needs, so that only role, edge and reason decide the outcome. */
function completeRequest(to: CaseStatus, reason?: ClosureReason): TransitionRequest {
  switch (to) {
    case S.ASSESSING:
      return { to, reopenReason: 'A new report about the same child' };
    case S.PLANNING:
      return { to, assessment: foundedAssessment };
    case S.INTERVENING:
      return { to, review: { summary: 'Counselling continues; school follow-up needed', items: [{ index: 0, done: true }], nextRound: true } };
    case S.CLOSED:
      return {
        to,
        closure: { reason: reason ?? ClosureReason.GOALS_MET, note: 'Decision recorded with the family' },
        ...(reason === ClosureReason.UNFOUNDED ? { assessment: unfoundedAssessment } : {}),
      };
    default:
      return { to };
  }
}

function facts(status: CaseStatus, over: Partial<CaseFacts> = {}): CaseFacts {
  return { status, assigneeId: 'worker-1', lastAssessmentFounded: null, planApproved: true, hasPlan: true, ...over };
}

const supervisor: TransitionActor = { userId: 'sup-1', role: Role.SUPERVISOR, isAssignee: false, inJurisdiction: true };
const worker: TransitionActor = { userId: 'worker-1', role: Role.CASE_WORKER, isAssignee: true, inJurisdiction: true };

function refusal(d: TransitionDecision): Extract<TransitionDecision, { ok: false }> {
  if (d.ok) throw new Error(`expected a refusal, got ${JSON.stringify(d)}`);
  return d;
}

// ---------------------------------------------------------------------------------------------------------
// Exhaustive matrix: every from × to (× closure reason) × role × assignee × jurisdiction

type Expected = 'OK' | 'FORBIDDEN' | 'ILLEGAL_TRANSITION' | 'INVALID_DATA';
const LETTER: Record<string, Expected> = { O: 'OK', F: 'FORBIDDEN', L: 'ILLEGAL_TRANSITION', I: 'INVALID_DATA' };

interface Row {
  from: CaseStatus;
  to: CaseStatus;
  reason: ClosureReason | null;
  role: Role;
  isAssignee: boolean;
  inJurisdiction: boolean;
  expected: Expected;
  forbiddenBecause?: 'role' | 'jurisdiction' | 'assignee' | 'edge';
}

function buildMatrix(): Row[] {
  const rows: Row[] = [];
  for (const from of STATES) {
    STATES.forEach((to, col) => {
      const cell = GRID[from][col];
      const targets: [ClosureReason | null, Cell][] = cell === 'C' ? REASONS.map((reason, r) => [reason, CLOSURE_GRID[from]![r]]) : [[null, cell]];
      for (const [reason, pair] of targets) {
        for (const role of ROLES) {
          for (const isAssignee of [true, false]) {
            for (const inJurisdiction of [true, false]) {
              const base = { from, to, reason, role, isAssignee, inJurisdiction };
              // Who the actor is comes before anything about the edge.
              if (role !== Role.SUPERVISOR && role !== Role.CASE_WORKER) rows.push({ ...base, expected: 'FORBIDDEN', forbiddenBecause: 'role' });
              else if (!inJurisdiction) rows.push({ ...base, expected: 'FORBIDDEN', forbiddenBecause: 'jurisdiction' });
              else if (role === Role.CASE_WORKER && !isAssignee) rows.push({ ...base, expected: 'FORBIDDEN', forbiddenBecause: 'assignee' });
              else {
                const expected = LETTER[pair[role === Role.SUPERVISOR ? 0 : 1]];
                rows.push({ ...base, expected, ...(expected === 'FORBIDDEN' ? { forbiddenBecause: 'edge' as const } : {}) });
              }
            }
          }
        }
      }
    });
  }
  return rows;
}

const MATRIX = buildMatrix();

describe('decideTransition — exhaustive matrix', () => {
  it('covers every combination', () => {
    // 31 plain (from, to) pairs + 5 open states × 7 closure reasons = 66 targets; × 5 roles × 2 × 2.
    expect(MATRIX).toHaveLength(66 * 5 * 2 * 2);
  });

  it.each(MATRIX)(
    '$from → $to (reason $reason) by $role, assignee=$isAssignee, inJurisdiction=$inJurisdiction: $expected',
    ({ from, to, reason, role, isAssignee, inJurisdiction, expected, forbiddenBecause }) => {
      const actor: TransitionActor = { userId: 'user-1', role, isAssignee, inJurisdiction };
      const caseFacts = facts(from, { assigneeId: isAssignee ? 'user-1' : 'user-2' });
      const decision = decideTransition(caseFacts, completeRequest(to, reason ?? undefined), actor);

      if (expected === 'OK') {
        const key = to === S.CLOSED ? (reason === ClosureReason.UNFOUNDED ? 'CLOSE:UNFOUNDED' : 'CLOSE:other') : `${from}>${to}`;
        expect(decision).toEqual({ ok: true, from, to, ...KINDS[key] });
        return;
      }
      const r = refusal(decision);
      expect(r.code).toBe(expected);
      expect(typeof r.message).toBe('string');
      expect(r.message.trim().length).toBeGreaterThan(10);
      if (expected === 'ILLEGAL_TRANSITION') {
        expect(r.message).toContain(from);
        expect(r.message).toContain(`allowed next states: ${ALLOWED[from]}`);
      }
      if (forbiddenBecause === 'role') expect(r.message).toContain(role);
      if (forbiddenBecause === 'jurisdiction') expect(r.message).toMatch(/outside your jurisdiction/);
      if (forbiddenBecause === 'assignee') expect(r.message).toMatch(/only the assigned worker or a supervisor/i);
      if (forbiddenBecause === 'edge') expect(r.message).toMatch(/only a supervisor may/i);
    },
  );
});

// ---------------------------------------------------------------------------------------------------------

describe('allowedTargets', () => {
  it.each(STATES)('%s', (status) => {
    expect(allowedTargets(status).join(', ')).toBe(ALLOWED[status]);
  });

  it('returns a copy the caller may change', () => {
    allowedTargets(S.RECEIVED).push(S.CLOSED);
    expect(allowedTargets(S.RECEIVED)).toEqual([S.ASSESSING, S.CLOSED]);
  });

  it('knows no targets for an unknown state', () => {
    expect(allowedTargets('ARCHIVED' as CaseStatus)).toEqual([]);
  });
});

describe('illegal transitions', () => {
  it('names the current state, the target and the allowed next states', () => {
    expect(decideTransition(facts(S.RECEIVED), { to: S.PLANNING }, supervisor)).toEqual({
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      message: 'Cannot move a case from RECEIVED to PLANNING; allowed next states: ASSESSING, CLOSED',
    });
  });

  it('refuses staying in the same state', () => {
    expect(decideTransition(facts(S.INTERVENING), { to: S.INTERVENING }, supervisor)).toEqual({
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      message: 'The case is already INTERVENING; allowed next states: REVIEWING, CLOSED',
    });
  });

  it('refuses a target that is not a state', () => {
    const r = refusal(decideTransition(facts(S.PLANNING), { to: 'ARCHIVED' as CaseStatus }, supervisor));
    expect(r.code).toBe('ILLEGAL_TRANSITION');
    expect(r.message).toBe('Cannot move a case from PLANNING to ARCHIVED; allowed next states: INTERVENING, CLOSED');
  });

  it('asks for the target when it is missing', () => {
    const r = refusal(decideTransition(facts(S.ASSESSING), {} as TransitionRequest, supervisor));
    expect(r).toMatchObject({ code: 'MISSING_DATA', missing: ['to'] });
    expect(r.message).toContain('allowed next states: PLANNING, CLOSED');
  });

  it('refuses everything from a state it does not know', () => {
    const r = refusal(decideTransition(facts('ARCHIVED' as CaseStatus), { to: S.ASSESSING }, supervisor));
    expect(r.code).toBe('ILLEGAL_TRANSITION');
    expect(r.message).toContain('allowed next states: none');
  });
});

describe('check order', () => {
  it('FORBIDDEN (role) before ILLEGAL_TRANSITION', () => {
    const operator: TransitionActor = { userId: 'op', role: Role.HOTLINE_OPERATOR, isAssignee: false, inJurisdiction: true };
    expect(refusal(decideTransition(facts(S.RECEIVED), { to: S.REVIEWING }, operator)).code).toBe('FORBIDDEN');
  });

  it('FORBIDDEN (jurisdiction) before MISSING_DATA', () => {
    const outside = { ...supervisor, inJurisdiction: false };
    expect(refusal(decideTransition(facts(S.ASSESSING), { to: S.PLANNING }, outside)).code).toBe('FORBIDDEN');
  });

  it('FORBIDDEN (not the assignee) before ILLEGAL_TRANSITION', () => {
    const other = { ...worker, userId: 'worker-2', isAssignee: false };
    expect(refusal(decideTransition(facts(S.RECEIVED), { to: S.REVIEWING }, other)).code).toBe('FORBIDDEN');
  });

  it('ILLEGAL_TRANSITION before MISSING_DATA', () => {
    expect(refusal(decideTransition(facts(S.RECEIVED, { assigneeId: null }), { to: S.PLANNING }, supervisor)).code).toBe('ILLEGAL_TRANSITION');
  });

  it('a supervisor-only edge is FORBIDDEN to a worker before its data is checked', () => {
    const r = refusal(decideTransition(facts(S.PLANNING, { hasPlan: false }), { to: S.INTERVENING }, worker));
    expect(r.code).toBe('FORBIDDEN');
    expect(r.message).toBe('Only a supervisor may approve the plan (PLANNING → INTERVENING)');
  });

  it('a reason reserved to supervisors is FORBIDDEN to a worker even when the note is missing', () => {
    const request = { to: S.CLOSED, closure: { reason: ClosureReason.TRANSFERRED, note: '' } };
    expect(refusal(decideTransition(facts(S.ASSESSING), request, worker)).code).toBe('FORBIDDEN');
  });
});

describe('who may act', () => {
  it.each([Role.HOTLINE_OPERATOR, Role.AGENCY_OFFICER, Role.ADMIN])('%s can never change a state', (role) => {
    const actor: TransitionActor = { userId: 'worker-1', role, isAssignee: true, inJurisdiction: true };
    const r = refusal(decideTransition(facts(S.RECEIVED), completeRequest(S.ASSESSING), actor));
    expect(r.code).toBe('FORBIDDEN');
    expect(r.message).toBe(`A user with role ${role} cannot change the state of a case; only the assigned case worker or a supervisor can`);
  });

  it('a worker on an unassigned case is told it must be assigned first', () => {
    const r = refusal(decideTransition(facts(S.RECEIVED, { assigneeId: null }), { to: S.ASSESSING }, { ...worker, isAssignee: false }));
    expect(r.code).toBe('FORBIDDEN');
    expect(r.message).toMatch(/^Only the assigned worker or a supervisor may .*the case must be assigned first$/);
  });

  it('a worker on a case assigned to someone else is told so', () => {
    const r = refusal(decideTransition(facts(S.INTERVENING, { assigneeId: 'worker-2' }), { to: S.REVIEWING }, { ...worker, isAssignee: false }));
    expect(r.code).toBe('FORBIDDEN');
    expect(r.message).toContain('assigned to another worker');
  });

  it('a stale assignee flag does not outweigh the stored assignee', () => {
    const r = refusal(decideTransition(facts(S.INTERVENING, { assigneeId: 'worker-2' }), { to: S.REVIEWING }, worker));
    expect(r.code).toBe('FORBIDDEN');
  });

  it('a supervisor need not be the assignee', () => {
    expect(decideTransition(facts(S.INTERVENING, { assigneeId: 'worker-9' }), { to: S.REVIEWING }, supervisor)).toMatchObject({
      ok: true,
      kind: 'START_REVIEW',
    });
  });

  it('a worker is refused closing after the review and pointed to a supervisor', () => {
    const r = refusal(decideTransition(facts(S.REVIEWING), completeRequest(S.CLOSED, ClosureReason.GOALS_MET), worker));
    expect(r).toEqual({ ok: false, code: 'FORBIDDEN', message: 'Only a supervisor may approve closing a case in REVIEWING' });
  });

  it('a worker is refused reopening', () => {
    expect(refusal(decideTransition(facts(S.CLOSED), completeRequest(S.ASSESSING), worker)).message).toBe('Only a supervisor may reopen a closed case');
  });
});

describe('RECEIVED → ASSESSING (START_ASSESSMENT)', () => {
  it('needs an assignee', () => {
    expect(decideTransition(facts(S.RECEIVED, { assigneeId: null }), { to: S.ASSESSING }, supervisor)).toEqual({
      ok: false,
      code: 'MISSING_DATA',
      message: 'The case must be assigned first: an assignee is required to start the assessment',
      missing: ['assignee'],
    });
  });

  it('the assigned worker starts it', () => {
    expect(decideTransition(facts(S.RECEIVED), { to: S.ASSESSING }, worker)).toEqual({
      ok: true,
      kind: 'START_ASSESSMENT',
      from: S.RECEIVED,
      to: S.ASSESSING,
      needsSupervisorApproval: false,
    });
  });
});

describe('ASSESSING → PLANNING (RECORD_ASSESSMENT)', () => {
  const record = (assessment: unknown) => decideTransition(facts(S.ASSESSING), { to: S.PLANNING, assessment: assessment as AssessmentInput }, worker);

  it.each([
    [
      'no assessment',
      undefined,
      ['assessment.riskLevel', 'assessment.founded', 'assessment.summary'],
      'assessment.riskLevel, assessment.founded and assessment.summary are required to record the assessment',
    ],
    ['empty summary', { ...foundedAssessment, summary: '' }, ['assessment.summary'], 'assessment.summary is required to record the assessment'],
    ['blank summary', { ...foundedAssessment, summary: '   ' }, ['assessment.summary'], 'assessment.summary is required to record the assessment'],
    ['no risk level', { founded: true, summary: 'x' }, ['assessment.riskLevel'], 'assessment.riskLevel is required to record the assessment'],
    ['no founded', { riskLevel: RiskLevel.LOW, summary: 'x' }, ['assessment.founded'], 'assessment.founded is required to record the assessment'],
    [
      'no risk level nor summary',
      { founded: true },
      ['assessment.riskLevel', 'assessment.summary'],
      'assessment.riskLevel and assessment.summary are required to record the assessment',
    ],
  ])('MISSING_DATA: %s', (_, assessment, paths, message) => {
    expect(record(assessment)).toEqual({ ok: false, code: 'MISSING_DATA', message, missing: paths });
  });

  it.each([
    ['unfounded assessment (that closes the case instead)', { ...foundedAssessment, founded: false }, /close the case instead.*UNFOUNDED/],
    ['unknown risk level', { ...foundedAssessment, riskLevel: 'EXTREME' }, /assessment\.riskLevel must be one of LOW, MEDIUM, HIGH, CRITICAL/],
    ['founded not a boolean', { ...foundedAssessment, founded: 'yes' }, /assessment\.founded must be true or false/],
    ['unknown protection level', { ...foundedAssessment, protectionLevel: 'RESCUE' }, /assessment\.protectionLevel must be one of PREVENTION, SUPPORT, INTERVENTION/],
    ['childSafeNow not a boolean', { ...foundedAssessment, childSafeNow: 'no' }, /assessment\.childSafeNow must be true or false/],
    ['factorsChecked not a list', { ...foundedAssessment, factorsChecked: 'injuries' }, /assessment\.factorsChecked must be a list of texts/],
    ['personsMet with a non-text', { ...foundedAssessment, personsMet: ['mother', 3] }, /assessment\.personsMet must be a list of texts/],
  ])('INVALID_DATA: %s', (_, assessment, message) => {
    const r = refusal(record(assessment));
    expect(r.code).toBe('INVALID_DATA');
    expect(r.message).toMatch(message);
  });

  it('accepts a full assessment with the optional fields', () => {
    const full: AssessmentInput = {
      ...foundedAssessment,
      factorsChecked: ['injuries', 'perpetrator has access'],
      childSafeNow: false,
      personsMet: ['child', 'mother', 'teacher'],
      protectionLevel: ProtectionLevel.INTERVENTION,
    };
    expect(record(full)).toEqual({ ok: true, kind: 'RECORD_ASSESSMENT', from: S.ASSESSING, to: S.PLANNING, needsSupervisorApproval: false });
  });
});

describe('ASSESSING → CLOSED', () => {
  const close = (request: Omit<TransitionRequest, 'to'>, actor = worker, over: Partial<CaseFacts> = {}) =>
    decideTransition(facts(S.ASSESSING, over), { to: S.CLOSED, ...request }, actor);
  const unfounded = { reason: ClosureReason.UNFOUNDED, note: 'Verified with the school and neighbours' };

  it('the assigned worker closes an unfounded report without a supervisor', () => {
    expect(close({ closure: unfounded, assessment: unfoundedAssessment })).toEqual({
      ok: true,
      kind: 'CLOSE_UNFOUNDED',
      from: S.ASSESSING,
      to: S.CLOSED,
      needsSupervisorApproval: false,
    });
  });

  it('closes on the closure alone, as in the contract example (the closure records the verification result)', () => {
    expect(close({ closure: { reason: ClosureReason.UNFOUNDED, note: 'Verified with the school and neighbours: no abuse' } })).toEqual({
      ok: true,
      kind: 'CLOSE_UNFOUNDED',
      from: S.ASSESSING,
      to: S.CLOSED,
      needsSupervisorApproval: false,
    });
  });

  it.each([null, false, true])('does not depend on an earlier assessment (last founded: %p)', (lastAssessmentFounded) => {
    // After a reopening the last recorded assessment may be founded; the new verification decides.
    expect(close({ closure: unfounded }, worker, { lastAssessmentFounded })).toMatchObject({ ok: true, kind: 'CLOSE_UNFOUNDED' });
  });

  it('refuses a founded assessment', () => {
    const r = refusal(close({ closure: unfounded, assessment: foundedAssessment }));
    expect(r.code).toBe('INVALID_DATA');
    expect(r.message).toMatch(/cannot be closed as UNFOUNDED/);
  });

  it('names the missing part of an incomplete assessment', () => {
    expect(close({ closure: unfounded, assessment: { ...unfoundedAssessment, summary: ' ' } })).toEqual({
      ok: false,
      code: 'MISSING_DATA',
      message: 'assessment.summary is required to close the case as unfounded',
      missing: ['assessment.summary'],
    });
  });

  it('needs a closure, listing the reasons open to the worker', () => {
    expect(close({})).toEqual({
      ok: false,
      code: 'MISSING_DATA',
      message: 'closure.reason and closure.note are required to close the case (reasons allowed in ASSESSING: UNFOUNDED)',
      missing: ['closure.reason', 'closure.note'],
    });
  });

  it('lists every reason to a supervisor', () => {
    const r = refusal(close({ closure: { note: 'x' } as never }, supervisor));
    expect(r.missing).toEqual(['closure.reason']);
    expect(r.message).toBe('closure.reason is required to close the case (reasons allowed in ASSESSING: UNFOUNDED, TRANSFERRED, CHILD_RELOCATED, AGED_OUT, DECEASED, OTHER)');
  });

  it.each(['', '   ', undefined])('needs a note (%p)', (note) => {
    expect(close({ closure: { reason: ClosureReason.UNFOUNDED, note } as never, assessment: unfoundedAssessment })).toEqual({
      ok: false,
      code: 'MISSING_DATA',
      message: 'closure.note is required to close the case as unfounded',
      missing: ['closure.note'],
    });
  });

  it('refuses an unknown reason', () => {
    const r = refusal(close({ closure: { reason: 'BORED' as ClosureReason, note: 'x' } }, supervisor));
    expect(r.code).toBe('INVALID_DATA');
    expect(r.message).toBe('closure.reason BORED is not allowed in ASSESSING; reasons allowed: UNFOUNDED, TRANSFERRED, CHILD_RELOCATED, AGED_OUT, DECEASED, OTHER');
  });

  it('refuses GOALS_MET before any plan', () => {
    const r = refusal(close({ closure: { reason: ClosureReason.GOALS_MET, note: 'x' } }));
    expect(r.code).toBe('INVALID_DATA');
    expect(r.message).toContain('closure.reason GOALS_MET is not allowed in ASSESSING');
  });

  it('keeps other reasons for a supervisor', () => {
    const r = refusal(close({ closure: { reason: ClosureReason.CHILD_RELOCATED, note: 'Family moved to Hà Nội' } }));
    expect(r).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: 'Only a supervisor may close a case in ASSESSING with reason CHILD_RELOCATED; the assigned worker may close it only as UNFOUNDED',
    });
    expect(close({ closure: { reason: ClosureReason.CHILD_RELOCATED, note: 'Family moved to Hà Nội' } }, supervisor)).toEqual({
      ok: true,
      kind: 'CLOSE',
      from: S.ASSESSING,
      to: S.CLOSED,
      needsSupervisorApproval: true,
    });
  });
});

describe('PLANNING → INTERVENING (APPROVE_PLAN)', () => {
  it('needs a submitted plan', () => {
    expect(decideTransition(facts(S.PLANNING, { hasPlan: false }), { to: S.INTERVENING }, supervisor)).toEqual({
      ok: false,
      code: 'MISSING_DATA',
      message: 'The plan must be submitted first: a submitted plan is required to approve the plan',
      missing: ['plan'],
    });
  });

  it('a supervisor approves a submitted plan', () => {
    expect(decideTransition(facts(S.PLANNING, { planApproved: false }), { to: S.INTERVENING }, supervisor)).toEqual({
      ok: true,
      kind: 'APPROVE_PLAN',
      from: S.PLANNING,
      to: S.INTERVENING,
      needsSupervisorApproval: true,
    });
  });
});

describe('INTERVENING → REVIEWING (START_REVIEW)', () => {
  it('needs no data', () => {
    expect(decideTransition(facts(S.INTERVENING), { to: S.REVIEWING }, worker)).toMatchObject({ ok: true, kind: 'START_REVIEW' });
  });

  it('does not depend on planApproved (a revised plan has no PLANNING state to be approved in)', () => {
    expect(decideTransition(facts(S.INTERVENING, { planApproved: false }), { to: S.REVIEWING }, worker)).toMatchObject({ ok: true });
  });
});

describe('REVIEWING → INTERVENING (NEW_PLAN_ROUND)', () => {
  const round = (review: unknown) => decideTransition(facts(S.REVIEWING), { to: S.INTERVENING, review: review as never }, worker);

  it.each([
    ['no review', undefined],
    ['empty summary', { summary: '', items: [] }],
    ['blank summary', { summary: '  ', items: [] }],
  ])('MISSING_DATA: %s', (_, review) => {
    expect(round(review)).toEqual({
      ok: false,
      code: 'MISSING_DATA',
      message: 'review.summary is required to start a new plan round',
      missing: ['review.summary'],
    });
  });

  it.each([
    ['nextRound false', { summary: 'x', items: [], nextRound: false }, /review\.nextRound is false.*close the case instead/],
    ['nextRound not a boolean', { summary: 'x', items: [], nextRound: 'yes' }, /review\.nextRound must be true or false/],
    ['items not a list', { summary: 'x', items: 'all done' }, /review\.items must be a list/],
    ['negative index', { summary: 'x', items: [{ index: -1, done: true }] }, /review\.items\[0\]\.index must be a whole number/],
    ['fractional index', { summary: 'x', items: [{ index: 1.5, done: true }] }, /review\.items\[0\]\.index must be a whole number/],
    [
      'index twice',
      {
        summary: 'x',
        items: [
          { index: 0, done: true },
          { index: 0, done: false },
        ],
      },
      /review\.items\[1\]\.index 0 is listed twice/,
    ],
    ['done missing', { summary: 'x', items: [{ index: 0 }] }, /review\.items\[0\]\.done must be true or false/],
    ['note not a text', { summary: 'x', items: [{ index: 0, done: true, note: 5 }] }, /review\.items\[0\]\.note must be a text/],
  ])('INVALID_DATA: %s', (_, review, message) => {
    const r = refusal(round(review));
    expect(r.code).toBe('INVALID_DATA');
    expect(r.message).toMatch(message);
  });

  it('accepts a review without items or a conclusion', () => {
    expect(round({ summary: 'Child attends school again; keep the counselling' })).toEqual({
      ok: true,
      kind: 'NEW_PLAN_ROUND',
      from: S.REVIEWING,
      to: S.INTERVENING,
      needsSupervisorApproval: false,
    });
  });
});

describe('REVIEWING → CLOSED (CLOSE)', () => {
  const close = (request: Omit<TransitionRequest, 'to'>) => decideTransition(facts(S.REVIEWING), { to: S.CLOSED, ...request }, supervisor);
  const goalsMet = { reason: ClosureReason.GOALS_MET, note: 'Child safe for three months; all services delivered' };

  it('a supervisor approves the closure', () => {
    expect(close({ closure: goalsMet })).toEqual({ ok: true, kind: 'CLOSE', from: S.REVIEWING, to: S.CLOSED, needsSupervisorApproval: true });
  });

  it('needs a note', () => {
    expect(close({ closure: { ...goalsMet, note: '' } })).toEqual({
      ok: false,
      code: 'MISSING_DATA',
      message: 'closure.note is required to close the case',
      missing: ['closure.note'],
    });
  });

  it('refuses UNFOUNDED once the report was founded', () => {
    const r = refusal(close({ closure: { ...goalsMet, reason: ClosureReason.UNFOUNDED } }));
    expect(r.code).toBe('INVALID_DATA');
    expect(r.message).toBe(
      'closure.reason UNFOUNDED is only possible while ASSESSING; reasons allowed in REVIEWING: GOALS_MET, TRANSFERRED, CHILD_RELOCATED, AGED_OUT, DECEASED, OTHER',
    );
  });

  it('checks a review sent along', () => {
    expect(refusal(close({ closure: goalsMet, review: { summary: '', items: [] } })).missing).toEqual(['review.summary']);
    const r = refusal(close({ closure: goalsMet, review: { summary: 'x', items: [], nextRound: true } }));
    expect(r.code).toBe('INVALID_DATA');
    expect(r.message).toMatch(/review\.nextRound is true but the target is CLOSED/);
    expect(close({ closure: goalsMet, review: { summary: 'All goals met', items: [{ index: 0, done: true }], nextRound: false } })).toMatchObject({
      ok: true,
    });
  });
});

describe('closing for circumstances outside the procedure', () => {
  const open = [S.RECEIVED, S.ASSESSING, S.PLANNING, S.INTERVENING, S.REVIEWING];
  const external = [ClosureReason.TRANSFERRED, ClosureReason.CHILD_RELOCATED, ClosureReason.AGED_OUT, ClosureReason.DECEASED];
  const cases = open.flatMap((from) => external.map((reason) => [from, reason] as const));

  it.each(cases)('%s with %s: a supervisor may, the assigned worker may not', (from, reason) => {
    const request = { to: S.CLOSED, closure: { reason, note: 'Recorded by the supervisor' } };
    expect(decideTransition(facts(from), request, supervisor)).toEqual({ ok: true, kind: 'CLOSE', from, to: S.CLOSED, needsSupervisorApproval: true });
    expect(refusal(decideTransition(facts(from), request, worker)).code).toBe('FORBIDDEN');
  });

  it('a supervisor closing from RECEIVED without a closure is told which reasons apply', () => {
    expect(decideTransition(facts(S.RECEIVED), { to: S.CLOSED }, supervisor)).toEqual({
      ok: false,
      code: 'MISSING_DATA',
      message: 'closure.reason and closure.note are required to close the case (reasons allowed in RECEIVED: TRANSFERRED, CHILD_RELOCATED, AGED_OUT, DECEASED)',
      missing: ['closure.reason', 'closure.note'],
    });
  });
});

describe('CLOSED → ASSESSING (REOPEN)', () => {
  it.each([undefined, '', '  '])('needs a reason (%p)', (reopenReason) => {
    expect(decideTransition(facts(S.CLOSED), { to: S.ASSESSING, reopenReason }, supervisor)).toEqual({
      ok: false,
      code: 'MISSING_DATA',
      message: 'reopenReason is required to reopen the case',
      missing: ['reopenReason'],
    });
  });

  it('a supervisor reopens with a reason', () => {
    expect(decideTransition(facts(S.CLOSED), { to: S.ASSESSING, reopenReason: 'New report: the abuse started again' }, supervisor)).toEqual({
      ok: true,
      kind: 'REOPEN',
      from: S.CLOSED,
      to: S.ASSESSING,
      needsSupervisorApproval: true,
    });
  });
});

describe('purity', () => {
  it('does not change its inputs', () => {
    const f = Object.freeze(facts(S.ASSESSING));
    const request = Object.freeze({ to: S.PLANNING, assessment: Object.freeze({ ...foundedAssessment }) });
    const actor = Object.freeze({ ...worker });
    expect(() => decideTransition(f, request, actor)).not.toThrow();
    expect(decideTransition(f, request, actor)).toEqual(decideTransition(f, request, actor));
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('validatePlan', () => {
  const plan = (over: Partial<PlanInput> = {}): PlanInput => ({
    goals: ['The child is safe at home', 'The child returns to school'],
    items: [
      { service: 'Psychological counselling', responsibleAgencyType: 'SOCIAL_SERVICES', dueDate: '2026-03-15' },
      { service: 'Forensic examination', responsibleAgencyType: 'HEALTH', responsiblePerson: 'Dr. Lê', dueDate: '2026-03-02' },
    ],
    ...over,
  });

  it('accepts a complete plan', () => {
    expect(validatePlan(plan(), TODAY)).toEqual([]);
  });

  it('accepts a due date of today', () => {
    expect(validatePlan(plan({ items: [{ service: 'Home visit', dueDate: TODAY }] }), TODAY)).toEqual([]);
  });

  it.each([
    ['no goals', { goals: [] }, ['The plan needs at least one goal']],
    ['goals missing', { goals: undefined as never }, ['The plan needs at least one goal']],
    ['an empty goal', { goals: ['Safe at home', '  '] }, ['goals[1] is empty']],
    ['no items', { items: [] }, ['The plan needs at least one item (a service with who provides it and by when)']],
    ['item without service', { items: [{ service: '', dueDate: '2026-04-01' }] }, ['items[0].service is required']],
    ['item without due date', { items: [{ service: 'Legal aid' } as never] }, ['items[0].dueDate is required']],
    ['month 13', { items: [{ service: 'Legal aid', dueDate: '2026-13-01' }] }, ['items[0].dueDate 2026-13-01 is not a valid date (YYYY-MM-DD)']],
    ['30 February', { items: [{ service: 'Legal aid', dueDate: '2026-02-30' }] }, ['items[0].dueDate 2026-02-30 is not a valid date (YYYY-MM-DD)']],
    ['29 February of a common year', { items: [{ service: 'Legal aid', dueDate: '2027-02-29' }] }, ['items[0].dueDate 2027-02-29 is not a valid date (YYYY-MM-DD)']],
    ['29 February of 2100', { items: [{ service: 'Legal aid', dueDate: '2100-02-29' }] }, ['items[0].dueDate 2100-02-29 is not a valid date (YYYY-MM-DD)']],
    ['day 0', { items: [{ service: 'Legal aid', dueDate: '2026-04-00' }] }, ['items[0].dueDate 2026-04-00 is not a valid date (YYYY-MM-DD)']],
    ['31 April', { items: [{ service: 'Legal aid', dueDate: '2026-04-31' }] }, ['items[0].dueDate 2026-04-31 is not a valid date (YYYY-MM-DD)']],
    ['another format', { items: [{ service: 'Legal aid', dueDate: '15/03/2026' }] }, ['items[0].dueDate 15/03/2026 is not a valid date (YYYY-MM-DD)']],
    ['a date-time', { items: [{ service: 'Legal aid', dueDate: '2026-03-15T08:00:00' }] }, ['items[0].dueDate 2026-03-15T08:00:00 is not a valid date (YYYY-MM-DD)']],
    [
      'a due date before today',
      {
        items: [
          { service: 'Home visit', dueDate: '2026-03-05' },
          { service: 'Legal aid', dueDate: '2026-02-28' },
        ],
      },
      ['items[1].dueDate 2026-02-28 is before today (2026-03-01)'],
    ],
  ])('%s', (_, over, problems) => {
    expect(validatePlan(plan(over), TODAY)).toEqual(problems);
  });

  it('accepts 29 February of a leap year', () => {
    expect(validatePlan(plan({ items: [{ service: 'Home visit', dueDate: '2028-02-29' }] }), TODAY)).toEqual([]);
  });

  it('lists every problem at once', () => {
    expect(
      validatePlan(
        {
          goals: [],
          items: [
            { service: ' ', dueDate: '2025-12-31' },
            { service: 'Legal aid', dueDate: 'soon' },
          ],
        },
        TODAY,
      ),
    ).toEqual([
      'The plan needs at least one goal',
      'items[0].service is required',
      'items[0].dueDate 2025-12-31 is before today (2026-03-01)',
      'items[1].dueDate soon is not a valid date (YYYY-MM-DD)',
    ]);
  });

  it('asks for a plan when there is none', () => {
    expect(validatePlan(null as never, TODAY)).toEqual(['A plan with goals and items is required']);
  });

  it('refuses a malformed today (a caller bug, not a user error)', () => {
    expect(() => validatePlan(plan(), '01/03/2026')).toThrow(RangeError);
  });
});
