import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseEventType } from '../cases/case-events';
import { RiskLevel } from '../cases/enums';
import { Clock } from '../common/clock';
import { OutboxEvent } from '../database/outbox-event.entity';
import { OutboxHandlers } from '../database/outbox.relay';
import { AgencyType } from '../referrals/enums';
import { DeadlineEffects, deadlineEffects, DEADLINE_EVENT_TYPES, obligationStands, StartFrom, StartSpec } from './deadline-lifecycle.rules';
import { DEFAULT_DEADLINE_POLICIES, DeadlinePolicyError, resolveBasis } from './deadline-policy.rules';
import { scheduleDeadline } from './deadline-steps.rules';
import { DeadlinePolicyCache, POLICIES_STAMP_SQL } from './deadline-policies.repository';
import { DeadlinesRepository, NewDeadline, StartedDeadline } from './deadlines.repository';
import { DeadlineTimers } from './deadline-timers';
import { DeadlineExtensionsConsumer } from './deadline-extensions.consumer';
import { DEADLINE_EXTENDED, DeadlineKey, DeadlineSubjectType } from './enums';
import { HOLIDAYS_STAMP_SQL, HolidayCalendar } from './holiday-calendar';

interface CaseRow {
  status: string;
  opened_at: Date;
  assignee_id: string | null;
  province_code: string | null;
  commune_code: string | null;
  risk_level: RiskLevel;
  emergency_at: Date | null;
}

/** An event whose obligations are to start, waiting to be started with the others of its batch. */
interface PendingStart {
  event: Pick<OutboxEvent, 'id' | 'type' | 'payload'>;
  effects: DeadlineEffects;
  caseId: string;
  subjectId: string;
  at: Date;
}

type Event = Pick<OutboxEvent, 'id' | 'type' | 'payload'>;

/**
 * Deadlines follow the case and referral workflows by consuming their outbox events in the worker, inside
 * the transaction of the batch of events: a deadline starts, is met or is cancelled together with its event
 * being marked processed, and its timers are enqueued after the commit (a lost enqueue is repaired by the
 * reconciler). Redelivery starts nothing twice (the event id is kept on the row, and one deadline per
 * obligation may be open); events of one case delivered out of order start nothing the case has already
 * moved past.
 *
 * A batch is handled in event order, but the deadlines its events start are written together: starts are
 * held back and written with one read of their cases, one of their referrals and one INSERT, just before an
 * event that could see them (a meet, cancel, reassignment or extension of the same case) and at the end, so
 * every event finds exactly what handling the events one by one would have left.
 */
