import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JurisdictionLevel } from '../identity/enums';
import { RiskLevel } from '../cases/enums';
import { Deadline, DeadlinePolicySnapshot } from './deadline.entity';
import { DeadlineTimes } from './deadline-steps.rules';
import { DeadlineKey, DeadlineStatus, DeadlineSubjectType } from './enums';

const OPEN = [DeadlineStatus.PENDING, DeadlineStatus.OVERDUE];

export interface NewDeadline {
  key: DeadlineKey;
  subjectType: DeadlineSubjectType;
  subjectId: string;
  caseId: string;
  agencyId: string | null;
  assigneeId: string | null;
  provinceCode: string | null;
  communeCode: string | null;
  riskLevel: RiskLevel | null;
  startedAt: Date;
  dueAt: Date;
  escalate1At: Date | null;
  escalate2At: Date | null;
  policy: DeadlinePolicySnapshot;
  sourceEventId: string | null;
}

/** A deadline just started: what its timers need. */
export type StartedDeadline = DeadlineTimes & { id: string };

export interface StepWrite {
  status: DeadlineStatus;
  escalationLevel: number;
  escalationScope: JurisdictionLevel | null;
  overdueAt: Date | null;
  nextFireAt: Date | null;
  provinceCode: string | null;
  communeCode: string | null;
}

/**
 * The SQL of deadlines; every write goes through the caller's transaction. Updates that return rows are
 * wrapped in a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count] instead of the rows.
 */
@Injectable()
export class DeadlinesRepository {
  /**
   * Inserts PENDING deadlines, all in one statement, leaving out each one already open for its obligation
   * (partial unique index) or already started by its event (a redelivered event must not start it again);
   * returns what was inserted, with what its timers need.
   */
  async insertStarted(manager: EntityManager, ds: readonly NewDeadline[]): Promise<StartedDeadline[]> {
    if (ds.length === 0) return [];
    const rows: { id: string; due_at: Date; escalate1_at: Date | null; escalate2_at: Date | null }[] = await manager.query(
      `INSERT INTO deadline (key, subject_type, subject_id, case_id, agency_id, assignee_id, province_code, commune_code, risk_level,
                             started_at, due_at, escalate1_at, escalate2_at, status, escalation_level, next_fire_at, policy, source_event_id, version)
       SELECT n.key, n.subject_type, n.subject_id, n.case_id, n.agency_id, n.assignee_id, n.province_code, n.commune_code, n.risk_level,
              n.started_at, n.due_at, n.escalate1_at, n.escalate2_at, 'PENDING', 0, n.due_at, n.policy, n.source_event_id, 1
         FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[],
                     $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::jsonb[], $15::bigint[])
           AS n(key, subject_type, subject_id, case_id, agency_id, assignee_id, province_code, commune_code, risk_level,
                started_at, due_at, escalate1_at, escalate2_at, policy, source_event_id)
        WHERE n.source_event_id IS NULL
           OR NOT EXISTS (SELECT 1 FROM deadline x WHERE x.subject_id = n.subject_id AND x.key = n.key AND x.source_event_id = n.source_event_id)
       ON CONFLICT (key, subject_id) WHERE status IN ('PENDING','OVERDUE') DO NOTHING
       RETURNING id, due_at, escalate1_at, escalate2_at`,
      [
        ds.map((d) => d.key),
        ds.map((d) => d.subjectType),
        ds.map((d) => d.subjectId),
        ds.map((d) => d.caseId),
        ds.map((d) => d.agencyId),
        ds.map((d) => d.assigneeId),
        ds.map((d) => d.provinceCode),
        ds.map((d) => d.communeCode),
        ds.map((d) => d.riskLevel),
        ds.map((d) => d.startedAt),
        ds.map((d) => d.dueAt),
        ds.map((d) => d.escalate1At),
        ds.map((d) => d.escalate2At),
        ds.map((d) => JSON.stringify(d.policy)),
        ds.map((d) => d.sourceEventId),
      ],
    );
    return rows.map((r) => ({
      id: r.id,
      status: DeadlineStatus.PENDING,
      escalationLevel: 0,
      dueAt: new Date(r.due_at),
      escalate1At: r.escalate1_at ? new Date(r.escalate1_at) : null,
      escalate2At: r.escalate2_at ? new Date(r.escalate2_at) : null,
    }));
  }

  find(manager: EntityManager, id: string): Promise<Deadline | null> {
    return manager.getRepository(Deadline).findOne({ where: { id } });
  }

  /** When the latest assessment deadline of the case started (the information behind the current round). */
  async latestAssessmentStart(manager: EntityManager, caseId: string): Promise<Date | null> {
    const [row] = await manager.query(`SELECT started_at FROM deadline WHERE subject_id = $1 AND key = 'CASE_ASSESSMENT' ORDER BY started_at DESC LIMIT 1`, [caseId]);
    return row ? new Date(row.started_at) : null;
  }

