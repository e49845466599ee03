import { EntityManager } from 'typeorm';
import { OutboxService } from '../database/outbox.service';
import { NotificationChannel } from './enums';
import { localize } from './notification-messages';
import { NotifyInput, NotifyResult } from './notification.service';
import { NOTIFICATION_DELIVERIES_EVENT } from './queues';

/** Deliveries named by one outbox event at most: its job enqueues them with addBulk after the commit. */
const DELIVERIES_PER_EVENT = 1000;

/**
 * NotificationService.notify for many occurrences at once, in the caller's transaction, with the same
 * guarantees (active users only, at most one notification per dedupe key and user, email/SMS deliveries as
 * rows whose jobs are enqueued through the outbox after the commit) in a fixed number of statements: one read
 * of the users, one INSERT of the notifications, one of the deliveries, one outbox row per thousand deliveries.
 * Returns, per input, whom it reached now.
 */
export async function notifyMany(manager: EntityManager, outbox: OutboxService, now: Date, inputs: readonly NotifyInput[]): Promise<NotifyResult[]> {
  const results: NotifyResult[] = inputs.map(() => ({ userIds: [], notificationIds: [] }));
  const wanted = [...new Set(inputs.flatMap((i) => i.userIds.filter(Boolean)))];
  if (wanted.length === 0) return results;
  const users: { id: string; locale: string | null; email: string | null; phone: string | null }[] = await manager.query(
    `SELECT id, locale, email, phone FROM app_user WHERE id = ANY($1::uuid[]) AND active ORDER BY id`,
    [wanted],
  );
  if (users.length === 0) return results;
  const byUser = new Map(users.map((u) => [u.id, u]));

  const rows = { user: [] as string[], type: [] as string[], title: [] as string[], body: [] as string[] };
  const refs = { caseId: [] as (string | null)[], referralId: [] as (string | null)[], deadlineId: [] as (string | null)[], dedupe: [] as string[] };
  const owner = new Map<string, number>();
  inputs.forEach((input, i) => {
    // Users in id order, as notify() writes them: the rows of one occurrence come out the same either way.
    for (const id of [...new Set(input.userIds)].sort()) {
      const u = byUser.get(id);
      const key = `${input.dedupeKey}\u0000${id}`;
      if (!u || owner.has(key)) continue;
      owner.set(key, i);
      rows.user.push(id);
      rows.type.push(input.type);
      rows.title.push(localize(input.title, u.locale));
      rows.body.push(localize(input.body, u.locale));
      refs.caseId.push(input.caseId ?? null);
      refs.referralId.push(input.referralId ?? null);
      refs.deadlineId.push(input.deadlineId ?? null);
      refs.dedupe.push(input.dedupeKey);
    }
  });
  if (rows.user.length === 0) return results;
  const inserted: { id: string; user_id: string; dedupe_key: string }[] = await manager.query(
    `INSERT INTO notification (user_id, type, title, body, case_id, referral_id, deadline_id, dedupe_key, created_at)
     SELECT n.user_id, n.type, n.title, n.body, n.case_id, n.referral_id, n.deadline_id, n.dedupe_key, $9
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[])
         AS n(user_id, type, title, body, case_id, referral_id, deadline_id, dedupe_key)
     ON CONFLICT (dedupe_key, user_id) DO NOTHING
     RETURNING id, user_id, dedupe_key`,
    [rows.user, rows.type, rows.title, rows.body, refs.caseId, refs.referralId, refs.deadlineId, refs.dedupe, now],
  );
  if (inserted.length === 0) return results;

  const deliveries: { notificationId: string; channel: NotificationChannel; address: string }[] = [];
  for (const n of inserted) {
    const result = results[owner.get(`${n.dedupe_key}\u0000${n.user_id}`)!];
    result.userIds.push(n.user_id);
    result.notificationIds.push(n.id);
    const u = byUser.get(n.user_id)!;
    if (u.email) deliveries.push({ notificationId: n.id, channel: NotificationChannel.EMAIL, address: u.email });
    if (u.phone) deliveries.push({ notificationId: n.id, channel: NotificationChannel.SMS, address: u.phone });
  }
  if (deliveries.length > 0) {
    await manager.query(
      `INSERT INTO notification_delivery (notification_id, channel, address, status, created_at, updated_at)
       SELECT d.notification_id, d.channel, d.address, 'PENDING', $4, $4
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS d(notification_id, channel, address)`,
      [deliveries.map((d) => d.notificationId), deliveries.map((d) => d.channel), deliveries.map((d) => d.address), now],
    );
    const events = [];
    for (let i = 0; i < deliveries.length; i += DELIVERIES_PER_EVENT) {
      const part = deliveries.slice(i, i + DELIVERIES_PER_EVENT);
      events.push({
        type: NOTIFICATION_DELIVERIES_EVENT,
        aggregateType: 'NOTIFICATION',
        aggregateId: part[0].notificationId,
        payload: { deliveries: part.map((d) => ({ notificationId: d.notificationId, channel: d.channel })) },
      });
    }
    await outbox.append(manager, ...events);
  }
  return results;
}
