import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlineStepNotifier, StepAudience } from '../deadlines/deadline-step-notifier';
import { DeadlineStep } from '../deadlines/deadline-steps.rules';
import { DeadlineSubjectType } from '../deadlines/enums';
import { NotificationType } from './enums';
import { messages } from './notification-messages';
import { NotificationService } from './notification.service';
import { RecipientDirectory } from './recipients';

/** Tells people that a deadline fell due or escalated; deadlines call it through DEADLINE_STEP_NOTIFIER. */
@Injectable()
export class DeadlineStepNotifications implements DeadlineStepNotifier {
  constructor(
    private readonly notifications: NotificationService,
    private readonly recipients: RecipientDirectory,
  ) {}

  async audience(manager: EntityManager, d: Deadline, step: DeadlineStep): Promise<StepAudience> {
    const c = await this.recipients.caseFacts(manager, d.caseId);
    const place = c ? { provinceCode: c.provinceCode, communeCode: c.communeCode } : { provinceCode: d.provinceCode, communeCode: d.communeCode };
    const caseNumber = c?.caseNumber ?? '';
    if (step === 0) return { place, caseNumber, userIds: await this.dueRecipients(manager, d), scope: d.escalationScope };
    const found = await this.recipients.escalationRecipients(manager, place, step, step === 1 ? null : d.escalationScope);
    return { place, caseNumber, userIds: found.userIds, scope: found.scope ?? d.escalationScope };
  }

  async tell(manager: EntityManager, d: Deadline, step: DeadlineStep, audience: StepAudience): Promise<string[]> {
    const facts = { key: d.key, caseNumber: audience.caseNumber, dueAt: d.dueAt, level: step };
    const text = step === 0 ? messages.deadlineOverdue(facts) : messages.deadlineEscalated(facts);
    const notified = await this.notifications.notify(manager, {
      userIds: audience.userIds,
      type: step === 0 ? NotificationType.DEADLINE_OVERDUE : NotificationType.DEADLINE_ESCALATED,
      title: text.title,
      body: text.body,
      caseId: d.caseId,
      referralId: d.subjectType === DeadlineSubjectType.REFERRAL ? d.subjectId : null,
      deadlineId: d.id,
      dedupeKey: `deadline:${d.id}:${step}`,
    });
    return notified.userIds;
  }

  /** Who owes the obligation: the case's assignee (else the nearest supervisors), or the agency's officers. */
  private async dueRecipients(manager: EntityManager, d: Deadline): Promise<string[]> {
    if (d.subjectType === DeadlineSubjectType.REFERRAL && d.agencyId) {
      const officers = await this.recipients.agencyOfficers(manager, d.agencyId);
      // An agency without any officer in the system cannot hear it: the case side must know instead.
      if (officers.length > 0) return officers;
    }
    return this.recipients.caseOwners(manager, d.caseId);
  }
}