  /** Marks the open deadlines of these keys MET (also when OVERDUE: overdue_at stays); returns their ids. */
  async meet(manager: EntityManager, subjectId: string, keys: DeadlineKey[], at: Date): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `WITH met AS (
         UPDATE deadline SET status = 'MET', met_at = $3, next_fire_at = NULL, updated_at = now(), version = version + 1
          WHERE subject_id = $1 AND key = ANY($2::text[]) AND status IN ('PENDING','OVERDUE')
          RETURNING id)
       SELECT id FROM met`,
      [subjectId, keys, at],
    );
    return rows.map((r) => r.id);
  }

  /** Cancels open deadlines: of a whole case (its referrals' too), of one subject, or some keys of one subject. */
  async cancel(manager: EntityManager, where: { caseId: string } | { subjectId: string; keys?: DeadlineKey[] }, reason: string, at: Date): Promise<string[]> {
    // For the whole case (it was closed): its own obligations, and those of referrals no longer open. An
    // agency still working a referral keeps its acknowledge-by / complete-by until the referral ends.
    const [condition, param] =
      'caseId' in where
        ? [
            `case_id = $1 AND (subject_type = 'CASE' OR NOT EXISTS (
               SELECT 1 FROM referral r WHERE r.id = deadline.subject_id AND r.status IN ('SENT','ACKNOWLEDGED','ACCEPTED','IN_PROGRESS')))`,
            where.caseId,
          ]
        : ['subject_id = $1', where.subjectId];
    const keys = 'subjectId' in where && where.keys ? where.keys : null;
    const rows: { id: string }[] = await manager.query(
      `WITH cancelled AS (
         UPDATE deadline SET status = 'CANCELLED', cancelled_at = $2, cancel_reason = $3, next_fire_at = NULL, updated_at = now(), version = version + 1
          WHERE ${condition} AND status IN ('PENDING','OVERDUE') AND ($4::text[] IS NULL OR key = ANY($4::text[]))
          RETURNING id)
       SELECT id FROM cancelled`,
      [param, at, reason, keys],
    );
    return rows.map((r) => r.id);
  }

  async reassign(manager: EntityManager, caseId: string, assigneeId: string | null): Promise<void> {
    await manager.query(
      `UPDATE deadline SET assignee_id = $2, updated_at = now(), version = version + 1
        WHERE case_id = $1 AND subject_type = 'CASE' AND status IN ('PENDING','OVERDUE') AND assignee_id IS DISTINCT FROM $2`,
      [caseId, assigneeId],
    );
  }

  /** Locks one deadline for firing; waits for a lock held elsewhere (the holder's result is then re-read). */
  lockForFiring(manager: EntityManager, id: string): Promise<Deadline | null> {
    return manager.getRepository(Deadline).createQueryBuilder('d').where('d.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  /**
   * Open deadlines with a step due by `now`, locked: rows another transaction holds are skipped (another
   * worker's batch is firing them), or, with `wait`, waited for and re-read once released.
   */
  lockDueBatch(manager: EntityManager, now: Date, limit: number, exclude: string[], wait = false): Promise<Deadline[]> {
    const qb = manager
      .getRepository(Deadline)
      .createQueryBuilder('d')
      .where('d.status IN (:...open)', { open: OPEN })
      .andWhere('d.next_fire_at <= :now', { now })
      .orderBy('d.next_fire_at', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write');
    if (!wait) qb.setOnLocked('skip_locked');
    if (exclude.length) qb.andWhere('d.id NOT IN (:...exclude)', { exclude });
    return qb.getMany();
  }

  /**
   * Whether any open deadline has a step due by `now` (read without locks: also the rows others hold). Ordered so
   * that it reads idx_deadline_due from its start, whatever the statistics expect.
   */
  async anyDue(manager: EntityManager, now: Date, exclude: string[]): Promise<boolean> {
    const rows = await manager.query(
      `SELECT 1 FROM deadline WHERE status IN ('PENDING','OVERDUE') AND next_fire_at <= $1 AND NOT (id = ANY($2::uuid[])) ORDER BY next_fire_at LIMIT 1`,
      [now, exclude],
    );
    return rows.length > 0;
  }

  /** The state of each deadline after its steps fired, in one statement. */
  async writeSteps(manager: EntityManager, writes: readonly (StepWrite & { id: string })[]): Promise<void> {
    if (writes.length === 0) return;
    await manager.query(
      `UPDATE deadline d SET status = w.status, escalation_level = w.escalation_level, escalation_scope = w.escalation_scope,
              overdue_at = w.overdue_at, next_fire_at = w.next_fire_at, province_code = w.province_code, commune_code = w.commune_code,
              updated_at = now(), version = d.version + 1
         FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::text[])
           AS w(id, status, escalation_level, escalation_scope, overdue_at, next_fire_at, province_code, commune_code)
        WHERE d.id = w.id`,
      [
        writes.map((w) => w.id),
        writes.map((w) => w.status),
        writes.map((w) => w.escalationLevel),
        writes.map((w) => w.escalationScope),
        writes.map((w) => w.overdueAt),
        writes.map((w) => w.nextFireAt),
        writes.map((w) => w.provinceCode),
        writes.map((w) => w.communeCode),
      ],
    );
  }

  /**
   * Open deadlines whose next step is after `now` and by `until`, by id after `afterId` (keyset paging for the
   * timer check): only what a timer needs, so that a page allocates little.
   */
  async futureSteps(manager: EntityManager, now: Date, until: Date, afterId: string, limit: number): Promise<StartedDeadline[]> {
    const rows: { id: string; status: DeadlineStatus; escalation_level: number; due_at: Date; escalate1_at: Date | null; escalate2_at: Date | null }[] = await manager.query(
      `SELECT id, status, escalation_level, due_at, escalate1_at, escalate2_at FROM deadline
          WHERE status IN ('PENDING','OVERDUE') AND next_fire_at > $1 AND next_fire_at <= $2 AND id > $3
          ORDER BY id LIMIT $4`,
      [now, until, afterId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      escalationLevel: r.escalation_level,
      dueAt: r.due_at,
      escalate1At: r.escalate1_at,
      escalate2At: r.escalate2_at,
    }));
  }
}
