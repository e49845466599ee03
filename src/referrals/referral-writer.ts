import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { auditPayload } from '../audit/audit-payload.rules';
import { AuditService } from '../audit/audit.service';
import { CaseTimeline } from '../cases/case-timeline';
import { Clock } from '../common/clock';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { OutboxService } from '../database/outbox.service';
import { newRowId } from '../database/row-id';
import { AgencyType, ReferralStatus } from './enums';
import { REFERRAL_AGGREGATE, ReferralEventType, RoutingNoAgencyPayload } from './referral-events';
import { Referral } from './referral.entity';
import { ReferralCaseFacts, referralRef } from './referral-view';
import { ReferralsRepository, RoutedWrites } from './referrals.repository';
import { RoutedAgency, RoutingReason } from './routing.rules';

export interface SendInput {
  caseFacts: ReferralCaseFacts;
  agency: { id: string; type: AgencyType; name: string };
  explanation: string;
  reason: string | null;
  ruleRefs: RoutingReason[];
  sourceEventId: string | null;
  /** Null when routing sends it. */
  actor: Principal | null;
  meta: RequestMeta | null;
}

/** A referral routing sends: what `send` takes, less what only a referral by hand has. */
export interface RoutedSend {
  caseFacts: ReferralCaseFacts;
  agency: { id: string; type: AgencyType; name: string };
  explanation: string;
  ruleRefs: RoutingReason[];
  sourceEventId: string;
}

/** A type routing wanted and nobody serves at the child's location. */
export interface RoutedGap {
  caseFacts: ReferralCaseFacts;
  routed: RoutedAgency;
  sourceEventId: string;
}

export interface ChangeInput {
  referral: Referral;
  from: ReferralStatus;
  caseFacts: ReferralCaseFacts;
  type: string;
  actor: Principal;
  /** What the change says besides the state (reason, outcome…): goes to history, timeline, audit and event. */
  data: Record<string, unknown>;
  meta: RequestMeta | null;
}

/**
 * The records every referral change leaves, inside the use case's transaction: the referral's own history,
 * the case timeline, the audit log and the outbox event (referral-events.ts).
 */
