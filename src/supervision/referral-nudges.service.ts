import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CaseTimeline } from '../cases/case-timeline';
import { CasesService } from '../cases/cases.service';
import { RequestMeta } from '../common/access/current-user.decorator';
import { jurisdictionCovers } from '../common/access/jurisdiction.rules';
import { Principal } from '../common/access/principal';
import { Clock } from '../common/clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { NotificationService } from '../notifications/notification.service';
import { RecipientDirectory } from '../notifications/recipients';
import { NudgeDto } from './dto/nudge.dto';
import { nudgeRefusal, NUDGE_EVENT } from './nudge.rules';
import { SupervisionActionsRepository } from './supervision-actions.repository';

/**
 * A supervisor reminds an agency of a referral (from the overdue dashboard): its officers get a notification,
 * and the nudge is on the referral's history, the case timeline and in the audit log.
 */
@Injectable()
export class ReferralNudgesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly repo: SupervisionActionsRepository,
    private readonly recipients: RecipientDirectory,
    private readonly notifications: NotificationService,
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async nudge(principal: Principal, referralId: string, dto: NudgeDto, meta: RequestMeta) {
    return this.dataSource.transaction(async (manager) => {
      const notFound = () => new NotFoundError('REFERRAL_NOT_IN_JURISDICTION', { id: referralId });
      const referral = await this.repo.lockReferral(manager, referralId);
      if (!referral) throw notFound();
      const c = await this.cases.findReadable(manager, principal, referral.caseId).catch((e) => {
        throw e instanceof NotFoundError ? notFound() : e;
      });
      if (!jurisdictionCovers(principal, c)) throw new ForbiddenError('NUDGE_FORBIDDEN', { caseNumber: c.caseNumber });
      const now = this.clock.now();
      const refusal = nudgeRefusal(referral.status, await this.repo.lastNudge(manager, referral.id), now);
      if (refusal) throw new ConflictError({ code: 'NUDGE_REFUSED', text: refusal });

      const pastDue = await this.repo.pastDue(manager, referral.id, now);
      const officers = await this.recipients.agencyOfficers(manager, referral.agencyId);
      // The supervisor's note stays in the history: email and SMS carry no case details.
      const sent = await this.notifications.notify(manager, {
        userIds: officers,
        type: NUDGE_EVENT,
        title: { vi: `Nhắc xử lý yêu cầu chuyển gửi hồ sơ ${c.caseNumber}`, en: `Reminder: referral of case ${c.caseNumber}` },
        body: {
          vi: `${principal.username} đề nghị ${referral.agencyName} xử lý yêu cầu chuyển gửi${pastDue.length ? ' đã quá hạn' : ''}. Xem chi tiết trong hệ thống.`,
          en: `${principal.username} asks ${referral.agencyName} to act on the referral${pastDue.length ? ', which is overdue' : ''}. See the details in the system.`,
        },
        caseId: c.id,
        referralId: referral.id,
        dedupeKey: `nudge:${referral.id}:${now.getTime()}`,
      });
      const actor = { id: principal.id, username: principal.username };
      const data = {
        message: dto.message?.trim() || null,
        agencyId: referral.agencyId,
        notified: sent.userIds.length,
        pastDue: pastDue.map((d) => ({ key: d.key, dueAt: d.dueAt, escalationLevel: d.escalationLevel })),
      };
      await this.repo.appendReferralHistory(manager, { referralId: referral.id, at: now, type: NUDGE_EVENT, status: referral.status, actor, data });
      await this.timeline.append(manager, {
        caseId: c.id,
        type: NUDGE_EVENT,
        actor,
        at: now,
        after: { referralId: referral.id, agencyType: referral.agencyType, status: referral.status, ...data },
      });
      await this.audit.record(
        {
          actor: principal,
          action: NUDGE_EVENT,
          subjectType: 'REFERRAL',
          subjectId: referral.id,
          provinceCode: c.provinceCode,
          communeCode: c.communeCode,
          after: { caseId: c.id, ...data },
          meta,
        },
        manager,
      );
      return { referralId: referral.id, caseId: c.id, caseNumber: c.caseNumber, agencyName: referral.agencyName, nudgedAt: now, ...data };
    });
  }
}
