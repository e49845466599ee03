import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError, NotFoundError } from '../common/errors';
import { CaseTimeline } from '../cases/case-timeline';
import { OutboxService } from '../database/outbox.service';
import { Role } from '../identity/enums';
import { AgencyType } from '../referrals/enums';
import { planExtension } from './deadline-extension.rules';
import { DeadlinePoliciesRepository } from './deadline-policies.repository';
import { DEADLINE_EXTENDED, DeadlineKey } from './enums';

/**
 * Lawful extensions of a referral's time to complete: for the police, the decision on a crime report
 * (Criminal Procedure Code art. 147(2)). The extension, its reason and the new due time go on the case's
 * timeline; the deadline moves when the worker consumes the event.
 */
@Injectable()
export class DeadlineExtensionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: DeadlinePoliciesRepository,
    private readonly timeline: CaseTimeline,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async extend(principal: Principal, referralId: string, reason: string, approval: string | undefined, meta: RequestMeta) {
    const text = reason.trim();
    if (text.length < 10) throw new BadRequestError('EXTENSION_REASON_TOO_SHORT', { min: 10 });
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const [r] = await manager.query(
        `SELECT r.id, r.case_id, r.agency_id, r.agency_type, r.status, c.province_code, c.commune_code
           FROM referral r JOIN protection_case c ON c.id = r.case_id WHERE r.id = $1 FOR UPDATE OF r`,
        [referralId],
      );
      // Only the agency the referral was sent to extends its own time; others do not learn it exists.
      if (!r || principal.role !== Role.AGENCY_OFFICER || r.agency_id !== principal.agencyId) {
        throw new NotFoundError('REFERRAL_NOT_FOUND', { id: referralId });
      }
      const [d] = await manager.query(`SELECT id, started_at, due_at FROM deadline WHERE subject_id = $1 AND key = $2 AND status IN ('PENDING','OVERDUE') FOR UPDATE`, [
        referralId,
        DeadlineKey.REFERRAL_COMPLETE,
      ]);
      if (!d) throw new ConflictError('EXTENSION_NO_RUNNING_LIMIT', { status: r.status });
      const [{ n: done }] = await manager.query(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND type = 'REFERRAL_EXTENDED' AND after->>'deadlineId' = $2`, [
        r.case_id,
        d.id,
      ]);
      const policy = (await this.policies.get(manager, DeadlineKey.REFERRAL_COMPLETE)).policy;
      const plan = planExtension({
        extensions: policy.basisByAgencyType[r.agency_type as AgencyType]?.extensions,
        done,
        approval,
        startedAt: new Date(d.started_at),
        dueAt: new Date(d.due_at),
      });
      if (!plan.ok) throw plan.status === 400 ? new BadRequestError(plan.message) : new ConflictError(plan.message);
      const after = {
        deadlineId: d.id,
        referralId,
        agencyType: r.agency_type,
        number: plan.number,
        reason: text,
        approval: plan.approval,
        legalBasis: plan.legalBasis,
        previousDueAt: new Date(d.due_at).toISOString(),
        dueAt: plan.dueAt.toISOString(),
      };
      await this.timeline.append(manager, { caseId: r.case_id, type: 'REFERRAL_EXTENDED', actor: { id: principal.id, username: principal.username }, at: now, after });
      await this.audit.record(
        {
          actor: principal,
          action: 'REFERRAL_DEADLINE_EXTENDED',
          subjectType: 'REFERRAL',
          subjectId: referralId,
          provinceCode: r.province_code,
          communeCode: r.commune_code,
          after,
          meta,
        },
        manager,
      );
      await this.outbox.append(manager, {
        type: DEADLINE_EXTENDED,
        aggregateType: 'REFERRAL',
        aggregateId: referralId,
        payload: { ...after, caseId: r.case_id, at: now.toISOString() },
      });
      return { referralId, extension: plan.number, previousDueAt: after.previousDueAt, dueAt: after.dueAt, legalBasis: plan.legalBasis, approval: plan.approval };
    });
  }
}