@Injectable()
export class ReferralWriter {
  constructor(
    private readonly repo: ReferralsRepository,
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async send(manager: EntityManager, input: SendInput): Promise<Referral> {
    const now = this.clock.now();
    const c = input.caseFacts;
    const actor = input.actor ? { id: input.actor.id, username: input.actor.username } : null;
    const referral = await this.repo.insert(manager, {
      caseId: c.id,
      agencyId: input.agency.id,
      agencyType: input.agency.type,
      riskLevel: c.riskLevel,
      explanation: input.explanation,
      reason: input.reason,
      ruleRefs: input.ruleRefs,
      sourceEventId: input.sourceEventId,
      createdBy: input.actor?.id ?? null,
      sentAt: now,
    });
    const summary = { referralId: referral.id, agencyType: referral.agencyType, agencyId: referral.agencyId, agencyName: input.agency.name, explanation: referral.explanation };
    await this.repo.appendHistory(manager, {
      referralId: referral.id,
      at: now,
      type: ReferralEventType.SENT,
      fromStatus: null,
      toStatus: ReferralStatus.SENT,
      actor,
      data: { explanation: referral.explanation, ruleRefs: referral.ruleRefs },
    });
    await this.timeline.append(manager, { caseId: c.id, type: ReferralEventType.SENT, actor, at: now, after: { ...summary, status: ReferralStatus.SENT, byHand: actor !== null } });
    await this.audit.record(
      {
        actor: input.actor,
        action: ReferralEventType.SENT,
        subjectType: REFERRAL_AGGREGATE,
        subjectId: referral.id,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
        after: { caseId: c.id, ...summary, reason: referral.reason, ruleRefs: referral.ruleRefs, sourceEventId: referral.sourceEventId },
        meta: input.meta,
      },
      manager,
    );
    await this.outbox.append(manager, {
      type: ReferralEventType.SENT,
      aggregateType: REFERRAL_AGGREGATE,
      aggregateId: referral.id,
      payload: { ...referralRef(referral, c, input.actor?.id ?? null, now), explanation: referral.explanation },
    });
    return referral;
  }

  /**
   * What `send` (by routing) and `noAgency` (emitted) write for a whole routing batch, with the same rows and
   * payloads, in one statement. Referral ids are made here so that every row can name its referral.
   */
  async sendRouted(manager: EntityManager, sends: RoutedSend[], gaps: RoutedGap[]): Promise<void> {
    const now = this.clock.now();
    const at = now.toISOString();
    const w: RoutedWrites = { referrals: [], history: [], timeline: [], audit: [], outbox: [] };
    for (const s of sends) {
      const c = s.caseFacts;
      const referral = {
        id: newRowId(),
        caseId: c.id,
        agencyId: s.agency.id,
        agencyType: s.agency.type,
        status: ReferralStatus.SENT,
        riskLevel: c.riskLevel,
        explanation: s.explanation,
        reason: null,
        ruleRefs: s.ruleRefs,
        sourceEventId: s.sourceEventId,
      };
      w.referrals.push({ ...referral, sentAt: now });
      const summary = { referralId: referral.id, agencyType: referral.agencyType, agencyId: referral.agencyId, agencyName: s.agency.name, explanation: referral.explanation };
      w.history.push({
        referralId: referral.id,
        at: now,
        type: ReferralEventType.SENT,
        toStatus: ReferralStatus.SENT,
        data: { explanation: referral.explanation, ruleRefs: referral.ruleRefs },
      });
      w.timeline.push({ caseId: c.id, at: now, type: ReferralEventType.SENT, after: { ...summary, status: ReferralStatus.SENT, byHand: false } });
      w.audit.push({
        at: now,
        action: ReferralEventType.SENT,
        subjectType: REFERRAL_AGGREGATE,
        subjectId: referral.id,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
        after: auditPayload(REFERRAL_AGGREGATE, { caseId: c.id, ...summary, reason: referral.reason, ruleRefs: referral.ruleRefs, sourceEventId: referral.sourceEventId }),
      });
      const ref = {
        referralId: referral.id,
        caseId: c.id,
        caseNumber: c.caseNumber,
        agencyId: referral.agencyId,
        agencyType: referral.agencyType,
        status: referral.status,
        riskLevel: referral.riskLevel,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
        caseAssigneeId: c.assigneeId,
        actorId: null,
        at,
      };
      w.outbox.push({
        occurredAt: now,
        type: ReferralEventType.SENT,
        aggregateType: REFERRAL_AGGREGATE,
        aggregateId: referral.id,
        payload: { ...ref, explanation: referral.explanation },
      });
    }
    for (const g of gaps) {
      const c = g.caseFacts;
      const after = {
        agencyType: g.routed.agencyType,
        explanation: g.routed.explanation,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
        sourceEventId: g.sourceEventId,
        emitted: true,
      };
      w.timeline.push({ caseId: c.id, at: now, type: ReferralEventType.ROUTING_NO_AGENCY, after });
      w.audit.push({
        at: now,
        action: ReferralEventType.ROUTING_NO_AGENCY,
        subjectType: 'CASE',
        subjectId: c.id,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
        after: auditPayload('CASE', after),
      });
      const payload: RoutingNoAgencyPayload = {
        caseId: c.id,
        caseNumber: c.caseNumber,
        agencyType: g.routed.agencyType,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
        caseAssigneeId: c.assigneeId,
        at,
      };
      w.outbox.push({
        occurredAt: now,
        type: ReferralEventType.ROUTING_NO_AGENCY,
        aggregateType: 'CASE',
        aggregateId: c.id,
        payload: { ...payload, explanation: g.routed.explanation },
      });
    }
    await this.repo.writeRouted(manager, w);
  }

  async change(manager: EntityManager, input: ChangeInput): Promise<void> {
    const now = this.clock.now();
    const { referral: r, caseFacts: c } = input;
    const actor = { id: input.actor.id, username: input.actor.username };
    await this.repo.appendHistory(manager, { referralId: r.id, at: now, type: input.type, fromStatus: input.from, toStatus: r.status, actor, data: input.data });
    await this.timeline.append(manager, {
      caseId: c.id,
      type: input.type,
      actor,
      at: now,
      before: { referralId: r.id, status: input.from },
      after: { referralId: r.id, agencyType: r.agencyType, agencyId: r.agencyId, status: r.status, ...input.data },
    });
    await this.audit.record(
      {
        actor: input.actor,
        action: input.type,
        subjectType: REFERRAL_AGGREGATE,
        subjectId: r.id,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
        before: { status: input.from },
        after: { caseId: c.id, status: r.status, version: r.version, ...input.data },
        meta: input.meta,
      },
      manager,
    );
    await this.outbox.append(manager, {
      type: input.type,
      aggregateType: REFERRAL_AGGREGATE,
      aggregateId: r.id,
      payload: { ...referralRef(r, c, input.actor.id, now), ...input.data },
    });
  }
}
