import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { CaseEventType } from '../cases/case-events';
import { CaseStatus } from '../cases/enums';
import { OutboxEvent } from '../database/outbox-event.entity';
import { OutboxHandlers } from '../database/outbox.relay';
import { INTAKE_EVENTS } from '../intake/case-opening';
import { planReferrals, routingChildren, urgentRoutingRules } from './referral-planning.rules';
import { ReferralWriter } from './referral-writer';
import { ReferralsRepository } from './referrals.repository';
import { routeCase } from './routing.rules';

export type RoutingMode = 'FULL' | 'URGENT';

/**
 * Routing as an outbox consumer (worker): a founded assessment refers the case to every agency type the rules
 * ask for; a child in immediate danger (at intake, or when urgent protection is recorded) is referred at
 * once by the rules about immediate danger — the police by default — without waiting for the assessment.
 * Runs inside the event's transaction, so the referrals commit with the event's processing or not at all.
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
    this.handlers.register(CaseEventType.ASSESSMENT_RECORDED, async (event, manager) => {
      if (event.payload.founded === true) await this.route(manager, event, 'FULL');
    });
    this.handlers.register(INTAKE_EVENTS.CASE_OPENED, async (event, manager) => {
      if (event.payload.immediateDanger === true) await this.route(manager, event, 'URGENT');
    });
    this.handlers.register(CaseEventType.EMERGENCY_MEASURE, async (event, manager) => {
      await this.route(manager, event, 'URGENT');
    });
    // What the case says changed after intake: a linked report (new abuse types, immediate danger) or a triage
    // case placed in its commune (its agencies can now be found). Route again as far as the case has come.
    for (const type of [INTAKE_EVENTS.REPORT_LINKED, INTAKE_EVENTS.CASE_LOCATION_SET]) {
      this.handlers.register(type, async (event, manager) => {
        const caseId = event.payload.caseId;
        const mode = await this.modeFor(manager, typeof caseId === 'string' ? caseId : '');
        // After the assessment, only agency types the case was never referred to: a worker's cancellation
        // or an agency's decline is not undone by new information alone.
        if (mode) await this.route(manager, event, mode, { onlyNewTypes: mode === 'FULL' });
      });
    }
  }

  /** FULL once a founded assessment is behind the case, URGENT before it when the child is in danger. */
  private async modeFor(manager: EntityManager, caseId: string): Promise<RoutingMode | null> {
    const c = caseId ? await this.repo.findCase(manager, caseId) : null;
    if (!c || c.status === CaseStatus.CLOSED) return null;
    const assessed = c.lastAssessmentFounded === true && c.status !== CaseStatus.RECEIVED && c.status !== CaseStatus.ASSESSING;
    if (assessed) return 'FULL';
    return c.immediateDanger ? 'URGENT' : null;
  }

  /** Refers the event's case; returns how many referrals were created. */
  async route(manager: EntityManager, event: Pick<OutboxEvent, 'id' | 'type' | 'payload'>, mode: RoutingMode, options: { onlyNewTypes?: boolean } = {}): Promise<number> {
    const caseId = typeof event.payload.caseId === 'string' ? event.payload.caseId : '';
    const c = caseId ? await this.repo.findCase(manager, caseId, true) : null;
    if (!c || c.status === CaseStatus.CLOSED) return 0;
    if (mode === 'URGENT' && !c.immediateDanger) return 0;

    const allRules = await this.repo.activeRules(manager);
    const rules = mode === 'URGENT' ? urgentRoutingRules(allRules) : allRules;
    const children = routingChildren(await this.repo.childFacts(manager, c.id), this.clock.now());
    const existing = await this.repo.existingForCase(manager, c.id);
    const everReferred = new Set(existing.map((e) => e.agencyType));
    const routed = routeCase({ abuseTypes: c.abuseTypes, riskLevel: c.riskLevel, immediateDanger: c.immediateDanger, children }, rules).filter(
      (r) => !options.onlyNewTypes || !everReferred.has(r.agencyType),
    );
    if (routed.length === 0) return 0;

    const location = { provinceCode: c.provinceCode, communeCode: c.communeCode };
    const agencies = await this.repo.agencyCandidates(
      manager,
      routed.map((r) => r.agencyType),
      location,
    );
    const sourceEventId = String(event.id);
    const plan = planReferrals(routed, existing, location, agencies, sourceEventId);

    for (const p of plan.create) {
      const agency = await this.repo.findAgency(manager, p.agencyId);
      await this.writer.send(manager, {
        caseFacts: c,
        agency: { id: p.agencyId, type: p.agencyType, name: agency?.name ?? '' },
        explanation: p.explanation,
        reason: null,
        ruleRefs: p.reasons,
        sourceEventId,
        actor: null,
        meta: null,
      });
    }
    for (const r of plan.noAgency) {
      if (await this.repo.noAgencyRecorded(manager, c.id, r.agencyType, sourceEventId)) continue;
      // Every gap is told at once, urgent routing included: a child in immediate danger with no police to
      // refer to is exactly when the worker and the supervisors must act by hand.
      await this.writer.noAgency(manager, c, r, sourceEventId, true);
    }
    if (plan.create.length > 0 || plan.noAgency.length > 0) {
      this.logger.log({ caseId: c.id, event: event.type, mode, created: plan.create.map((p) => p.agencyType), noAgency: plan.noAgency.map((r) => r.agencyType) }, 'case routed');
    }
    return plan.create.length;
  }
}
