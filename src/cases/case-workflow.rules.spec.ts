import { JurisdictionLevel, Role } from '../identity/enums';
import {
  AssigneeFacts,
  CaseState,
  CaseWork,
  WorkflowActor,
  decideAssignment,
  futureTimeProblem,
  localDate,
  refuseCaseWork,
  refusePlanApproval,
  refusePlanReturn,
  resolveExpectedVersion,
  versionConflict,
} from './case-workflow.rules';
import { CaseStatus, PlanStatus } from './enums';

const S = CaseStatus;
const QN = { jurisdictionLevel: JurisdictionLevel.PROVINCE, provinceCode: '22', communeCode: null };
const HP = { jurisdictionLevel: JurisdictionLevel.PROVINCE, provinceCode: '31', communeCode: null };
const HA_TU = { jurisdictionLevel: JurisdictionLevel.COMMUNE, provinceCode: '22', communeCode: '06652' };
const NEIGHBOUR = { jurisdictionLevel: JurisdictionLevel.COMMUNE, provinceCode: '22', communeCode: '06658' };

const worker: WorkflowActor = { id: 'w1', username: 'worker.qn', role: Role.CASE_WORKER, ...QN };
const otherWorker: WorkflowActor = { id: 'w2', username: 'worker2.qn', role: Role.CASE_WORKER, ...QN };
const supervisor: WorkflowActor = { id: 's1', username: 'supervisor.qn', role: Role.SUPERVISOR, ...QN };
const supervisorHp: WorkflowActor = { id: 's2', username: 'supervisor.hp', role: Role.SUPERVISOR, ...HP };

function kase(status: CaseStatus = S.ASSESSING, assigneeId: string | null = 'w1'): CaseState {
  return { status, assigneeId, provinceCode: '22', communeCode: '06652' };
}

describe('resolveExpectedVersion', () => {
  it.each<[number | null | undefined, string | undefined, number | undefined]>([
    [undefined, undefined, undefined],
    [3, undefined, 3],
    [undefined, '3', 3],
    [undefined, '"3"', 3],
    [undefined, 'W/"12"', 12],
    [undefined, ' "4" ', 4],
    [undefined, '*', undefined],
    [undefined, '', undefined],
    [5, '"5"', 5],
    [null, '"5"', 5],
  ])('body %p, If-Match %p → version %p', (body, header, version) => {
    expect(resolveExpectedVersion(body, header)).toEqual({ version });
  });

  it.each(['abc', '"3', '3"', '3"x', '-1', '1.5', 'W/3x'])('refuses a malformed If-Match %p', (header) => {
    expect(resolveExpectedVersion(undefined, header).problem).toMatch(/^If-Match must carry the case version as a number/);
  });

  it('refuses a body and header that disagree', () => {
    expect(resolveExpectedVersion(1, '"2"')).toEqual({ problem: 'expectedVersion (1) and If-Match (2) disagree; send the version once' });
  });
});

describe('versionConflict', () => {
  it('accepts no expectation or the current version', () => {
    expect(versionConflict(4, undefined)).toBeNull();
    expect(versionConflict(4, 4)).toBeNull();
  });

  it.each([3, 5])('names the current version when the client saw %p', (expected) => {
    expect(versionConflict(4, expected)).toBe('The case was changed by someone else (version 4); reload and try again');
  });
});

