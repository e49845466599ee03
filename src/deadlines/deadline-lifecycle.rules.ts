import { CaseEventType } from '../cases/case-events';
import { CaseStatus, RiskLevel } from '../cases/enums';
import { INTAKE_EVENTS } from '../intake/case-opening';
import { ReferralEventType } from '../referrals/referral-events';
import { AgencyType, ReferralStatus } from '../referrals/enums';
import { DeadlineKey, DeadlineSubjectType } from './enums';

/**
 * Which obligations a domain event starts, meets or cancels (product.md §6). Pure: the service applies the
 * effects inside the event's transaction.
 *
 * Meeting an obligation closes its deadline as MET even when it was already OVERDUE (overdue_at stays, for
 * the timeliness statistics); a change that makes it moot (closing the case, cancelling the referral)
 * cancels it.
 */

/** Where a new deadline's period counts from. */
export type StartFrom =
  /** When the information was received (the case's opening): the law counts the assessment from it. */
  | 'OPENED_AT'
  /**
   * When the information behind the current round was received: the start of the case's latest assessment
   * deadline (the opening, or the reopening), else the opening. The plan's 7 working days count from it.
   */
  | 'ASSESSMENT_START'
  /** When the linked report was received (`receivedAt` of the payload), else the time of the change. */
  | 'RECEIVED_AT'
  /** When a temporary separation starts (`startsAt` of the payload). */
  | 'SEPARATION_START'
  /** The time of the change itself. */
  | 'EVENT_AT';

export interface StartSpec {
  key: DeadlineKey;
  from: StartFrom;
  /** An obligation of the case started by a referral's event (the worker tells the reporter). */
  subjectType?: DeadlineSubjectType;
}

export type CancelScope =
  /** Every open deadline of the case, its referrals' included. */
  | { scope: 'CASE'; reason: string }
  /** Every open deadline of the event's subject (one referral). */
  | { scope: 'SUBJECT'; reason: string }
  /** These keys of the subject. */
  | { scope: 'KEYS'; keys: DeadlineKey[]; reason: string };

export interface DeadlineEffects {
  subjectType: DeadlineSubjectType;
  meet: DeadlineKey[];
  cancel: CancelScope | null;
  start: StartSpec[];
}

const none = (subjectType: DeadlineSubjectType): DeadlineEffects => ({ subjectType, meet: [], cancel: null, start: [] });

/**
 * A child in serious danger (immediate danger reported, or risk judged CRITICAL) must have urgent measures
 * within 12 hours of the information being received (Decree 56/2017 arts. 26(3), 31(2)).
 */
export function inSeriousDanger(payload: Record<string, unknown>): boolean {
  return payload.immediateDanger === true || payload.riskLevel === RiskLevel.CRITICAL;
}

const urgent = (payload: Record<string, unknown>, from: StartFrom): StartSpec[] => (inSeriousDanger(payload) ? [{ key: DeadlineKey.URGENT_PROTECTION, from }] : []);

