import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { OutboxService } from '../database/outbox.service';
import { NotificationChannel } from './enums';
import { Localized, localize } from './notification-messages';
import { NOTIFICATION_DELIVERIES_EVENT } from './queues';

export interface NotifyInput {
  userIds: readonly string[];
  type: string;
  /** A plain string, or { vi, en } to speak each recipient's language. */
  title: Localized;
  body: Localized;
  caseId?: string | null;
  referralId?: string | null;
  deadlineId?: string | null;
  /**
   * Names the occurrence (e.g. `deadline:<id>:1`, `event:<outbox id>`): a second notify with the same key
   * reaches nobody who already has it.
   */
  dedupeKey: string;
}

export interface NotifyResult {
  /** Users who got a new notification (inactive users and repeats are left out). */
  userIds: string[];
  notificationIds: string[];
}

/**
 * Notifies users inside the caller's transaction: the in-app rows commit (or roll back) with the change that
 * caused them. Email and SMS deliveries are rows too; their queue jobs are enqueued through the outbox after
 * the commit, so a failing or slow channel never holds up the caller or the other channels.
 */
@Injectable()
export class NotificationService {
  constructor(
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
  ) {}

  async notify(manager: EntityManager, input: NotifyInput): Promise<NotifyResult> {
    const ids = [...new Set(input.userIds.filter(Boolean))];
    if (ids.length === 0) return { userIds: [], notificationIds: [] };
    const users: { id: string; locale: string | null; email: string | null; phone: string | null }[] = await manager.query(
      `SELECT id, locale, email, phone FROM app_user WHERE id = ANY($1::uuid[]) AND active ORDER BY id`,
      [ids],
    );
    if (users.length === 0) return { userIds: [], notificationIds: [] };
    const inserted: { id: string; user_id: string }[] = await manager.query(
      `INSERT INTO notification (user_id, type, title, body, case_id, referral_id, deadline_id, dedupe_key, created_at)
       SELECT u.user_id, $1, u.title, u.body, $2, $3, $4, $5, $6
         FROM unnest($7::uuid[], $8::text[], $9::text[]) AS u(user_id, title, body)
       ON CONFLICT (dedupe_key, user_id) DO NOTHING
       RETURNING id, user_id`,
      [
        input.type,
        input.caseId ?? null,
        input.referralId ?? null,
        input.deadlineId ?? null,
        input.dedupeKey,
        this.clock.now(),
        users.map((u) => u.id),
        users.map((u) => localize(input.title, u.locale)),
        users.map((u) => localize(input.body, u.locale)),
      ],
    );
    if (inserted.length === 0) return { userIds: [], notificationIds: [] };

    const byUser = new Map(users.map((u) => [u.id, u]));
    const deliveries: { notificationId: string; channel: NotificationChannel; address: string }[] = [];
    for (const n of inserted) {
      const u = byUser.get(n.user_id)!;
      if (u.email) deliveries.push({ notificationId: n.id, channel: NotificationChannel.EMAIL, address: u.email });
      if (u.phone) deliveries.push({ notificationId: n.id, channel: NotificationChannel.SMS, address: u.phone });
    }
    if (deliveries.length > 0) {
      await manager.query(
        `INSERT INTO notification_delivery (notification_id, channel, address, status, created_at, updated_at)
         SELECT d.notification_id, d.channel, d.address, 'PENDING', $4, $4
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS d(notification_id, channel, address)`,
        [deliveries.map((d) => d.notificationId), deliveries.map((d) => d.channel), deliveries.map((d) => d.address), this.clock.now()],
      );
      await this.outbox.append(manager, {
        type: NOTIFICATION_DELIVERIES_EVENT,
        aggregateType: 'NOTIFICATION',
        aggregateId: inserted[0].id,
        payload: { deliveries: deliveries.map((d) => ({ notificationId: d.notificationId, channel: d.channel })) },
      });
    }
    return { userIds: inserted.map((n) => n.user_id), notificationIds: inserted.map((n) => n.id) };
  }
}
