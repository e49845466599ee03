import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { RepeatingJob } from '../common/repeating-job';
import { OutboxEvent } from '../database/outbox-event.entity';
import { OutboxHandlers } from '../database/outbox.relay';
import { ReferralEventType } from '../referrals/referral-events';
import { NotificationType } from './enums';
import { messages } from './notification-messages';
import { NotificationService } from './notification.service';
import { NotificationDeliveries } from './notification-deliveries';
import { DeliveryJobData, NOTIFICATION_DELIVERIES_EVENT, NOTIFICATION_SWEEP_SCHEDULER, NOTIFICATIONS_QUEUE, NotificationJob } from './queues';
import { RecipientDirectory } from './recipients';

type Event = Pick<OutboxEvent, 'id' | 'type' | 'payload'>;

/**
 * Worker side of notifications: tells people about referral outcomes and routing gaps (outbox events of the
 * referrals module), and enqueues email/SMS deliveries after the notifications that need them commit.
 */
@Injectable()
export class NotificationConsumers implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly sweep: RepeatingJob;

  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly notifications: NotificationService,
    private readonly recipients: RecipientDirectory,
    private readonly deliveries: NotificationDeliveries,
    @InjectQueue(NOTIFICATIONS_QUEUE) queue: Queue,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.sweep = new RepeatingJob(queue, NOTIFICATION_SWEEP_SCHEDULER, NotificationJob.SWEEP, config.reconcileIntervalMs);
  }

  onModuleInit(): void {
    // The deliveries of a whole batch of events go to the queue together, after the commit (addBulk).
    this.handlers.registerBatch(NOTIFICATION_DELIVERIES_EVENT, async (events) => {
      const deliveries = events.flatMap((e) => (e.payload.deliveries ?? []) as DeliveryJobData[]);
      if (deliveries.length === 0) return;
      return () => this.deliveries.enqueue(deliveries);
    });
    this.handlers.register(ReferralEventType.DECLINED, (event, manager) => this.referralDeclined(manager, event));
    this.handlers.register(ReferralEventType.COMPLETED, (event, manager) => this.referralCompleted(manager, event));
    this.handlers.register(ReferralEventType.ROUTING_NO_AGENCY, (event, manager) => this.routingNoAgency(manager, event));
  }

  onApplicationBootstrap(): void {
    this.sweep.start();
  }

  onApplicationShutdown(): void {
    this.sweep.stop();
  }

  /** The case worker must re-route: the case's assignee (or the nearest supervisors when there is none). */
  async referralDeclined(manager: EntityManager, event: Event): Promise<void> {
    const p = event.payload;
    const text = messages.referralDeclined({ caseNumber: String(p.caseNumber), agencyType: String(p.agencyType), reason: typeof p.reason === 'string' ? p.reason : '' });
    await this.notifications.notify(manager, {
      userIds: await this.recipients.caseOwners(manager, String(p.caseId)),
      type: NotificationType.REFERRAL_DECLINED,
      ...text,
      caseId: String(p.caseId),
      referralId: String(p.referralId),
      dedupeKey: `event:${event.id}`,
    });
  }

  async referralCompleted(manager: EntityManager, event: Event): Promise<void> {
    const p = event.payload;
    const text = messages.referralCompleted({
      caseNumber: String(p.caseNumber),
      agencyType: String(p.agencyType),
      outcomeCode: typeof p.outcomeCode === 'string' ? p.outcomeCode : '',
    });
    await this.notifications.notify(manager, {
      userIds: await this.recipients.caseOwners(manager, String(p.caseId)),
      type: NotificationType.REFERRAL_COMPLETED,
      ...text,
      caseId: String(p.caseId),
      referralId: String(p.referralId),
      dedupeKey: `event:${event.id}`,
    });
  }

  /** Nobody can be referred to: the assignee and the jurisdiction's supervisors must arrange it by hand. */
  async routingNoAgency(manager: EntityManager, event: Event): Promise<void> {
    const p = event.payload;
    const caseId = String(p.caseId);
    const c = await this.recipients.caseFacts(manager, caseId);
    if (!c) return;
    const supervisors = await this.recipients.nearestSupervisors(manager, c);
    await this.notifications.notify(manager, {
      userIds: [...(c.assigneeId ? [c.assigneeId] : []), ...supervisors],
      type: NotificationType.ROUTING_NO_AGENCY,
      ...messages.routingNoAgency({ caseNumber: c.caseNumber, agencyType: String(p.agencyType) }),
      caseId,
      dedupeKey: `event:${event.id}`,
    });
  }
}