/** The effects of an outbox event on deadlines; null for events that touch none. */
export function deadlineEffects(type: string, payload: Record<string, unknown>): DeadlineEffects | null {
  const CASE = DeadlineSubjectType.CASE;
  const REFERRAL = DeadlineSubjectType.REFERRAL;
  switch (type) {
    case INTAKE_EVENTS.CASE_OPENED:
      return { ...none(CASE), start: [{ key: DeadlineKey.CASE_ASSESSMENT, from: 'OPENED_AT' }, ...urgent(payload, 'OPENED_AT')] };
    case INTAKE_EVENTS.REPORT_LINKED: {
      const start = urgent(payload, 'RECEIVED_AT');
      return start.length ? { ...none(CASE), start } : null;
    }
    case CaseEventType.ASSESSMENT_RECORDED:
      // Only a risk judged CRITICAL: immediate danger flagged by an urgent measure is already being met.
      return payload.riskLevel === RiskLevel.CRITICAL ? { ...none(CASE), start: [{ key: DeadlineKey.URGENT_PROTECTION, from: 'EVENT_AT' }] } : null;
    case CaseEventType.EMERGENCY_MEASURE:
      return { ...none(CASE), meet: [DeadlineKey.URGENT_PROTECTION] };
    case CaseEventType.SEPARATION_DECIDED:
      // Separating the child is an urgent intervention (art. 26(3)); it lasts at most 15 days (art. 32).
      return { ...none(CASE), meet: [DeadlineKey.URGENT_PROTECTION], start: [{ key: DeadlineKey.SEPARATION_END, from: 'SEPARATION_START' }] };
    case CaseEventType.SEPARATION_ENDED:
      return { ...none(CASE), meet: [DeadlineKey.SEPARATION_END] };
    case CaseEventType.PLAN_SUBMITTED:
      // Drafting ends with the submission (art. 28(1)); the chair's 2 working days start (art. 28(4)).
      return { ...none(CASE), meet: [DeadlineKey.CASE_PLAN], start: [{ key: DeadlineKey.PLAN_APPROVAL, from: 'EVENT_AT' }] };
    case CaseEventType.PLAN_RETURNED:
    case CaseEventType.PLAN_APPROVED:
      return { ...none(CASE), meet: [DeadlineKey.PLAN_APPROVAL] };
    case CaseEventType.STATUS_CHANGED:
      switch (payload.to) {
        case CaseStatus.PLANNING:
          return { ...none(CASE), meet: [DeadlineKey.CASE_ASSESSMENT], start: [{ key: DeadlineKey.CASE_PLAN, from: 'ASSESSMENT_START' }] };
        case CaseStatus.INTERVENING:
          // The plan is approved (or a new round of intervention starts after a review): the next review is due.
          return { ...none(CASE), meet: [DeadlineKey.CASE_PLAN, DeadlineKey.PLAN_APPROVAL], start: [{ key: DeadlineKey.CASE_REVIEW, from: 'EVENT_AT' }] };
        case CaseStatus.REVIEWING:
          return { ...none(CASE), meet: [DeadlineKey.CASE_REVIEW] };
        case CaseStatus.CLOSED:
          return { ...none(CASE), cancel: { scope: 'CASE', reason: 'CASE_CLOSED' } };
        default:
          return null;
      }
    case CaseEventType.CLOSED:
      return { ...none(CASE), cancel: { scope: 'CASE', reason: 'CASE_CLOSED' } };
    case CaseEventType.REOPENED:
      return { ...none(CASE), start: [{ key: DeadlineKey.CASE_ASSESSMENT, from: 'EVENT_AT' }] };
    case ReferralEventType.SENT:
      return { ...none(REFERRAL), start: [{ key: DeadlineKey.REFERRAL_ACKNOWLEDGE, from: 'EVENT_AT' }] };
    case ReferralEventType.ACKNOWLEDGED:
    case ReferralEventType.STARTED:
      return { ...none(REFERRAL), meet: [DeadlineKey.REFERRAL_ACKNOWLEDGE] };
    case ReferralEventType.ACCEPTED:
      return { ...none(REFERRAL), meet: [DeadlineKey.REFERRAL_ACKNOWLEDGE], start: [{ key: DeadlineKey.REFERRAL_COMPLETE, from: 'EVENT_AT' }] };
    case ReferralEventType.DECLINED:
      // Declining answers the referral: the acknowledgement obligation is met, nothing is left to complete.
      return {
        ...none(REFERRAL),
        meet: [DeadlineKey.REFERRAL_ACKNOWLEDGE],
        cancel: { scope: 'KEYS', keys: [DeadlineKey.REFERRAL_COMPLETE], reason: 'REFERRAL_DECLINED' },
      };
    case ReferralEventType.COMPLETED:
      return {
        ...none(REFERRAL),
        meet: [DeadlineKey.REFERRAL_ACKNOWLEDGE, DeadlineKey.REFERRAL_COMPLETE],
        // The police's decision must reach the person who reported (Criminal Procedure Code art. 145(4)).
        start: payload.agencyType === AgencyType.POLICE ? [{ key: DeadlineKey.REPORTER_NOTIFICATION, from: 'EVENT_AT', subjectType: CASE }] : [],
      };
    case CaseEventType.REPORTER_NOTIFIED:
      return { ...none(CASE), meet: [DeadlineKey.REPORTER_NOTIFICATION] };
    case ReferralEventType.CANCELLED:
      return { ...none(REFERRAL), cancel: { scope: 'SUBJECT', reason: 'REFERRAL_CANCELLED' } };
    default:
      return null;
  }
}

/** Event types that have deadline effects, for registering consumers. */
export const DEADLINE_EVENT_TYPES: readonly string[] = [
  INTAKE_EVENTS.CASE_OPENED,
  INTAKE_EVENTS.REPORT_LINKED,
  CaseEventType.ASSESSMENT_RECORDED,
  CaseEventType.EMERGENCY_MEASURE,
  CaseEventType.SEPARATION_DECIDED,
  CaseEventType.SEPARATION_ENDED,
  CaseEventType.REPORTER_NOTIFIED,
  CaseEventType.PLAN_SUBMITTED,
  CaseEventType.PLAN_RETURNED,
  CaseEventType.PLAN_APPROVED,
  CaseEventType.STATUS_CHANGED,
  CaseEventType.CLOSED,
  CaseEventType.REOPENED,
  ReferralEventType.SENT,
  ReferralEventType.ACKNOWLEDGED,
  ReferralEventType.ACCEPTED,
  ReferralEventType.DECLINED,
  ReferralEventType.STARTED,
  ReferralEventType.COMPLETED,
  ReferralEventType.CANCELLED,
];

const OPEN_CASE = [CaseStatus.RECEIVED, CaseStatus.ASSESSING, CaseStatus.PLANNING, CaseStatus.INTERVENING, CaseStatus.REVIEWING];

const OPEN_WHILE: Readonly<Record<DeadlineKey, readonly string[]>> = {
  [DeadlineKey.URGENT_PROTECTION]: OPEN_CASE,
  [DeadlineKey.PLAN_APPROVAL]: [CaseStatus.PLANNING, CaseStatus.INTERVENING, CaseStatus.REVIEWING],
  [DeadlineKey.SEPARATION_END]: OPEN_CASE,
  [DeadlineKey.REPORTER_NOTIFICATION]: OPEN_CASE,
  [DeadlineKey.CASE_ASSESSMENT]: [CaseStatus.RECEIVED, CaseStatus.ASSESSING],
  [DeadlineKey.CASE_PLAN]: [CaseStatus.PLANNING],
  [DeadlineKey.CASE_REVIEW]: [CaseStatus.INTERVENING],
  [DeadlineKey.REFERRAL_ACKNOWLEDGE]: [ReferralStatus.SENT],
  [DeadlineKey.REFERRAL_COMPLETE]: [ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS],
};

/**
 * Whether the obligation still stands for a subject in `status` now. Events of one case can be delivered
 * out of order by concurrent workers; an event that would start an obligation the subject has already
 * moved past starts nothing.
 */
export function obligationStands(key: DeadlineKey, status: string): boolean {
  return OPEN_WHILE[key].includes(status);
}
