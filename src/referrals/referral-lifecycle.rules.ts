import { AgencyType, ReferralStatus } from './enums';

/**
 * The referral lifecycle of product.md §5:
 *
 *   SENT ──acknowledge──▶ ACKNOWLEDGED ──accept──▶ ACCEPTED ──start──▶ IN_PROGRESS ──complete──▶ COMPLETED
 *     │                       │
 *     ├──accept──▶ ACCEPTED   └──decline──▶ DECLINED
 *     └──decline──▶ DECLINED
 *   any non-final state ──cancel (case side)──▶ CANCELLED
 *
 * Decisions:
 * - A SENT referral may be accepted directly: accepting implies the agency has seen it, and forcing a
 *   separate click delays the work. The service records the implied acknowledgement as well.
 * - A SENT referral may be declined directly, for the same reason (an obviously wrong agency).
 * - Once accepted, the agency can no longer decline; only the case side can cancel and re-route.
 * - Order of checks: side (FORBIDDEN), then state (ILLEGAL_TRANSITION), then payload (MISSING_DATA /
 *   INVALID_DATA), so that a caller who may never take an action learns that first.
 *
 * Pure: no framework, no I/O, no clock. The service maps FORBIDDEN → 403, ILLEGAL_TRANSITION → 409,
 * MISSING_DATA / INVALID_DATA → 400.
 */

export type ReferralAction = 'acknowledge' | 'accept' | 'decline' | 'start' | 'complete' | 'cancel';
export type ReferralSide = 'AGENCY' | 'CASE';
export type ReferralErrorCode = 'ILLEGAL_TRANSITION' | 'MISSING_DATA' | 'INVALID_DATA' | 'FORBIDDEN';

export interface ReferralActionPayload {
  reason?: string;
  outcome?: { code?: string; note?: string };
}

export type ReferralDecision = { ok: true; to: ReferralStatus } | { ok: false; code: ReferralErrorCode; message: string };

export interface ReferralOutcomeCode {
  code: string;
  labelVi: string;
  labelEn: string;
}

// ---------------------------------------------------------------------------------------------------------
// Outcome codes

const OTHER_OUTCOME: ReferralOutcomeCode = { code: 'OTHER', labelVi: 'Khác', labelEn: 'Other' };

