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
import { DeadlineKey, DeadlineSubjectType } from './enums';
import { HolidayCalendar } from './holiday-calendar';

interface CaseRow {
  status: string;
  opened_at: Date;
  assignee_id: string | null;
  province_code: string | null;
  commune_code: string | null;
  risk_level: RiskLevel;
  emergency_at: Date | null;
}

/**
 * Deadlines follow the case and referral workflows by consuming their outbox events in the worker, inside
 * each event's transaction: a deadline starts, is met or is cancelled together with the event being marked
 * processed, and its timers are enqueued after the commit (a lost enqueue is repaired by the reconciler).
 * Redelivery starts nothing twice (the event id is kept on the row, and one deadline per obligation may be
 * open); events of one case delivered out of order start nothing the case has already moved past.
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
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    for (const type of DEADLINE_EVENT_TYPES) this.handlers.register(type, (event, manager) => this.apply(manager, event));
    this.handlers.register(CaseEventType.ASSIGNED, async (event, manager) => {
      await this.repo.reassign(manager, String(event.payload.caseId), (event.payload.assigneeId as string | null) ?? null);
    });
  }

  /** Applies an event's effects; returns the post-commit action that enqueues or removes timers. */
  async apply(manager: EntityManager, event: Pick<OutboxEvent, 'id' | 'type' | 'payload'>): Promise<void | (() => Promise<void>)> {
    const effects = deadlineEffects(event.type, event.payload);
    if (!effects) return;
    const p = event.payload;
    const subjectId = String(effects.subjectType === DeadlineSubjectType.CASE ? p.caseId : p.referralId);
    const at = typeof p.at === 'string' ? new Date(p.at) : this.clock.now();
    const finished: string[] = [];
    if (effects.meet.length) finished.push(...(await this.repo.meet(manager, subjectId, effects.meet, at)));
    if (effects.cancel) {
      const c = effects.cancel;
      const where = c.scope === 'CASE' ? { caseId: String(p.caseId) } : { subjectId, keys: c.scope === 'KEYS' ? c.keys : undefined };
      finished.push(...(await this.repo.cancel(manager, where, c.reason, at)));
    }
    const started = effects.start.length ? await this.start(manager, event, effects, subjectId, at) : [];
    if (!started.length && finished.length === 0) return;
    return async () => {
      if (started.length) await this.timers.schedule(started);
      if (finished.length) await this.timers.unschedule(finished);
    };
  }

  /**
   * Starts the obligations of one event: the case (and the referral) read once, the policies from memory
   * (DeadlinePolicyCache, checked against the table in the same statement), all deadlines in one INSERT.
   */
  private async start(
    manager: EntityManager,
    event: Pick<OutboxEvent, 'id' | 'type' | 'payload'>,
    effects: DeadlineEffects,
    subjectId: string,
    at: Date,
  ): Promise<StartedDeadline[]> {
    const p = event.payload;
    const caseId = String(p.caseId);
    const specs = effects.start.map((spec) => ({ ...spec, subjectType: spec.subjectType ?? effects.subjectType }));
    // The subject (the case, or the referral) is read FOR SHARE and stays locked until this transaction
    // commits: a concurrent move past the obligation (case to PLANNING, referral answered) waits for the new
    // deadline to exist, so the worker that handles that move meets or cancels it. Read without the lock, the
    // move could commit and be handled between this check and the insert, leaving a PENDING deadline the
    // subject has already passed. Only the subject is locked, so no lock order can deadlock with the API.
    const lockCase = specs.some((s) => s.subjectType === DeadlineSubjectType.CASE);
    const [c]: (CaseRow & { policies_stamp: string })[] = await manager.query(
      `SELECT status, opened_at, assignee_id, province_code, commune_code, risk_level, emergency_at, ${POLICIES_STAMP_SQL} AS policies_stamp
         FROM protection_case WHERE id = $1${lockCase ? ' FOR SHARE' : ''}`,
      [caseId],
    );
    if (!c) return [];
    const referralStatus = specs.some((s) => s.subjectType === DeadlineSubjectType.REFERRAL) ? await this.referralStatus(manager, subjectId) : undefined;
    const rows: NewDeadline[] = [];
    for (const spec of specs) {
      const isReferral = spec.subjectType === DeadlineSubjectType.REFERRAL;
      const d = await this.newDeadline(manager, event, spec, isReferral ? subjectId : caseId, isReferral ? referralStatus! : c.status, at, c);
      if (d) rows.push(d);
    }
    return this.repo.insertStarted(manager, rows);
  }

  private async newDeadline(
    manager: EntityManager,
    event: Pick<OutboxEvent, 'id' | 'type' | 'payload'>,
    { key, from, subjectType }: StartSpec & { subjectType: DeadlineSubjectType },
    subjectId: string,
    subjectStatus: string | null,
    at: Date,
    c: CaseRow & { policies_stamp: string },
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
    const calendar = await this.calendar.get();
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

  private async referralStatus(manager: EntityManager, referralId: string): Promise<string | null> {
    const [row] = await manager.query(`SELECT status FROM referral WHERE id = $1 FOR SHARE`, [referralId]);
    return row?.status ?? null;
  }
}
