import { CaseStatus } from '../cases/enums';
import { ReferralStatus } from '../referrals/enums';
import { DEADLINE_EVENT_TYPES, deadlineEffects, obligationStands } from './deadline-lifecycle.rules';
import { DeadlineKey } from './enums';

const { CASE_ASSESSMENT, CASE_PLAN, CASE_REVIEW, REFERRAL_ACKNOWLEDGE, REFERRAL_COMPLETE, URGENT_PROTECTION, PLAN_APPROVAL } = DeadlineKey;

describe('deadlineEffects', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    ['CASE_OPENED', {}, { subjectType: 'CASE', meet: [], cancel: null, start: [{ key: CASE_ASSESSMENT, from: 'OPENED_AT' }] }],
    // A child in serious danger: the legal 12 hours of urgent protection run from receipt as well.
    [
      'CASE_OPENED',
      { immediateDanger: true },
      {
        subjectType: 'CASE',
        meet: [],
        cancel: null,
        start: [
          { key: CASE_ASSESSMENT, from: 'OPENED_AT' },
          { key: URGENT_PROTECTION, from: 'OPENED_AT' },
        ],
      },
    ],
    [
      'CASE_OPENED',
      { immediateDanger: false, riskLevel: 'CRITICAL' },
      {
        subjectType: 'CASE',
        meet: [],
        cancel: null,
        start: [
          { key: CASE_ASSESSMENT, from: 'OPENED_AT' },
          { key: URGENT_PROTECTION, from: 'OPENED_AT' },
        ],
      },
    ],
    ['REPORT_LINKED', { immediateDanger: true }, { subjectType: 'CASE', meet: [], cancel: null, start: [{ key: URGENT_PROTECTION, from: 'RECEIVED_AT' }] }],
    ['REPORT_LINKED', { immediateDanger: false, riskLevel: 'HIGH' }, null],
    ['CASE_ASSESSMENT_RECORDED', { riskLevel: 'CRITICAL' }, { subjectType: 'CASE', meet: [], cancel: null, start: [{ key: URGENT_PROTECTION, from: 'EVENT_AT' }] }],
    ['CASE_ASSESSMENT_RECORDED', { riskLevel: 'HIGH', immediateDanger: true }, null],
    ['CASE_EMERGENCY_MEASURE', {}, { subjectType: 'CASE', meet: [URGENT_PROTECTION], cancel: null, start: [] }],
    ['CASE_SEPARATION_DECIDED', {}, { subjectType: 'CASE', meet: [URGENT_PROTECTION], cancel: null, start: [{ key: DeadlineKey.SEPARATION_END, from: 'SEPARATION_START' }] }],
    ['CASE_SEPARATION_ENDED', {}, { subjectType: 'CASE', meet: [DeadlineKey.SEPARATION_END], cancel: null, start: [] }],
    ['CASE_PLAN_SUBMITTED', {}, { subjectType: 'CASE', meet: [CASE_PLAN], cancel: null, start: [{ key: PLAN_APPROVAL, from: 'EVENT_AT' }] }],
    ['CASE_PLAN_RETURNED', {}, { subjectType: 'CASE', meet: [PLAN_APPROVAL], cancel: null, start: [] }],
    ['CASE_PLAN_APPROVED', {}, { subjectType: 'CASE', meet: [PLAN_APPROVAL], cancel: null, start: [] }],
    ['CASE_STATUS_CHANGED', { from: 'RECEIVED', to: 'ASSESSING' }, null],
    [
      'CASE_STATUS_CHANGED',
      { from: 'ASSESSING', to: 'PLANNING' },
      { subjectType: 'CASE', meet: [CASE_ASSESSMENT], cancel: null, start: [{ key: CASE_PLAN, from: 'ASSESSMENT_START' }] },
    ],
    [
      'CASE_STATUS_CHANGED',
      { from: 'PLANNING', to: 'INTERVENING' },
      { subjectType: 'CASE', meet: [CASE_PLAN, PLAN_APPROVAL], cancel: null, start: [{ key: CASE_REVIEW, from: 'EVENT_AT' }] },
    ],
    [
      'CASE_STATUS_CHANGED',
      { from: 'REVIEWING', to: 'INTERVENING' },
      { subjectType: 'CASE', meet: [CASE_PLAN, PLAN_APPROVAL], cancel: null, start: [{ key: CASE_REVIEW, from: 'EVENT_AT' }] },
    ],
    ['CASE_STATUS_CHANGED', { from: 'INTERVENING', to: 'REVIEWING' }, { subjectType: 'CASE', meet: [CASE_REVIEW], cancel: null, start: [] }],
    ['CASE_STATUS_CHANGED', { from: 'ASSESSING', to: 'CLOSED' }, { subjectType: 'CASE', meet: [], cancel: { scope: 'CASE', reason: 'CASE_CLOSED' }, start: [] }],
    // Reopening is handled on CASE_REOPENED, which follows this event.
    ['CASE_STATUS_CHANGED', { from: 'CLOSED', to: 'ASSESSING' }, null],
    ['CASE_CLOSED', {}, { subjectType: 'CASE', meet: [], cancel: { scope: 'CASE', reason: 'CASE_CLOSED' }, start: [] }],
    ['CASE_REOPENED', {}, { subjectType: 'CASE', meet: [], cancel: null, start: [{ key: CASE_ASSESSMENT, from: 'EVENT_AT' }] }],
    ['CASE_ASSIGNED', {}, null],
    ['REFERRAL_SENT', {}, { subjectType: 'REFERRAL', meet: [], cancel: null, start: [{ key: REFERRAL_ACKNOWLEDGE, from: 'EVENT_AT' }] }],
    ['REFERRAL_ACKNOWLEDGED', {}, { subjectType: 'REFERRAL', meet: [REFERRAL_ACKNOWLEDGE], cancel: null, start: [] }],
    ['REFERRAL_ACCEPTED', {}, { subjectType: 'REFERRAL', meet: [REFERRAL_ACKNOWLEDGE], cancel: null, start: [{ key: REFERRAL_COMPLETE, from: 'EVENT_AT' }] }],
    [
      'REFERRAL_DECLINED',
      {},
      { subjectType: 'REFERRAL', meet: [REFERRAL_ACKNOWLEDGE], cancel: { scope: 'KEYS', keys: [REFERRAL_COMPLETE], reason: 'REFERRAL_DECLINED' }, start: [] },
    ],
    ['REFERRAL_STARTED', {}, { subjectType: 'REFERRAL', meet: [REFERRAL_ACKNOWLEDGE], cancel: null, start: [] }],
    ['REFERRAL_COMPLETED', {}, { subjectType: 'REFERRAL', meet: [REFERRAL_ACKNOWLEDGE, REFERRAL_COMPLETE], cancel: null, start: [] }],
    [
      'REFERRAL_COMPLETED',
      { agencyType: 'POLICE' },
      {
        subjectType: 'REFERRAL',
        meet: [REFERRAL_ACKNOWLEDGE, REFERRAL_COMPLETE],
        cancel: null,
        start: [{ key: DeadlineKey.REPORTER_NOTIFICATION, from: 'EVENT_AT', subjectType: 'CASE' }],
      },
    ],
    ['CASE_REPORTER_NOTIFIED', {}, { subjectType: 'CASE', meet: [DeadlineKey.REPORTER_NOTIFICATION], cancel: null, start: [] }],
    ['REFERRAL_CANCELLED', {}, { subjectType: 'REFERRAL', meet: [], cancel: { scope: 'SUBJECT', reason: 'REFERRAL_CANCELLED' }, start: [] }],
    ['ROUTING_NO_AGENCY', {}, null],
    ['SOMETHING_ELSE', {}, null],
  ])('%s %j', (type, payload, expected) => {
    expect(deadlineEffects(type, payload)).toEqual(expected);
  });

  it('lists exactly the event types that have effects', () => {
    const withEffects = [
      'CASE_OPENED',
      'REPORT_LINKED',
      'CASE_ASSESSMENT_RECORDED',
      'CASE_EMERGENCY_MEASURE',
      'CASE_SEPARATION_DECIDED',
      'CASE_SEPARATION_ENDED',
      'CASE_REPORTER_NOTIFIED',
      'CASE_PLAN_SUBMITTED',
      'CASE_PLAN_RETURNED',
      'CASE_PLAN_APPROVED',
      'CASE_CLOSED',
      'CASE_REOPENED',
      'REFERRAL_SENT',
      'REFERRAL_ACKNOWLEDGED',
      'REFERRAL_ACCEPTED',
      'REFERRAL_DECLINED',
      'REFERRAL_STARTED',
      'REFERRAL_COMPLETED',
      'REFERRAL_CANCELLED',
    ];
    for (const type of withEffects) expect(DEADLINE_EVENT_TYPES).toContain(type);
    expect(DEADLINE_EVENT_TYPES).toContain('CASE_STATUS_CHANGED');
    expect(DEADLINE_EVENT_TYPES).toHaveLength(withEffects.length + 1);
  });
});