/** What an agency reports when it completes a referral; feeds the Circular 13/2021 indicators by outcome. */
export const REFERRAL_OUTCOME_CODES: Record<AgencyType, ReferralOutcomeCode[]> = {
  // The decisions of the investigating body on a crime report (Criminal Procedure Code 2015 art. 147(3)); the
  // police complete a referral with one of them and a note (the decision's number and grounds).
  [AgencyType.POLICE]: [
    { code: 'PROSECUTION_OPENED', labelVi: 'Quyết định khởi tố vụ án hình sự', labelEn: 'Criminal case opened' },
    { code: 'NO_PROSECUTION', labelVi: 'Quyết định không khởi tố vụ án hình sự', labelEn: 'Decision not to open a criminal case' },
    { code: 'SUSPENDED', labelVi: 'Quyết định tạm đình chỉ việc giải quyết nguồn tin về tội phạm', labelEn: 'Handling of the report suspended' },
  ],
  [AgencyType.HEALTH]: [
    { code: 'EXAMINED', labelVi: 'Đã khám sức khỏe', labelEn: 'Examined' },
    { code: 'FORENSIC_ASSESSMENT_DONE', labelVi: 'Đã giám định pháp y', labelEn: 'Forensic assessment done' },
    { code: 'TREATED', labelVi: 'Đã điều trị', labelEn: 'Treated' },
    { code: 'PSYCHOLOGICAL_SUPPORT', labelVi: 'Đã hỗ trợ tâm lý', labelEn: 'Psychological support given' },
    OTHER_OUTCOME,
  ],
  [AgencyType.EDUCATION]: [
    { code: 'SCHOOL_MEASURES_TAKEN', labelVi: 'Nhà trường đã áp dụng biện pháp xử lý', labelEn: 'School measures taken' },
    { code: 'COUNSELLING_AT_SCHOOL', labelVi: 'Đã tư vấn tâm lý tại trường', labelEn: 'Counselling at school' },
    { code: 'TRANSFER_OF_SCHOOL', labelVi: 'Đã chuyển trường', labelEn: 'Transferred to another school' },
    OTHER_OUTCOME,
  ],
  [AgencyType.SOCIAL_SERVICES]: [
    { code: 'SERVICES_PROVIDED', labelVi: 'Đã cung cấp dịch vụ hỗ trợ', labelEn: 'Services provided' },
    { code: 'ALTERNATIVE_CARE_ARRANGED', labelVi: 'Đã bố trí chăm sóc thay thế', labelEn: 'Alternative care arranged' },
    { code: 'PSYCHOSOCIAL_SUPPORT', labelVi: 'Đã hỗ trợ tâm lý – xã hội', labelEn: 'Psychosocial support given' },
    OTHER_OUTCOME,
  ],
  [AgencyType.JUSTICE]: [
    { code: 'LEGAL_AID_PROVIDED', labelVi: 'Đã trợ giúp pháp lý', labelEn: 'Legal aid provided' },
    { code: 'LEGAL_ADVICE_GIVEN', labelVi: 'Đã tư vấn pháp luật', labelEn: 'Legal advice given' },
    OTHER_OUTCOME,
  ],
  [AgencyType.LOCAL_AUTHORITY]: [
    { code: 'FAMILY_SUPPORT_ARRANGED', labelVi: 'Đã bố trí hỗ trợ gia đình', labelEn: 'Family support arranged' },
    { code: 'ADMINISTRATIVE_MEASURES', labelVi: 'Đã áp dụng biện pháp hành chính', labelEn: 'Administrative measures taken' },
    OTHER_OUTCOME,
  ],
};

// ---------------------------------------------------------------------------------------------------------
// The graph

interface Edge {
  from: readonly ReferralStatus[];
  to: ReferralStatus;
  side: ReferralSide;
}

const { SENT, ACKNOWLEDGED, ACCEPTED, DECLINED, IN_PROGRESS, COMPLETED, CANCELLED } = ReferralStatus;

const EDGES: Readonly<Record<ReferralAction, Edge>> = {
  acknowledge: { from: [SENT], to: ACKNOWLEDGED, side: 'AGENCY' },
  accept: { from: [SENT, ACKNOWLEDGED], to: ACCEPTED, side: 'AGENCY' },
  decline: { from: [SENT, ACKNOWLEDGED], to: DECLINED, side: 'AGENCY' },
  start: { from: [ACCEPTED], to: IN_PROGRESS, side: 'AGENCY' },
  complete: { from: [IN_PROGRESS], to: COMPLETED, side: 'AGENCY' },
  cancel: { from: [SENT, ACKNOWLEDGED, ACCEPTED, IN_PROGRESS], to: CANCELLED, side: 'CASE' },
};

export const REFERRAL_ACTIONS: readonly ReferralAction[] = ['acknowledge', 'accept', 'decline', 'start', 'complete', 'cancel'];
export const REFERRAL_FINAL_STATES: readonly ReferralStatus[] = [DECLINED, COMPLETED, CANCELLED];

export const MIN_REASON_LENGTH = 5;
export const MAX_REASON_LENGTH = 2000;
export const MAX_OUTCOME_NOTE_LENGTH = 4000;

export function isFinalReferralStatus(status: ReferralStatus): boolean {
  return REFERRAL_FINAL_STATES.includes(status);
}

/** Actions possible from a state, for one side or for both; drives the buttons the UI shows. */
export function allowedReferralActions(status: ReferralStatus, side?: ReferralSide): ReferralAction[] {
  return REFERRAL_ACTIONS.filter((a) => EDGES[a].from.includes(status) && (side === undefined || EDGES[a].side === side));
}

