import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxEvent } from '../database/outbox-event.entity';
import { Deadline } from './deadline.entity';
import { DeadlineStatus } from './enums';
import { addDuration, parseIsoDuration } from './iso-duration.rules';
import { DeadlineTimers } from './deadline-timers';

/**
 * Moves an extended deadline (DEADLINE_EXTENDED, written with the extension): the new due time, escalation
 * counted again from it, back to PENDING if it was overdue (overdue_at stays, for the record); its timers are
 * replaced after the commit. Called by DeadlineLifecycle in the order of the other deadline events of a batch.
 */
@Injectable()
export class DeadlineExtensionsConsumer {
  constructor(private readonly timers: DeadlineTimers) {}

  async apply(manager: EntityManager, event: Pick<OutboxEvent, 'payload'>): Promise<void | (() => Promise<void>)> {
    const p = event.payload;
    const repo = manager.getRepository(Deadline);
    const d = await repo.findOne({ where: { id: String(p.deadlineId) }, lock: { mode: 'pessimistic_write' } });
    if (!d || (d.status !== DeadlineStatus.PENDING && d.status !== DeadlineStatus.OVERDUE)) return;
    const dueAt = new Date(String(p.dueAt));
    // A redelivered event finds the deadline already moved.
    if (d.dueAt.getTime() === dueAt.getTime()) return;
    const [g1, g2] = d.policy.escalateAfter;
    const escalate1At = g1 ? addDuration(dueAt, parseIsoDuration(g1)) : null;
    const escalate2At = escalate1At && g2 ? addDuration(escalate1At, parseIsoDuration(g2)) : null;
    await manager.query(
      `UPDATE deadline SET due_at = $2, escalate1_at = $3, escalate2_at = $4, status = 'PENDING', escalation_level = 0, escalation_scope = NULL,
              next_fire_at = $2, policy = policy || jsonb_build_object('extensions', $5::int), updated_at = now(), version = version + 1
        WHERE id = $1`,
      [d.id, dueAt, escalate1At, escalate2At, Number(p.number)],
    );
    const moved = { id: d.id, status: d.status, escalationLevel: 0, dueAt, escalate1At, escalate2At };
    return async () => {
      await this.timers.unschedule([d.id]);
      await this.timers.schedule([{ ...moved, status: 'PENDING' as Deadline['status'] }]);
    };
  }
}