describe('obligationStands', () => {
  it.each<[DeadlineKey, string, boolean]>([
    [CASE_ASSESSMENT, CaseStatus.RECEIVED, true],
    [CASE_ASSESSMENT, CaseStatus.ASSESSING, true],
    [CASE_ASSESSMENT, CaseStatus.PLANNING, false],
    [CASE_PLAN, CaseStatus.PLANNING, true],
    [CASE_PLAN, CaseStatus.INTERVENING, false],
    [CASE_REVIEW, CaseStatus.INTERVENING, true],
    [CASE_REVIEW, CaseStatus.REVIEWING, false],
    [CASE_REVIEW, CaseStatus.CLOSED, false],
    [REFERRAL_ACKNOWLEDGE, ReferralStatus.SENT, true],
    [REFERRAL_ACKNOWLEDGE, ReferralStatus.ACKNOWLEDGED, false],
    [REFERRAL_COMPLETE, ReferralStatus.ACCEPTED, true],
    [REFERRAL_COMPLETE, ReferralStatus.IN_PROGRESS, true],
    [REFERRAL_COMPLETE, ReferralStatus.CANCELLED, false],
    [URGENT_PROTECTION, CaseStatus.PLANNING, true],
    [URGENT_PROTECTION, CaseStatus.CLOSED, false],
    [PLAN_APPROVAL, CaseStatus.PLANNING, true],
    [PLAN_APPROVAL, CaseStatus.ASSESSING, false],
  ])('%s while %s → %s', (key, status, expected) => {
    expect(obligationStands(key, status)).toBe(expected);
  });
});