function describeAllowed(status: ReferralStatus): string {
  if (isFinalReferralStatus(status)) return `${status} is a final state: no action is allowed`;
  const agency = allowedReferralActions(status, 'AGENCY');
  const caseSide = allowedReferralActions(status, 'CASE');
  const parts: string[] = [];
  if (agency.length > 0) parts.push(`agency: ${agency.join(', ')}`);
  if (caseSide.length > 0) parts.push(`case: ${caseSide.join(', ')}`);
  return `allowed from ${status}: ${parts.join('; ')}`;
}

const fail = (code: ReferralErrorCode, message: string): ReferralDecision => ({ ok: false, code, message });

// ---------------------------------------------------------------------------------------------------------
// Payload checks

function checkReason(reason: unknown, action: ReferralAction): ReferralDecision | null {
  if (reason === undefined || reason === null || (typeof reason === 'string' && reason.trim() === '')) {
    return fail('MISSING_DATA', `A reason is required to ${action} a referral`);
  }
  if (typeof reason !== 'string') return fail('INVALID_DATA', 'reason must be text');
  const length = reason.trim().length;
  if (length < MIN_REASON_LENGTH) return fail('INVALID_DATA', `reason must be at least ${MIN_REASON_LENGTH} characters`);
  if (length > MAX_REASON_LENGTH) return fail('INVALID_DATA', `reason must be at most ${MAX_REASON_LENGTH} characters`);
  return null;
}

function checkOutcome(outcome: ReferralActionPayload['outcome'], agencyType: AgencyType): ReferralDecision | null {
  const codes = (REFERRAL_OUTCOME_CODES[agencyType] ?? []).map((c) => c.code);
  if (outcome === undefined || outcome === null || outcome.code === undefined || outcome.code === null || outcome.code === '') {
    return fail('MISSING_DATA', `An outcome code is required to complete a referral; for ${agencyType}: ${codes.join(', ')}`);
  }
  if (typeof outcome.code !== 'string' || !codes.includes(outcome.code)) {
    return fail('INVALID_DATA', `outcome.code ${JSON.stringify(outcome.code)} is not an outcome of ${agencyType}; allowed: ${codes.join(', ')}`);
  }
  if (agencyType === AgencyType.POLICE && (typeof outcome.note !== 'string' || outcome.note.trim() === '')) {
    return fail('MISSING_DATA', "A police decision needs outcome.note: the decision's number, date and grounds (Criminal Procedure Code art. 147)");
  }
  if (outcome.note !== undefined && outcome.note !== null) {
    if (typeof outcome.note !== 'string') return fail('INVALID_DATA', 'outcome.note must be text');
    if (outcome.note.length > MAX_OUTCOME_NOTE_LENGTH) return fail('INVALID_DATA', `outcome.note must be at most ${MAX_OUTCOME_NOTE_LENGTH} characters`);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Decision

/** Whether `side` may take `action` on a referral in `status`, and the state it leads to. */
export function decideReferralAction(status: ReferralStatus, action: ReferralAction, side: ReferralSide, payload: ReferralActionPayload, agencyType: AgencyType): ReferralDecision {
  // The action comes from a URL segment; refuse anything outside the contract rather than trust the type.
  const edge = Object.prototype.hasOwnProperty.call(EDGES, action) ? EDGES[action] : undefined;
  if (!edge) return fail('INVALID_DATA', `Unknown referral action ${JSON.stringify(action)}; known: ${REFERRAL_ACTIONS.join(', ')}`);

  if (edge.side !== side) {
    const who = edge.side === 'AGENCY' ? 'the receiving agency' : 'the case side';
    return fail('FORBIDDEN', `Only ${who} may ${action} a referral; the referral is ${status}, ${describeAllowed(status)}`);
  }

  if (!edge.from.includes(status)) {
    return fail('ILLEGAL_TRANSITION', `Cannot ${action} a referral that is ${status}; ${describeAllowed(status)}`);
  }

  const body = payload ?? {};
  const problem = action === 'decline' || action === 'cancel' ? checkReason(body.reason, action) : action === 'complete' ? checkOutcome(body.outcome, agencyType) : null;
  if (problem) return problem;

  return { ok: true, to: edge.to };
}
