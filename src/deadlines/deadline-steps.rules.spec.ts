import { RiskLevel } from '../cases/enums';
import { VN_PUBLIC_HOLIDAYS } from './data/vn-holidays';
import { DEFAULT_DEADLINE_POLICIES, DeadlinePolicy } from './deadline-policy.rules';
import { afterStep, DeadlineTimes, fireDueSteps, FiringState, nextStep, pendingSteps, scheduleDeadline, stepsDue, timerJobId } from './deadline-steps.rules';
import { DeadlineKey, DeadlineStatus } from './enums';
import { JurisdictionLevel } from '../identity/enums';
import { WorkingCalendar } from './working-calendar.rules';

const t = (s: number) => new Date(Date.UTC(2026, 10, 22, 1, 0, s));
const base: DeadlineTimes = { status: DeadlineStatus.PENDING, escalationLevel: 0, dueAt: t(10), escalate1At: t(20), escalate2At: t(30) };

describe('nextStep', () => {
  it.each<[string, Partial<DeadlineTimes>, number | null, Date | null]>([
    ['pending: the due step', {}, 0, t(10)],
    ['overdue: level 1', { status: DeadlineStatus.OVERDUE }, 1, t(20)],
    ['level 1 fired: level 2', { status: DeadlineStatus.OVERDUE, escalationLevel: 1 }, 2, t(30)],
    ['level 2 fired: nothing left', { status: DeadlineStatus.OVERDUE, escalationLevel: 2 }, null, null],
    ['no escalation configured', { status: DeadlineStatus.OVERDUE, escalate1At: null, escalate2At: null }, null, null],
    ['only one level configured', { status: DeadlineStatus.OVERDUE, escalationLevel: 1, escalate2At: null }, null, null],
    ['met', { status: DeadlineStatus.MET }, null, null],
    ['met after being overdue', { status: DeadlineStatus.MET, escalationLevel: 1 }, null, null],
    ['cancelled', { status: DeadlineStatus.CANCELLED }, null, null],
  ])('%s', (_, over, step, at) => {
    const next = nextStep({ ...base, ...over });
    expect(next?.step ?? null).toBe(step);
    expect(next?.at ?? null).toEqual(at);
  });
});

describe('afterStep', () => {
  it('marks the deadline overdue on step 0 and points at level 1', () => {
    expect(afterStep(base, 0, t(11))).toMatchObject({ status: DeadlineStatus.OVERDUE, escalationLevel: 0, overdueAt: t(11), nextFireAt: t(20) });
  });

  it('raises the level on steps 1 and 2, keeping OVERDUE', () => {
    const one = afterStep({ ...base, status: DeadlineStatus.OVERDUE }, 1, t(21));
    expect(one).toMatchObject({ status: DeadlineStatus.OVERDUE, escalationLevel: 1, nextFireAt: t(30) });
    expect(afterStep(one, 2, t(31))).toMatchObject({ status: DeadlineStatus.OVERDUE, escalationLevel: 2, nextFireAt: null });
  });

  it('refuses a step that does not apply: a re-run of a fired step, a skipped step, a finished deadline', () => {
    expect(() => afterStep({ ...base, status: DeadlineStatus.OVERDUE }, 0, t(11))).toThrow(/Step 0 does not apply to a OVERDUE deadline/);
    expect(() => afterStep(base, 1, t(21))).toThrow(/Step 1 does not apply/);
    expect(() => afterStep({ ...base, status: DeadlineStatus.MET }, 0, t(11))).toThrow(/MET/);
  });
});

describe('stepsDue', () => {
  it.each<[string, Partial<DeadlineTimes>, number, number[]]>([
    ['before due', {}, 9, []],
    ['exactly at due', {}, 10, [0]],
    ['between due and level 1', {}, 15, [0]],
    ['a worker down through every step fires them all, in order', {}, 99, [0, 1, 2]],
    ['already overdue, level 1 due', { status: DeadlineStatus.OVERDUE }, 25, [1]],
    ['level 1 done, level 2 not yet', { status: DeadlineStatus.OVERDUE, escalationLevel: 1 }, 25, []],
    ['met before due fires nothing ever', { status: DeadlineStatus.MET }, 99, []],
    ['cancelled fires nothing', { status: DeadlineStatus.CANCELLED }, 99, []],
  ])('%s', (_, over, at, expected) => {
    expect(stepsDue({ ...base, ...over }, t(at))).toEqual(expected);
  });
});

describe('pendingSteps', () => {
  it('lists the timers still to create', () => {
    expect(pendingSteps(base)).toEqual([
      { step: 0, at: t(10) },
      { step: 1, at: t(20) },
      { step: 2, at: t(30) },
    ]);
    expect(pendingSteps({ ...base, status: DeadlineStatus.OVERDUE, escalationLevel: 1 })).toEqual([{ step: 2, at: t(30) }]);
    expect(pendingSteps({ ...base, escalate1At: null, escalate2At: null })).toEqual([{ step: 0, at: t(10) }]);
    expect(pendingSteps({ ...base, status: DeadlineStatus.MET })).toEqual([]);
  });
});

