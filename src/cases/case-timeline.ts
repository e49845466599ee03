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

  async append(manager: EntityManager, ...entries: TimelineEntry[]): Promise<void> {
    for (const e of entries) {
      await manager.query(`INSERT INTO case_event (case_id, at, type, actor_id, actor_username, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        e.caseId,
        e.at ?? this.clock.now(),
        e.type,
        e.actor?.id ?? null,
        e.actor?.username ?? null,
        e.before === undefined ? null : JSON.stringify(e.before),
        e.after === undefined ? null : JSON.stringify(e.after),
      ]);
    }
  }
}
