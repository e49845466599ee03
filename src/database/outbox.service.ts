import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';

export interface DomainEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/** Appends domain events inside the caller's transaction (the outbox pattern). */
@Injectable()
export class OutboxService {
  constructor(private readonly clock: Clock) {}

  async append(manager: EntityManager, ...events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const at = this.clock.now();
    await manager.query(
      `INSERT INTO outbox_event (occurred_at, type, aggregate_type, aggregate_id, payload)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[])`,
      [at, events.map((e) => e.type), events.map((e) => e.aggregateType), events.map((e) => e.aggregateId), events.map((e) => JSON.stringify(e.payload))],
    );
  }
}