describe('timerJobId', () => {
  it('is deterministic and has the three parts BullMQ accepts in a custom id', () => {
    expect(timerJobId('5f0c', 2)).toBe('deadline:5f0c:2');
    expect(timerJobId('5f0c', 2).split(':')).toHaveLength(3);
  });
});

describe('scheduleDeadline', () => {
  const calendar = new WorkingCalendar(VN_PUBLIC_HOLIDAYS);
  const policy = (key: DeadlineKey): DeadlinePolicy => DEFAULT_DEADLINE_POLICIES.find((p) => p.key === key)!;

  it('computes due and both escalation times from the policy and the risk', () => {
    const s = scheduleDeadline(policy(DeadlineKey.CASE_ASSESSMENT), new Date('2026-11-22T08:00:00+07:00'), RiskLevel.CRITICAL, calendar);
    expect(s).toEqual({
      duration: 'PT2H',
      dueAt: new Date('2026-11-22T10:00:00+07:00'),
      escalate1At: new Date('2026-11-22T12:00:00+07:00'),
      escalate2At: new Date('2026-11-23T00:00:00+07:00'),
      holidayDataMissing: [],
    });
  });

  it('counts working days and leaves out escalation levels the policy does not have', () => {
    const p = { ...policy(DeadlineKey.CASE_PLAN), duration: 'P7D', escalateAfter: ['PT24H'] };
    expect(scheduleDeadline(p, new Date('2026-02-13T10:00:00+07:00'), null, calendar)).toEqual({
      duration: 'P7D',
      dueAt: new Date('2026-03-03T10:00:00+07:00'),
      escalate1At: new Date('2026-03-04T10:00:00+07:00'),
      escalate2At: null,
      holidayDataMissing: [],
    });
    expect(scheduleDeadline({ ...p, escalateAfter: [] }, new Date('2026-02-13T10:00:00+07:00'), null, calendar).escalate1At).toBeNull();
  });

  it('still schedules a working-day deadline that reaches a year without holidays: due early, and the year named', () => {
    const p = { ...policy(DeadlineKey.CASE_PLAN), escalateAfter: ['PT24H'] };
    // 5 working days from Monday 27/12/2027; the seed has no 2028, so its days all count (Saturday 1/1 too).
    expect(scheduleDeadline(p, new Date('2027-12-27T10:00:00+07:00'), null, calendar)).toEqual({
      duration: 'P5D',
      dueAt: new Date('2028-01-01T10:00:00+07:00'),
      escalate1At: new Date('2028-01-02T10:00:00+07:00'),
      escalate2At: null,
      holidayDataMissing: [2028],
    });
    // Hours are elapsed time: no calendar, nothing missing.
    expect(scheduleDeadline(policy(DeadlineKey.CASE_ASSESSMENT), new Date('2027-12-31T20:00:00+07:00'), RiskLevel.CRITICAL, calendar).holidayDataMissing).toEqual([]);
  });
});

describe('fireDueSteps', () => {
  const row: FiringState = { ...base, escalationScope: null, overdueAt: null, nextFireAt: t(10), provinceCode: '22', communeCode: null };
  const moved = { provinceCode: '31', communeCode: '11111' };
  // Level 1 to the commune, level 2 to whatever is above the previous level: the previous level is read.
  const reach = (state: FiringState, step: number) => ({
    place: moved,
    scope: step === 0 ? null : state.escalationScope === JurisdictionLevel.COMMUNE ? JurisdictionLevel.PROVINCE : JurisdictionLevel.COMMUNE,
  });

  it('fires nothing before the due time', () => {
    expect(fireDueSteps(row, t(9), reach)).toEqual({ state: row, fired: [] });
  });

  it('fires every step due, in order, each named from the state the one before left', () => {
    const seen: [number, JurisdictionLevel | null][] = [];
    const { state, fired } = fireDueSteps(row, t(40), (s, step) => {
      seen.push([step, s.escalationScope]);
      return reach(s, step);
    });
    expect(seen).toEqual([
      [0, null],
      [1, null],
      [2, JurisdictionLevel.COMMUNE],
    ]);
    expect(fired.map((f) => [f.step, f.state.escalationLevel, f.state.escalationScope])).toEqual([
      [0, 0, null],
      [1, 1, JurisdictionLevel.COMMUNE],
      [2, 2, JurisdictionLevel.PROVINCE],
    ]);
    expect(state).toMatchObject({ status: DeadlineStatus.OVERDUE, escalationLevel: 2, overdueAt: t(40), nextFireAt: null, ...moved });
    // The input is left as it was: a batch rolled back leaves nothing changed in memory either.
    expect(row).toMatchObject({ status: DeadlineStatus.PENDING, escalationLevel: 0, provinceCode: '22' });
  });

  it('keeps the overdue time of a deadline already overdue', () => {
    const overdue = { ...row, status: DeadlineStatus.OVERDUE, overdueAt: t(11), nextFireAt: t(20) };
    const { state, fired } = fireDueSteps(overdue, t(25), reach);
    expect(fired.map((f) => f.step)).toEqual([1]);
    expect(state).toMatchObject({ overdueAt: t(11), escalationLevel: 1, nextFireAt: t(30) });
  });
});
