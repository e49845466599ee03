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
    return (await this.notifyAll(manager, [input]))[0];
  }

  /**
   * Several notifications at once (a batch of events, deadline steps fired together) with the statements of
   * one: the recipients read once, every notification and every delivery inserted in one statement each, one
   * outbox event for all the deliveries. Returns each input's result, in order.
   */
  async notifyAll(manager: EntityManager, inputs: readonly NotifyInput[]): Promise<NotifyResult[]> {
    const results: NotifyResult[] = inputs.map(() => ({ userIds: [], notificationIds: [] }));
    const recipients = inputs.map((input) => [...new Set(input.userIds.filter(Boolean))]);
    const allIds = [...new Set(recipients.flat())];
    if (allIds.length === 0) return results;
    const users: { id: string; locale: string | null; email: string | null; phone: string | null }[] = await manager.query(
      `SELECT id, locale, email, phone FROM app_user WHERE id = ANY($1::uuid[]) AND active ORDER BY id`,
      [allIds],
    );
    if (users.length === 0) return results;
    const byUser = new Map(users.map((u) => [u.id, u]));
    // One row per (input, active recipient), recipients in id order as before; `n` is the input's index.
    const rows: { n: number; user: (typeof users)[number]; input: NotifyInput }[] = [];
    inputs.forEach((input, n) => {
      for (const id of [...recipients[n]].sort()) {
        const user = byUser.get(id);
        if (user) rows.push({ n, user, input });
      }
    });
    if (rows.length === 0) return results;
    const now = this.clock.now();
    const inserted: { id: string; user_id: string; dedupe_key: string }[] = await manager.query(
      `INSERT INTO notification (user_id, type, title, body, case_id, referral_id, deadline_id, dedupe_key, created_at)
       SELECT u.user_id, u.type, u.title, u.body, u.case_id, u.referral_id, u.deadline_id, u.dedupe_key, $1
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::uuid[], $9::text[]) WITH ORDINALITY
              AS u(user_id, type, title, body, case_id, referral_id, deadline_id, dedupe_key, n)
        ORDER BY u.n
       ON CONFLICT (dedupe_key, user_id) DO NOTHING
       RETURNING id, user_id, dedupe_key`,
      [
        now,
        rows.map((r) => r.user.id),
        rows.map((r) => r.input.type),
        rows.map((r) => localize(r.input.title, r.user.locale)),
        rows.map((r) => localize(r.input.body, r.user.locale)),
        rows.map((r) => r.input.caseId ?? null),
        rows.map((r) => r.input.referralId ?? null),
        rows.map((r) => r.input.deadlineId ?? null),
        rows.map((r) => r.input.dedupeKey),
      ],
    );
    if (inserted.length === 0) return results;

    // A (key, user) pair is inserted once: the first input that named it owns the row.
    const owner = new Map<string, number>();
    for (const r of rows) if (!owner.has(`${r.input.dedupeKey}|${r.user.id}`)) owner.set(`${r.input.dedupeKey}|${r.user.id}`, r.n);
    const deliveries: { notificationId: string; channel: NotificationChannel; address: string }[] = [];
    for (const row of inserted) {
      const u = byUser.get(row.user_id)!;
      const result = results[owner.get(`${row.dedupe_key}|${row.user_id}`)!];
      result.userIds.push(row.user_id);
      result.notificationIds.push(row.id);
      if (u.email) deliveries.push({ notificationId: row.id, channel: NotificationChannel.EMAIL, address: u.email });
      if (u.phone) deliveries.push({ notificationId: row.id, channel: NotificationChannel.SMS, address: u.phone });
    }
    if (deliveries.length > 0) {
      await manager.query(
        `INSERT INTO notification_delivery (notification_id, channel, address, status, created_at, updated_at)
         SELECT d.notification_id, d.channel, d.address, 'PENDING', $4, $4
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS d(notification_id, channel, address)`,
        [deliveries.map((d) => d.notificationId), deliveries.map((d) => d.channel), deliveries.map((d) => d.address), now],
      );
      await this.outbox.append(manager, {
        type: NOTIFICATION_DELIVERIES_EVENT,
        aggregateType: 'NOTIFICATION',
        aggregateId: inserted[0].id,
        payload: { deliveries: deliveries.map((d) => ({ notificationId: d.notificationId, channel: d.channel })) },
      });
    }
    return results;
  }
}
