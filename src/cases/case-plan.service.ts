import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { BadRequestError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { caseEvent, CaseEventType, caseRef } from './case-events';
import { CaseRecordsRepository, PlanView } from './case-records.repository';
import { PlanInput, validatePlan } from './case-state-machine.rules';
import { localDate, refusePlanApproval, refusePlanReturn, refuseCaseWork } from './case-workflow.rules';
import { CaseWriter, refusalError } from './case-writer';
import { ApprovePlanDto, ReturnPlanDto, SubmitPlanDto } from './dto/plan.dto';
import { PlanStatus } from './enums';

export interface PlanResult {
  plan: PlanView;
  caseVersion: number;
}

/**
 * The support/intervention plan: the worker submits versions, the supervisor returns them with a reason or
 * approves them (in PLANNING by the transition to INTERVENING; a revision during the intervention here).
 */
@Injectable()
export class CasePlanService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: CaseWriter,
    private readonly records: CaseRecordsRepository,
    private readonly clock: Clock,
  ) {}

  async submit(principal: Principal, id: string, dto: SubmitPlanDto, ifMatch: string | undefined, meta: RequestMeta): Promise<PlanResult> {
    const expected = this.writer.expectedVersion(dto.expectedVersion, ifMatch);
    return this.dataSource.transaction(async (manager) => {
      const c = await this.writer.lock(manager, principal, id, expected);
      const refusal = refuseCaseWork(principal, c, 'PLAN_SUBMIT');
      if (refusal) throw refusalError(refusal);
      const now = this.clock.now();
      const input = { goals: dto.goals, items: dto.items } as PlanInput;
      const problems = validatePlan(input, localDate(now));
      if (problems.length > 0) throw new BadRequestError(problems.map((text) => ({ code: 'PLAN_INVALID', text })));
      const previous = await this.records.latestPlan(manager, c.id);
      const plan = await this.records.addPlan(manager, c.id, input, principal.id, now);
      const updated = await this.writer.update(manager, c, {});
      await this.writer.record(
        manager,
        principal,
        updated,
        {
          timeline: [
            {
              type: 'PLAN_SUBMITTED',
              before: previous ? { planVersion: previous.versionNumber, planStatus: previous.status } : null,
              after: { planId: plan.id, planVersion: plan.versionNumber, goals: input.goals.length, items: input.items.length, caseStatus: c.status },
            },
          ],
          audit: { action: 'CASE_PLAN_SUBMITTED', after: { planId: plan.id, planVersion: plan.versionNumber } },
          events: [caseEvent(CaseEventType.PLAN_SUBMITTED, { ...caseRef(updated, principal.id, now), planId: plan.id, planVersion: plan.versionNumber })],
        },
        meta,
      );
      return { plan: (await this.records.plans(manager, c.id)).current!, caseVersion: updated.version };
    });
  }

  async return(principal: Principal, id: string, dto: ReturnPlanDto, ifMatch: string | undefined, meta: RequestMeta): Promise<PlanResult> {
    const expected = this.writer.expectedVersion(dto.expectedVersion, ifMatch);
    const reason = dto.reason.trim();
    if (!reason) throw new BadRequestError('PLAN_RETURN_REASON_REQUIRED');
    return this.dataSource.transaction(async (manager) => {
      const c = await this.writer.lock(manager, principal, id, expected);
      const latest = await this.records.latestPlan(manager, c.id);
      const refusal = refuseCaseWork(principal, c, 'PLAN_DECIDE') ?? refusePlanReturn(latest);
      if (refusal) throw refusalError(refusal);
      const now = this.clock.now();
      await this.records.setPlanStatus(manager, latest!.id, PlanStatus.RETURNED, { by: principal.id, at: now, reason });
      const updated = await this.writer.update(manager, c, {});
      await this.writer.record(
        manager,
        principal,
        updated,
        {
          timeline: [
            {
              type: 'PLAN_RETURNED',
              before: { planVersion: latest!.versionNumber, planStatus: PlanStatus.SUBMITTED },
              after: { planId: latest!.id, planVersion: latest!.versionNumber, planStatus: PlanStatus.RETURNED, reason },
            },
          ],
          audit: { action: 'CASE_PLAN_RETURNED', after: { planId: latest!.id, planVersion: latest!.versionNumber, reason } },
          events: [caseEvent(CaseEventType.PLAN_RETURNED, { ...caseRef(updated, principal.id, now), planId: latest!.id, planVersion: latest!.versionNumber, reason })],
        },
        meta,
      );
      return { plan: (await this.records.plans(manager, c.id)).current!, caseVersion: updated.version };
    });
  }

  /** Approves a revision submitted while the case is INTERVENING or REVIEWING. */
  async approve(principal: Principal, id: string, dto: ApprovePlanDto, ifMatch: string | undefined, meta: RequestMeta): Promise<PlanResult> {
    const expected = this.writer.expectedVersion(dto.expectedVersion, ifMatch);
    return this.dataSource.transaction(async (manager) => {
      const c = await this.writer.lock(manager, principal, id, expected);
      const latest = await this.records.latestPlan(manager, c.id);
      const refusal = refuseCaseWork(principal, c, 'PLAN_DECIDE') ?? refusePlanApproval(c.status, latest);
      if (refusal) throw refusalError(refusal);
      const now = this.clock.now();
      await this.records.approvePlan(manager, latest!, principal.id, now);
      const items = await this.records.planItems(manager, latest!.id);
      const updated = await this.writer.update(manager, c, {});
      await this.writer.record(
        manager,
        principal,
        updated,
        {
          timeline: [
            {
              type: 'PLAN_APPROVED',
              before: { planStatus: PlanStatus.SUBMITTED },
              after: { planId: latest!.id, planVersion: latest!.versionNumber, planStatus: PlanStatus.APPROVED, revision: true },
            },
          ],
          audit: { action: 'CASE_PLAN_APPROVED', after: { planId: latest!.id, planVersion: latest!.versionNumber } },
          events: [
            caseEvent(CaseEventType.PLAN_APPROVED, {
              ...caseRef(updated, principal.id, now),
              planId: latest!.id,
              planVersion: latest!.versionNumber,
              items: items.map((i) => ({ position: i.position, service: i.service, responsibleAgencyType: i.responsibleAgencyType, dueDate: i.dueDate })),
            }),
          ],
        },
        meta,
      );
      return { plan: (await this.records.plans(manager, c.id)).current!, caseVersion: updated.version };
    });
  }
}
