import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { NotFoundError } from '../common/errors';
import { Page } from '../common/http/pagination';

/** A dead outbox event as admins see it: what failed and why, never the payload (it may name people). */
export interface DeadEventView {
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  occurredAt: Date;
  attempts: number;
  lastError: string | null;
  deadAt: Date;
}

/** bigint ids as PostgreSQL stores them; anything else cannot name an event. */
const EVENT_ID = /^[1-9]\d{0,17}$/;

/**
 * Outbox events whose consumers failed on every allowed attempt (outbox.relay.ts): listed for admins with
 * their error, and retried one at a time once the cause is fixed.
 */
@Injectable()
export class DeadEventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(page: number, pageSize: number): Promise<Page<DeadEventView>> {
    const items: DeadEventView[] = await this.dataSource.query(
      `SELECT id::text AS id, type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", occurred_at AS "occurredAt",
              attempts, last_error AS "lastError", dead_at AS "deadAt"
         FROM outbox_event WHERE dead_at IS NOT NULL ORDER BY dead_at DESC, id DESC LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    );
    return { items, page, pageSize, total: await this.count() };
  }

  /** How many events are dead (for /health and the metrics). */
  async count(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM outbox_event WHERE dead_at IS NOT NULL`);
    return row.n;
  }

  /**
   * Puts a dead event back in line with a fresh set of attempts (its last error stays until it succeeds);
   * the relay delivers it on its next poll. Audited with the error it had.
   */
  async retry(actor: Principal, id: string, meta: RequestMeta): Promise<DeadEventView> {
    if (!EVENT_ID.test(id)) throw new NotFoundError('OUTBOX_EVENT_ID_INVALID', { id });
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const [before]: DeadEventView[] = await manager.query(
        `SELECT id::text AS id, type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", occurred_at AS "occurredAt",
                attempts, last_error AS "lastError", dead_at AS "deadAt"
           FROM outbox_event WHERE id = $1 AND dead_at IS NOT NULL FOR UPDATE`,
        [id],
      );
      if (!before) throw new NotFoundError('OUTBOX_EVENT_NOT_DEAD', { id });
      await manager.query(`UPDATE outbox_event SET dead_at = NULL, attempts = 0, next_attempt_at = NULL WHERE id = $1`, [id]);
      await this.audit.record(
        {
          actor,
          action: 'OUTBOX_EVENT_RETRIED',
          subjectType: 'OUTBOX_EVENT',
          subjectId: id,
          before: { type: before.type, attempts: before.attempts, lastError: before.lastError, deadAt: before.deadAt },
          meta,
        },
        manager,
      );
      return before;
    });
  }
}
