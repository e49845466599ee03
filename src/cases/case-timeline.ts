import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';

export interface TimelineActor {
  id: string;
  username: string;
}

export interface TimelineEntry {
  caseId: string;
  type: string;
  actor: TimelineActor | null;
  before?: unknown;
  after?: unknown;
  at?: Date;
}

/** Appends to a case's append-only timeline within the use case's transaction. */
@Injectable()
export class CaseTimeline {
  constructor(private readonly clock: Clock) {}

  /** All entries in one statement (a batch of deadline steps appends thousands), in the order given. */
  async append(manager: EntityManager, ...entries: TimelineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const now = this.clock.now();
    const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
    await manager.query(
      `INSERT INTO case_event (case_id, at, type, actor_id, actor_username, before, after)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[])`,
      [
        entries.map((e) => e.caseId),
        entries.map((e) => e.at ?? now),
        entries.map((e) => e.type),
        entries.map((e) => e.actor?.id ?? null),
        entries.map((e) => e.actor?.username ?? null),
        entries.map((e) => json(e.before)),
        entries.map((e) => json(e.after)),
      ],
    );
  }
}
