import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError, ForbiddenError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { DomainEvent, OutboxService } from '../database/outbox.service';
import { Case } from './case.entity';
import { CaseTimeline } from './case-timeline';
import { CasesService } from './cases.service';
import { resolveExpectedVersion, versionConflict, WorkflowRefusal } from './case-workflow.rules';

/** A timeline row of the change (the case and actor are filled in). */
export interface ChangeEntry {
  type: string;
  before?: unknown;
  after?: unknown;
}

export interface CaseChangeRecord {
  timeline: ChangeEntry[];
  audit: { action: string; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null };
  events: DomainEvent[];
}

/**
 * The steps every write to a case shares, inside the use case's transaction: lock the case row, check the
 * version the client saw, bump the version with the change, and record the change on the timeline, in the
 * audit log and in the outbox together.
 */
@Injectable()
export class CaseWriter {
  constructor(
    private readonly cases: CasesService,
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** The version the client expects, from the body or `If-Match`; a malformed one is a 400. */
  expectedVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number | undefined {
    const resolved = resolveExpectedVersion(bodyVersion, ifMatch);
    if (resolved.problem) throw new BadRequestError({ code: 'EXPECTED_VERSION_BAD', text: resolved.problem });
    return resolved.version;
  }

  /**
   * Loads the case `FOR UPDATE` (404 when the principal may not read it), so concurrent writes queue up
   * behind each other, then refuses with 409 when it has changed since the client's version.
   */
  async lock(manager: EntityManager, principal: Principal, id: string, expectedVersion: number | undefined): Promise<Case> {
    const c = await this.cases.findReadable(manager, principal, id, true);
    const conflict = versionConflict(c.version, expectedVersion);
    if (conflict) throw new ConflictError({ code: 'VERSION_CONFLICT', text: conflict });
    return c;
  }

  /** Applies `changes` and increases the version (also when nothing but a related record changed). */
  async update(manager: EntityManager, c: Case, changes: Partial<Pick<Case, MutableField>>): Promise<Case> {
    const now = this.clock.now();
    const result = await manager
      .createQueryBuilder()
      .update(Case)
      .set({ ...changes, updatedAt: now })
      .where('id = :id', { id: c.id })
      .returning(['version'])
      .execute();
    const version = Number((result.raw as { version: number }[])[0].version);
    return Object.assign(c, changes, { updatedAt: now, version });
  }

  async record(manager: EntityManager, principal: Principal, c: Case, change: CaseChangeRecord, meta: RequestMeta): Promise<void> {
    const actor = { id: principal.id, username: principal.username };
    await this.timeline.append(manager, ...change.timeline.map((e) => ({ caseId: c.id, actor, type: e.type, before: e.before, after: e.after })));
    await this.audit.record(
      {
        actor: principal,
        action: change.audit.action,
        subjectType: 'CASE',
        subjectId: c.id,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
        before: change.audit.before ?? null,
        after: { ...(change.audit.after ?? {}), version: c.version },
        meta,
      },
      manager,
    );
    await this.outbox.append(manager, ...change.events);
  }
}

/** Fields of a case the workflow changes. */
export type MutableField =
  'status' | 'riskLevel' | 'immediateDanger' | 'assigneeId' | 'protectionLevel' | 'closedAt' | 'closureReason' | 'closureNote' | 'lastAssessmentFounded' | 'emergencyAt';

/** Maps a refusal of the workflow rules to the HTTP error a client sees. */
export function refusalError(r: WorkflowRefusal): Error {
  switch (r.code) {
    case 'FORBIDDEN':
      return new ForbiddenError({ code: 'CASE_WORK_FORBIDDEN', text: r.message });
    case 'CONFLICT':
      return new ConflictError({ code: 'CASE_ACTION_CONFLICT', text: r.message });
    default:
      return new BadRequestError({ code: 'CASE_ACTION_INVALID', text: r.message });
  }
}
