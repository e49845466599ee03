import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError, ForbiddenError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { jurisdictionCovers } from '../common/access/jurisdiction.rules';
import { DomainEvent } from '../database/outbox.service';
import { Role } from '../identity/enums';
import { User } from '../identity/user.entity';
import { Case } from './case.entity';
import { CasePlan } from './case-plan.entity';
import { caseEvent, CaseEventType, caseRef } from './case-events';
import { CaseRecordsRepository } from './case-records.repository';
import { AssessmentInput, CaseFacts, decideTransition, ReviewInput, TransitionDecision, TransitionKind, TransitionRequest } from './case-state-machine.rules';
import { decideAssignment } from './case-workflow.rules';
import { CaseWriter, ChangeEntry, MutableField, refusalError } from './case-writer';
import { CasesService } from './cases.service';
import { CaseSummary } from './case-view';
import { AssignmentDto } from './dto/assignment.dto';
import { TransitionDto } from './dto/transition.dto';
import { CaseStatus, PlanStatus } from './enums';

type Refusal = Extract<TransitionDecision, { ok: false }>;

/** State transitions and assignment of a case: one transaction each, on the case locked for update. */
@Injectable()
export class CaseWorkflowService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly writer: CaseWriter,
    private readonly records: CaseRecordsRepository,
    private readonly clock: Clock,
  ) {}

  async transition(principal: Principal, id: string, dto: TransitionDto, ifMatch: string | undefined, meta: RequestMeta): Promise<CaseSummary> {
    const expected = this.writer.expectedVersion(dto.expectedVersion, ifMatch);
    return this.dataSource.transaction(async (manager) => {
      const c = await this.writer.lock(manager, principal, id, expected);
      const latestPlan = await this.records.latestPlan(manager, c.id);
      const facts: CaseFacts = {
        status: c.status,
        assigneeId: c.assigneeId,
        lastAssessmentFounded: c.lastAssessmentFounded,
        planApproved: (await this.records.approvedPlan(manager, c.id)) !== null,
        hasPlan: latestPlan?.status === PlanStatus.SUBMITTED,
      };
      const request: TransitionRequest = {
        to: dto.to as CaseStatus,
        assessment: dto.assessment as AssessmentInput | undefined,
        closure: dto.closure as TransitionRequest['closure'],
        review: dto.review as ReviewInput | undefined,
        reopenReason: dto.reopenReason,
      };
      const decision = decideTransition(facts, request, {
        userId: principal.id,
        role: principal.role,
        isAssignee: c.assigneeId === principal.id,
        inJurisdiction: jurisdictionCovers(principal, c),
      });
      if (!decision.ok) throw transitionError(decision, latestPlan, { from: c.status, to: String(dto.to ?? ''), caseId: c.id });
      await this.apply(manager, principal, c, decision.kind, request, latestPlan, meta);
      return this.cases.summary(manager, c);
    });
  }

  /** Carries out an allowed transition: related records first, then the case, then what it tells others. */
  private async apply(
    manager: EntityManager,
    principal: Principal,
    c: Case,
    kind: TransitionKind,
    request: TransitionRequest,
    latestPlan: CasePlan | null,
    meta: RequestMeta,
  ): Promise<void> {
    const now = this.clock.now();
    const from = c.status;
    const before = { status: c.status, riskLevel: c.riskLevel, protectionLevel: c.protectionLevel, lastAssessmentFounded: c.lastAssessmentFounded };
    const changes: Partial<Pick<Case, MutableField>> = { status: request.to };
    const timeline: ChangeEntry[] = [];
    const pending: ((updated: Case) => DomainEvent)[] = [];
    const audit: Record<string, unknown> = { transition: kind, from, to: request.to };

    const recordAssessment = async (a: AssessmentInput) => {
      const row = await this.records.addAssessment(manager, c.id, a, principal.id, now);
      changes.riskLevel = a.riskLevel;
      changes.lastAssessmentFounded = a.founded;
      if (a.protectionLevel) changes.protectionLevel = a.protectionLevel;
      timeline.push({
        type: 'ASSESSMENT_RECORDED',
        before: { riskLevel: c.riskLevel, protectionLevel: c.protectionLevel, lastAssessmentFounded: c.lastAssessmentFounded },
        after: { assessmentId: row.id, riskLevel: row.riskLevel, founded: row.founded, protectionLevel: row.protectionLevel, childSafeNow: row.childSafeNow },
      });
      audit.assessmentId = row.id;
      pending.push((u) =>
        caseEvent(CaseEventType.ASSESSMENT_RECORDED, {
          ...caseRef(u, principal.id, now),
          assessmentId: row.id,
          founded: row.founded,
          protectionLevel: row.protectionLevel,
          childSafeNow: row.childSafeNow,
        }),
      );
    };
    const approvePlan = async (plan: CasePlan) => {
      await this.records.approvePlan(manager, plan, principal.id, now);
      const items = await this.records.planItems(manager, plan.id);
      timeline.push({ type: 'PLAN_APPROVED', before: { planStatus: plan.status }, after: { planId: plan.id, planVersion: plan.versionNumber, planStatus: PlanStatus.APPROVED } });
      audit.approvedPlanId = plan.id;
      pending.push((u) =>
        caseEvent(CaseEventType.PLAN_APPROVED, {
          ...caseRef(u, principal.id, now),
          planId: plan.id,
          planVersion: plan.versionNumber,
          items: items.map((i) => ({ position: i.position, service: i.service, responsibleAgencyType: i.responsibleAgencyType, dueDate: i.dueDate })),
        }),
      );
    };
    const recordReview = async (review: ReviewInput, nextRound: boolean) => {
      const inForce = await this.records.approvedPlan(manager, c.id);
      const row = await this.records.addReview(manager, c.id, inForce?.id ?? null, review, nextRound, principal.id, now);
      timeline.push({
        type: 'REVIEW_RECORDED',
        after: { reviewId: row.id, planVersion: inForce?.versionNumber ?? null, nextRound, itemsDone: row.items.filter((i) => i.done).length, itemsReviewed: row.items.length },
      });
      audit.reviewId = row.id;
    };
    const statusChanged = () => {
      timeline.push({ type: 'STATUS_CHANGED', before: { status: from }, after: { status: request.to, transition: kind } });
      pending.push((u) => caseEvent(CaseEventType.STATUS_CHANGED, { ...caseRef(u, principal.id, now), from, to: u.status, transition: kind }));
    };

    switch (kind) {
      case 'START_ASSESSMENT':
      case 'START_REVIEW':
        statusChanged();
        break;
      case 'RECORD_ASSESSMENT':
        await recordAssessment(request.assessment!);
        statusChanged();
        break;
      case 'APPROVE_PLAN':
        await approvePlan(latestPlan!);
        statusChanged();
        break;
      case 'NEW_PLAN_ROUND':
        await recordReview(request.review!, true);
        // A revision waiting for approval is approved with the new round when a supervisor starts it.
        if (latestPlan?.status === PlanStatus.SUBMITTED && principal.role === Role.SUPERVISOR) await approvePlan(latestPlan);
        statusChanged();
        break;
      case 'CLOSE':
      case 'CLOSE_UNFOUNDED': {
        const closure = request.closure!;
        if (kind === 'CLOSE_UNFOUNDED') {
          if (request.assessment) await recordAssessment(request.assessment);
          // The unfounded closure is itself the result of the verification.
          changes.lastAssessmentFounded = false;
        }
        if (request.review) await recordReview(request.review, false);
        if (latestPlan?.status === PlanStatus.SUBMITTED) await this.records.setPlanStatus(manager, latestPlan.id, PlanStatus.SUPERSEDED);
        Object.assign(changes, { closedAt: now, closureReason: closure.reason, closureNote: closure.note.trim() });
        timeline.push({ type: 'CLOSED', before: { status: from }, after: { status: CaseStatus.CLOSED, closureReason: closure.reason, closureNote: closure.note.trim() } });
        pending.push((u) => caseEvent(CaseEventType.STATUS_CHANGED, { ...caseRef(u, principal.id, now), from, to: u.status, transition: kind }));
        pending.push((u) => caseEvent(CaseEventType.CLOSED, { ...caseRef(u, principal.id, now), from, closureReason: closure.reason }));
        audit.closureReason = closure.reason;
        break;
      }
      case 'REOPEN': {
        const reason = request.reopenReason!.trim();
        Object.assign(changes, { closedAt: null, closureReason: null, closureNote: null });
        timeline.push({
          type: 'REOPENED',
          before: { status: from, closureReason: c.closureReason, closedAt: c.closedAt },
          after: { status: CaseStatus.ASSESSING, reason },
        });
        pending.push((u) => caseEvent(CaseEventType.STATUS_CHANGED, { ...caseRef(u, principal.id, now), from, to: u.status, transition: kind }));
        pending.push((u) => caseEvent(CaseEventType.REOPENED, { ...caseRef(u, principal.id, now), reason }));
        audit.reopenReason = reason;
        break;
      }
    }

    const updated = await this.writer.update(manager, c, changes);
    await this.writer.record(
      manager,
      principal,
      updated,
      {
        timeline,
        audit: { action: 'CASE_TRANSITION', before, after: { ...audit, riskLevel: updated.riskLevel, protectionLevel: updated.protectionLevel } },
        events: pending.map((build) => build(updated)),
      },
      meta,
    );
  }

  async assign(principal: Principal, id: string, dto: AssignmentDto, ifMatch: string | undefined, meta: RequestMeta): Promise<CaseSummary> {
    const expected = this.writer.expectedVersion(dto.expectedVersion, ifMatch);
    const username = dto.assigneeUsername.trim();
    return this.dataSource.transaction(async (manager) => {
      const c = await this.writer.lock(manager, principal, id, expected);
      const users = manager.getRepository(User);
      const assignee = await users.findOne({ where: { username } });
      const refusal = decideAssignment(principal, c, username, assignee);
      if (refusal) throw refusalError(refusal);
      const previous = c.assigneeId ? await users.findOne({ where: { id: c.assigneeId }, select: { id: true, username: true } }) : null;
      const now = this.clock.now();
      const updated = await this.writer.update(manager, c, { assigneeId: assignee!.id });
      await this.writer.record(
        manager,
        principal,
        updated,
        {
          timeline: [
            {
              type: 'ASSIGNED',
              before: { assignee: previous?.username ?? null },
              after: { assignee: assignee!.username, reassigned: previous !== null },
            },
          ],
          audit: { action: 'CASE_ASSIGNED', before: { assigneeId: previous?.id ?? null }, after: { assigneeId: assignee!.id } },
          events: [caseEvent(CaseEventType.ASSIGNED, { ...caseRef(updated, principal.id, now), previousAssigneeId: previous?.id ?? null })],
        },
        meta,
      );
      return this.cases.summary(manager, updated);
    });
  }
}

/** FORBIDDEN → 403, ILLEGAL_TRANSITION → 409, MISSING_DATA / INVALID_DATA → 400, with the rule's message. */
function transitionError(decision: Refusal, latestPlan: CasePlan | null, step: { from: string; to: string; caseId: string }): Error {
  const text = decision.message;
  switch (decision.code) {
    case 'FORBIDDEN':
      return new ForbiddenError({ code: 'CASE_TRANSITION_FORBIDDEN', text });
    case 'ILLEGAL_TRANSITION':
      return new ConflictError({ code: 'CASE_TRANSITION_NOT_ALLOWED', text, params: { from: step.from, to: step.to } });
    default:
      if (decision.missing?.includes('plan') && latestPlan?.status === PlanStatus.RETURNED) {
        return new BadRequestError('PLAN_RETURNED_RESUBMIT', { version: latestPlan.versionNumber, reason: latestPlan.returnReason ?? 'no reason given', caseId: step.caseId });
      }
      if (decision.code === 'MISSING_DATA') return new BadRequestError({ code: 'CASE_TRANSITION_MISSING_DATA', text, params: { fields: (decision.missing ?? []).join(', ') } });
      return new BadRequestError({ code: 'CASE_TRANSITION_INVALID_DATA', text });
  }
}