describe('refuseCaseWork', () => {
  type Outcome = 'OK' | 'FORBIDDEN' | 'CONFLICT';
  // Actor → work → outcome on an open case (ASSESSING or INTERVENING) assigned to worker w1.
  const rows: [string, WorkflowActor, CaseWork, CaseStatus, Outcome, RegExp | null][] = [
    ['assignee adds a note', worker, 'NOTE', S.ASSESSING, 'OK', null],
    ['supervisor adds a note', supervisor, 'NOTE', S.ASSESSING, 'OK', null],
    ['other worker adds a note', otherWorker, 'NOTE', S.ASSESSING, 'FORBIDDEN', /assigned to another worker$/],
    ['supervisor elsewhere adds a note', supervisorHp, 'NOTE', S.ASSESSING, 'FORBIDDEN', /outside your jurisdiction/],
    ['assignee adds a note to a closed case', worker, 'NOTE', S.CLOSED, 'CONFLICT', /^The case is CLOSED; a supervisor must reopen it/],
    ['assignee submits a plan in PLANNING', worker, 'PLAN_SUBMIT', S.PLANNING, 'OK', null],
    ['assignee submits a revision while INTERVENING', worker, 'PLAN_SUBMIT', S.INTERVENING, 'OK', null],
    ['assignee submits a revision while REVIEWING', worker, 'PLAN_SUBMIT', S.REVIEWING, 'OK', null],
    ['assignee submits a plan while ASSESSING', worker, 'PLAN_SUBMIT', S.ASSESSING, 'CONFLICT', /it is ASSESSING \(record the assessment first/],
    ['assignee submits a plan while RECEIVED', worker, 'PLAN_SUBMIT', S.RECEIVED, 'CONFLICT', /it is RECEIVED$/],
    ['other worker submits a plan', otherWorker, 'PLAN_SUBMIT', S.PLANNING, 'FORBIDDEN', null],
    ['assignee decides on a plan', worker, 'PLAN_DECIDE', S.PLANNING, 'FORBIDDEN', /^Only a supervisor may approve or return a plan$/],
    ['supervisor decides on a plan', supervisor, 'PLAN_DECIDE', S.PLANNING, 'OK', null],
    ['other worker records urgent protection', otherWorker, 'EMERGENCY_MEASURE', S.RECEIVED, 'OK', null],
    ['supervisor records urgent protection', supervisor, 'EMERGENCY_MEASURE', S.REVIEWING, 'OK', null],
    ['urgent protection on a closed case', supervisor, 'EMERGENCY_MEASURE', S.CLOSED, 'CONFLICT', /reopen it before you can record urgent protection/],
    ['worker elsewhere records urgent protection', { ...worker, ...HP }, 'EMERGENCY_MEASURE', S.ASSESSING, 'FORBIDDEN', /outside your jurisdiction/],
    ['commune worker of the place', { ...otherWorker, ...HA_TU }, 'EMERGENCY_MEASURE', S.ASSESSING, 'OK', null],
    ['commune worker of a neighbour', { ...otherWorker, ...NEIGHBOUR }, 'EMERGENCY_MEASURE', S.ASSESSING, 'FORBIDDEN', null],
  ];

  it.each(rows)('%s → %s', (_, actor, work, status, expected, message) => {
    const r = refuseCaseWork(actor, kase(status), work);
    if (expected === 'OK') return expect(r).toBeNull();
    expect(r?.code).toBe(expected);
    if (message) expect(r?.message).toMatch(message);
  });

  it.each([Role.HOTLINE_OPERATOR, Role.AGENCY_OFFICER, Role.ADMIN])('%s never works on a case', (role) => {
    for (const work of ['NOTE', 'PLAN_SUBMIT', 'PLAN_DECIDE', 'EMERGENCY_MEASURE'] as CaseWork[]) {
      const r = refuseCaseWork({ ...supervisor, role }, kase(), work);
      expect(r).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining(`role ${role}`) });
    }
  });

  it('tells a worker on an unassigned case that it must be assigned first', () => {
    expect(refuseCaseWork(worker, kase(S.ASSESSING, null), 'NOTE')?.message).toBe(
      'Only the assigned worker or a supervisor may add notes to this case; the case must be assigned first',
    );
  });
});

describe('plan decisions', () => {
  const submitted = { versionNumber: 2, status: PlanStatus.SUBMITTED };

  it('returns only a submitted plan', () => {
    expect(refusePlanReturn(submitted)).toBeNull();
    expect(refusePlanReturn(null)).toEqual({ code: 'CONFLICT', message: 'There is no plan to return: none was submitted' });
    expect(refusePlanReturn({ versionNumber: 2, status: PlanStatus.APPROVED })?.message).toBe('There is no submitted plan to return: plan version 2 is APPROVED');
  });

  it.each([
    [S.INTERVENING, submitted, null],
    [S.REVIEWING, submitted, null],
    [S.PLANNING, submitted, /^In PLANNING the plan is approved by moving the case to INTERVENING/],
    [S.ASSESSING, submitted, /only while the case is INTERVENING or REVIEWING; it is ASSESSING/],
    [S.CLOSED, submitted, /it is CLOSED/],
    [S.INTERVENING, null, /^There is no submitted plan to approve$/],
    [S.INTERVENING, { versionNumber: 3, status: PlanStatus.RETURNED }, /plan version 3 is RETURNED/],
  ])('approval of a revision in %s with %p', (status, latest, message) => {
    const r = refusePlanApproval(status, latest);
    if (message === null) return expect(r).toBeNull();
    expect(r).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(message) });
  });
});

