import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { OutboxEvent } from '../database/outbox-event.entity';
import { OutboxHandlers } from '../database/outbox.relay';
import { routingChildren } from './referral-planning.rules';
import { RoutedGap, RoutedSend, ReferralWriter } from './referral-writer';
import { ReferralsRepository } from './referrals.repository';
import { planRoutingBatch, ROUTING_EVENT_TYPES, RoutingRequest, routingRequest, routingSteps } from './routing-batch.rules';
import { AGENCY_ROUTING_ORDER } from './routing.rules';

/**
 * Routing as an outbox consumer (worker): a founded assessment refers the case to every agency type the rules
 * ask for; a child in immediate danger (at intake, or when urgent protection is recorded) is referred at
 * once by the rules about immediate danger — the police by default — without waiting for the assessment.
 * Runs inside the relay's transaction, so the referrals commit with the events' processing or not at all.
 */
@Injectable()
export class RoutingService implements OnModuleInit {
  private readonly logger = new Logger('Routing');

  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly repo: ReferralsRepository,
    private readonly writer: ReferralWriter,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // One batch handler for every routing event type: a batch of events is routed together.
    const routeBatch = async (events: OutboxEvent[], manager: EntityManager) => {
      await this.routeBatch(manager, events);
    };
    for (const type of ROUTING_EVENT_TYPES) this.handlers.registerBatch(type, routeBatch);
  }

  /**
   * Routes the cases of a batch of events with a few statements for the whole batch: the cases locked in id
   * order, the rules, children, referrals and candidate agencies read once, then every referral, gap report,
   * timeline, audit row and outbox event written in one statement. Returns how many referrals were created.
   */
  async routeBatch(manager: EntityManager, events: Pick<OutboxEvent, 'id' | 'type' | 'payload'>[]): Promise<number> {
    const requests = events.map((e) => routingRequest(e)).filter((r): r is RoutingRequest => r !== null);
    if (requests.length === 0) return 0;
    const cases = await this.repo.lockCases(
      manager,
      requests.map((r) => r.caseId),
    );
    const steps = routingSteps(requests, cases);
    if (steps.length === 0) return 0;
    const caseIds = [...new Set(steps.map((s) => s.caseId))];
    const rules = await this.repo.activeRules(manager);
    const now = this.clock.now();
    const childFacts = await this.repo.childFactsOfCases(manager, caseIds);
    const children = new Map(caseIds.map((id) => [id, routingChildren(childFacts.get(id) ?? [], now)]));
    const existing = await this.repo.existingForCases(manager, caseIds);
    const agencies = await this.repo.agencyCandidatesForPlaces(
      manager,
      [...AGENCY_ROUTING_ORDER],
      caseIds.map((id) => cases.get(id)!),
    );
    const planned = planRoutingBatch({ steps, cases, rules, children, existing, agencies });

    const names = new Map(agencies.map((a) => [a.id, a.name]));
    const sends: RoutedSend[] = [];
    const wanted: RoutedGap[] = [];
    for (const { step, plan } of planned) {
      const c = cases.get(step.caseId)!;
      for (const p of plan.create) {
        sends.push({
          caseFacts: c,
          agency: { id: p.agencyId, type: p.agencyType, name: names.get(p.agencyId) ?? '' },
          explanation: p.explanation,
          ruleRefs: p.reasons,
          sourceEventId: step.eventId,
        });
      }
      // Every gap is told at once, urgent routing included: a child in immediate danger with no police to
      // refer to is exactly when the worker and the supervisors must act by hand.
      for (const r of plan.noAgency) wanted.push({ caseFacts: c, routed: r, sourceEventId: step.eventId });
    }
    // A redelivered event reports a gap once.
    const told = await this.repo.noAgencyRecordedAmong(
      manager,
      wanted.map((g) => ({ caseId: g.caseFacts.id, agencyType: g.routed.agencyType, sourceEventId: g.sourceEventId })),
    );
    const gaps = wanted.filter((g) => !told.has(`${g.caseFacts.id}|${g.routed.agencyType}|${g.sourceEventId}`));
    await this.writer.sendRouted(manager, sends, gaps);

    for (const { step, plan } of planned) {
      if (plan.create.length === 0 && plan.noAgency.length === 0) continue;
      const type = events.find((e) => String(e.id) === step.eventId)?.type;
      this.logger.log(
        { caseId: step.caseId, event: type, mode: step.mode, created: plan.create.map((p) => p.agencyType), noAgency: plan.noAgency.map((r) => r.agencyType) },
        'case routed',
      );
    }
    return sends.length;
  }
}