@Injectable()
export class DeadlineLifecycle implements OnModuleInit {
  private readonly logger = new Logger('DeadlineLifecycle');

  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly repo: DeadlinesRepository,
    private readonly policies: DeadlinePolicyCache,
    private readonly calendar: HolidayCalendar,
    private readonly timers: DeadlineTimers,
    private readonly extensions: DeadlineExtensionsConsumer,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // One function for every type: the relay calls it once per batch with all of their events, in id order.
    const handle = (events: OutboxEvent[], manager: EntityManager) => this.applyBatch(manager, events);
    for (const type of [...DEADLINE_EVENT_TYPES, CaseEventType.ASSIGNED, DEADLINE_EXTENDED]) this.handlers.registerBatch(type, handle);
  }

  /** Applies one event's effects; returns the post-commit action that enqueues or removes timers. */
  apply(manager: EntityManager, event: Event): Promise<void | (() => Promise<void>)> {
    return this.applyBatch(manager, [event]);
  }

  /** Applies the effects of a batch of events, in order; returns one post-commit action for all their timers. */
  async applyBatch(manager: EntityManager, events: readonly Event[]): Promise<void | (() => Promise<void>)> {
    const started: StartedDeadline[] = [];
    const finished: string[] = [];
    const moved: (() => Promise<void>)[] = [];
    let pending: PendingStart[] = [];
    let pendingCases = new Set<string>();
    const flush = async () => {
      if (pending.length === 0) return;
      started.push(...(await this.startAll(manager, pending)));
      pending = [];
      pendingCases = new Set();
    };
    for (const event of events) {
      const p = event.payload;
      const caseId = typeof p.caseId === 'string' ? p.caseId : null;
      // An event touching deadlines a held-back start would create sees them written first.
      const touches = async () => {
        if (caseId === null || pendingCases.has(caseId)) await flush();
      };
      if (event.type === DEADLINE_EXTENDED) {
        await flush();
        const after = await this.extensions.apply(manager, event);
        if (after) moved.push(after);
        continue;
      }
      if (event.type === CaseEventType.ASSIGNED) {
        await touches();
        await this.repo.reassign(manager, String(p.caseId), (p.assigneeId as string | null) ?? null);
        continue;
      }
      const effects = deadlineEffects(event.type, p);
      if (!effects) continue;
      const subjectId = String(effects.subjectType === DeadlineSubjectType.CASE ? p.caseId : p.referralId);
      const at = typeof p.at === 'string' ? new Date(p.at) : this.clock.now();
      if (effects.meet.length || effects.cancel) await touches();
      if (effects.meet.length) finished.push(...(await this.repo.meet(manager, subjectId, effects.meet, at)));
      if (effects.cancel) {
        const c = effects.cancel;
        const where = c.scope === 'CASE' ? { caseId: String(p.caseId) } : { subjectId, keys: c.scope === 'KEYS' ? c.keys : undefined };
        finished.push(...(await this.repo.cancel(manager, where, c.reason, at)));
      }
      if (effects.start.length) {
        pending.push({ event, effects, caseId: String(p.caseId), subjectId, at });
        pendingCases.add(String(p.caseId));
      }
    }
    await flush();
    if (!started.length && !finished.length && !moved.length) return;
    return async () => {
      // Enqueued before the removals: a deadline started and finished in one batch keeps no timer.
      if (started.length) await this.timers.schedule(started);
      if (finished.length) await this.timers.unschedule(finished);
      for (const after of moved) await after();
    };
  }

  /**
   * Starts the obligations of a batch of events: their cases read in one statement (the policies stamp with
   * them, so policies come from memory while the table is unchanged), their referrals in one, every deadline
   * in one INSERT, in event order (of two events starting the same obligation, the first one's stays).
   */
  private async startAll(manager: EntityManager, pending: readonly PendingStart[]): Promise<StartedDeadline[]> {
    const withSpecs = pending.map((x) => ({
      ...x,
      specs: x.effects.start.map((spec) => ({ ...spec, subjectType: spec.subjectType ?? x.effects.subjectType })),
    }));
    // The subject (the case, or the referral) is read FOR SHARE and stays locked until this transaction
    // commits: a concurrent move past the obligation (case to PLANNING, referral answered) waits for the new
    // deadline to exist, so the worker that handles that move meets or cancels it. Read without the lock, the
    // move could commit and be handled between this check and the insert, leaving a PENDING deadline the
    // subject has already passed. Only subjects are locked (in id order), and the API locks one case at a
    // time, so no lock order can deadlock with it.
    const locked = new Set<string>();
    const read = new Set<string>();
    const referrals = new Set<string>();
    for (const x of withSpecs) {
      for (const s of x.specs) {
        if (s.subjectType === DeadlineSubjectType.CASE) locked.add(x.caseId);
        else referrals.add(x.subjectId);
      }
      read.add(x.caseId);
    }
    const unlocked = [...read].filter((id) => !locked.has(id));
    const columns = 'id, status, opened_at, assignee_id, province_code, commune_code, risk_level, emergency_at';
    const rows: (CaseRow & { id: string; policies_stamp: string; holidays_stamp: string })[] = await manager.query(
      `SELECT c.*, ${POLICIES_STAMP_SQL} AS policies_stamp, ${HOLIDAYS_STAMP_SQL} AS holidays_stamp
         FROM (SELECT * FROM (SELECT ${columns} FROM protection_case WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE) l
               UNION ALL
               SELECT ${columns} FROM protection_case WHERE id = ANY($2::uuid[])) c`,
      [[...locked], unlocked],
    );
    const cases = new Map(rows.map((r) => [r.id, r]));
    const referralStatus = new Map<string, string>();
    if (referrals.size > 0) {
      const found: { id: string; status: string }[] = await manager.query(`SELECT id, status FROM referral WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE`, [[...referrals]]);
      for (const r of found) referralStatus.set(r.id, r.status);
    }
    const news: NewDeadline[] = [];
    for (const x of withSpecs) {
      const c = cases.get(x.caseId);
      if (!c) continue;
      for (const spec of x.specs) {
        const isReferral = spec.subjectType === DeadlineSubjectType.REFERRAL;
        const status = isReferral ? (referralStatus.get(x.subjectId) ?? null) : c.status;
        const d = await this.newDeadline(manager, x.event, spec, isReferral ? x.subjectId : x.caseId, status, x.at, c);
        if (d) news.push(d);
      }
    }
    return this.repo.insertStarted(manager, news);
  }

  private async newDeadline(
    manager: EntityManager,
    event: Pick<OutboxEvent, 'id' | 'type' | 'payload'>,
    { key, from, subjectType }: StartSpec & { subjectType: DeadlineSubjectType },
    subjectId: string,
    subjectStatus: string | null,
    at: Date,
    c: CaseRow & { policies_stamp: string; holidays_stamp: string },
  ): Promise<NewDeadline | null> {
    const p = event.payload;
    const caseId = String(p.caseId);
    const isReferral = subjectType === DeadlineSubjectType.REFERRAL;
    // An urgent measure already recorded is the urgent intervention the law asks for.
    if (key === DeadlineKey.URGENT_PROTECTION && c.emergency_at !== null) return null;
    // Only a reporter who is known can be told the result.
    if (key === DeadlineKey.REPORTER_NOTIFICATION && !(await this.reporterKnown(manager, caseId))) return null;
    const agencyType = isReferral && typeof p.agencyType === 'string' ? (p.agencyType as AgencyType) : null;
    // A missing referral row means the event describes it better than anything else we have.
    if (subjectStatus !== null && !obligationStands(key, subjectStatus)) return null;

    const stored = await this.policies.get(manager, key, c.policies_stamp);
    const risk = ((p.riskLevel as RiskLevel | undefined) ?? c.risk_level) || null;
    const startAt = await this.startTime(manager, from, caseId, p, at, c);
    const calendar = await this.calendar.get(manager, c.holidays_stamp);
    let policy = stored.policy;
    let schedule;
    try {
      schedule = scheduleDeadline(policy, startAt, risk, calendar, agencyType);
    } catch (error) {
      // Stored policies are validated when edited; should one still be unusable, the law's default applies
      // rather than the obligation going untracked.
      if (!(error instanceof DeadlinePolicyError)) throw error;
      this.logger.error({ err: error, key }, 'stored deadline policy unusable; using the default');
      policy = DEFAULT_DEADLINE_POLICIES.find((d) => d.key === key)!;
      schedule = scheduleDeadline(policy, startAt, risk, calendar, agencyType);
    }
    if (schedule.holidayDataMissing.length) {
      this.logger.warn(
        { key, caseId, years: schedule.holidayDataMissing },
        'no public holidays recorded for these years: deadline counted with every day a working day (earlier, never later)',
      );
    }
    const basis = resolveBasis(policy, agencyType);
    return {
      key,
      subjectType,
      subjectId,
      caseId,
      agencyId: isReferral ? String(p.agencyId) : null,
      assigneeId: c.assignee_id,
      provinceCode: c.province_code,
      communeCode: c.commune_code,
      riskLevel: risk,
      startedAt: startAt,
      dueAt: schedule.dueAt,
      escalate1At: schedule.escalate1At,
      escalate2At: schedule.escalate2At,
      policy: {
        duration: schedule.duration,
        workingDays: policy.workingDays,
        escalateAfter: [...policy.escalateAfter],
        policyVersion: stored.version,
        ...(schedule.holidayDataMissing.length ? { holidayDataMissing: schedule.holidayDataMissing } : {}),
        kind: basis.kind,
        legalBasis: basis.legalBasis,
      },
      sourceEventId: String(event.id),
    };
  }

  private async startTime(manager: EntityManager, from: StartFrom, caseId: string, p: Record<string, unknown>, at: Date, c: CaseRow): Promise<Date> {
    switch (from) {
      case 'OPENED_AT':
        return typeof p.openedAt === 'string' ? new Date(p.openedAt) : new Date(c.opened_at);
      case 'ASSESSMENT_START':
        return (await this.repo.latestAssessmentStart(manager, caseId)) ?? new Date(c.opened_at);
      case 'SEPARATION_START':
        return typeof p.startsAt === 'string' ? new Date(p.startsAt) : at;
      case 'RECEIVED_AT':
        return typeof p.receivedAt === 'string' ? new Date(p.receivedAt) : at;
      case 'EVENT_AT':
        return at;
    }
  }

  private async reporterKnown(manager: EntityManager, caseId: string): Promise<boolean> {
    const [row] = await manager.query(
      `SELECT 1 FROM case_person cp JOIN person p ON p.id = cp.person_id
        WHERE cp.case_id = $1 AND cp.role = 'REPORTER' AND (p.phone IS NOT NULL OR nullif(btrim(p.full_name), '') IS NOT NULL) LIMIT 1`,
      [caseId],
    );
    return !!row;
  }
}
