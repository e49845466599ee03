import { AgencyType, ReferralStatus } from './enums';
import { RiskLevel } from '../cases/enums';

/**
 * Domain events of referrals, written to the outbox (aggregateType 'REFERRAL', aggregateId = referral id) in
 * the same transaction as the change; the deadlines module consumes them (acknowledge-by, complete-by) and
 * notifications tell the people concerned.
 *
 * - REFERRAL_SENT          a referral was created (by routing or by hand) and is waiting for the agency.
 * - REFERRAL_ACKNOWLEDGED  the agency saw it.
 * - REFERRAL_ACCEPTED      the agency takes it on ({ acknowledgedImplicitly } when accepted straight from SENT).
 * - REFERRAL_DECLINED      { reason }; the case worker must re-route.
 * - REFERRAL_STARTED       work under way.
 * - REFERRAL_COMPLETED     { outcomeCode, outcomeNote }.
 * - REFERRAL_CANCELLED     cancelled from the case side: { reason }.
 * - ROUTING_NO_AGENCY      routing wanted an agency type that has no agency for the place: the worker and the
 *                          supervisor must be told ({ caseId, agencyType, provinceCode, communeCode }).
 */
export const ReferralEventType = {
  SENT: 'REFERRAL_SENT',
  ACKNOWLEDGED: 'REFERRAL_ACKNOWLEDGED',
  ACCEPTED: 'REFERRAL_ACCEPTED',
  DECLINED: 'REFERRAL_DECLINED',
  STARTED: 'REFERRAL_STARTED',
  COMPLETED: 'REFERRAL_COMPLETED',
  CANCELLED: 'REFERRAL_CANCELLED',
  ROUTING_NO_AGENCY: 'ROUTING_NO_AGENCY',
} as const;
export type ReferralEventType = (typeof ReferralEventType)[keyof typeof ReferralEventType];

export const REFERRAL_AGGREGATE = 'REFERRAL';

/** What every referral event says about the referral after the change. */
export interface ReferralRef {
  referralId: string;
  caseId: string;
  caseNumber: string;
  agencyId: string;
  agencyType: AgencyType;
  status: ReferralStatus;
  riskLevel: RiskLevel;
  provinceCode: string | null;
  communeCode: string | null;
  /** The case's assignee, to notify on decline/completion. */
  caseAssigneeId: string | null;
  actorId: string | null;
  /** ISO-8601 UTC time of the change. */
  at: string;
}

export interface ReferralDeclinedPayload extends ReferralRef {
  reason: string;
}

export interface ReferralCompletedPayload extends ReferralRef {
  outcomeCode: string;
  outcomeNote: string | null;
}

export interface ReferralCancelledPayload extends ReferralRef {
  reason: string;
}

export interface RoutingNoAgencyPayload {
  caseId: string;
  caseNumber: string;
  agencyType: AgencyType;
  provinceCode: string | null;
  communeCode: string | null;
  caseAssigneeId: string | null;
  at: string;
}