describe('decideAssignment', () => {
  const assignee = (over: Partial<AssigneeFacts> = {}): AssigneeFacts => ({ id: 'w1', username: 'worker.qn', role: Role.CASE_WORKER, active: true, ...QN, ...over });

  it('a worker takes an unassigned case of their jurisdiction', () => {
    expect(decideAssignment(worker, kase(S.RECEIVED, null), 'worker.qn', assignee())).toBeNull();
  });

  it('a supervisor assigns and reassigns any active worker covering the case', () => {
    expect(decideAssignment(supervisor, kase(S.RECEIVED, null), 'worker.qn', assignee())).toBeNull();
    expect(decideAssignment(supervisor, kase(S.INTERVENING, 'w2'), 'worker.qn', assignee())).toBeNull();
    expect(decideAssignment(supervisor, kase(S.INTERVENING, 'w2'), 'worker.hatu', assignee({ id: 'w3', username: 'worker.hatu', ...HA_TU }))).toBeNull();
  });

  it.each([
    ['an operator', { ...supervisor, role: Role.HOTLINE_OPERATOR }, kase(S.RECEIVED, null), 'worker.qn', assignee(), 'FORBIDDEN', /role HOTLINE_OPERATOR cannot assign cases/],
    ['a supervisor elsewhere', supervisorHp, kase(S.RECEIVED, null), 'worker.qn', assignee(), 'FORBIDDEN', /outside your jurisdiction/],
    ['a closed case', supervisor, kase(S.CLOSED, null), 'worker.qn', assignee(), 'CONFLICT', /^The case is CLOSED/],
    [
      'a worker assigning someone else',
      worker,
      kase(S.RECEIVED, null),
      'worker2.qn',
      assignee({ id: 'w2', username: 'worker2.qn' }),
      'FORBIDDEN',
      /only for themselves \(assigneeUsername worker\.qn\)/,
    ],
    ['a worker taking a case of another worker', worker, kase(S.ASSESSING, 'w2'), 'worker.qn', assignee(), 'FORBIDDEN', /only a supervisor may reassign it/],
    ['an unknown user', supervisor, kase(S.RECEIVED, null), 'nobody', null, 'INVALID_DATA', /^assigneeUsername nobody does not match any user$/],
    [
      'a supervisor as assignee',
      supervisor,
      kase(S.RECEIVED, null),
      'supervisor.qn',
      assignee({ id: 's1', username: 'supervisor.qn', role: Role.SUPERVISOR }),
      'INVALID_DATA',
      /is not a case worker \(role SUPERVISOR\)/,
    ],
    ['a deactivated worker', supervisor, kase(S.RECEIVED, null), 'worker.qn', assignee({ active: false }), 'INVALID_DATA', /deactivated/],
    [
      'a worker of another province',
      supervisor,
      kase(S.RECEIVED, null),
      'worker.hp',
      assignee({ username: 'worker.hp', ...HP }),
      'INVALID_DATA',
      /worker\.hp's jurisdiction does not cover this case \(province 22, commune 06652\)/,
    ],
    [
      'a worker of a neighbouring commune',
      supervisor,
      kase(S.RECEIVED, null),
      'worker.x',
      assignee({ username: 'worker.x', ...NEIGHBOUR }),
      'INVALID_DATA',
      /does not cover this case/,
    ],
    ['the current assignee again', supervisor, kase(S.ASSESSING, 'w1'), 'worker.qn', assignee(), 'CONFLICT', /^The case is already assigned to worker\.qn$/],
    ['a worker taking their own case again', worker, kase(S.ASSESSING, 'w1'), 'worker.qn', assignee(), 'CONFLICT', /already assigned to worker\.qn/],
  ])('refuses %s', (_, actor, c, username, found, code, message) => {
    expect(decideAssignment(actor, c, username, found)).toEqual({ code, message: expect.stringMatching(message) });
  });
});

describe('localDate', () => {
  it.each([
    ['2026-03-01T16:59:59Z', '2026-03-01'],
    ['2026-03-01T17:00:00Z', '2026-03-02'],
    ['2026-12-31T17:30:00Z', '2027-01-01'],
  ])('%s is %s in Việt Nam', (at, date) => {
    expect(localDate(new Date(at))).toBe(date);
  });

  it('takes another time zone', () => {
    expect(localDate(new Date('2026-03-01T17:00:00Z'), 'UTC')).toBe('2026-03-01');
  });
});

describe('futureTimeProblem', () => {
  const now = new Date('2026-03-01T10:00:00Z');

  it.each([
    ['the past', '2026-02-28T10:00:00Z', null],
    ['now', '2026-03-01T10:00:00Z', null],
    ['within the clock skew', '2026-03-01T10:04:59Z', null],
    ['the future', '2026-03-01T10:06:00Z', 'occurredAt 2026-03-01T10:06:00.000Z is in the future; record what already happened'],
  ])('%s', (_, at, problem) => {
    expect(futureTimeProblem('occurredAt', new Date(at), now)).toBe(problem);
  });

  it('refuses an invalid date', () => {
    expect(futureTimeProblem('takenAt', new Date('nope'), now)).toBe('takenAt is not a valid date-time');
  });
});
