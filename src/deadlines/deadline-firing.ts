import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CaseTimeline } from '../cases/case-timeline';
import { Clock } from '../common/clock';
import { within } from '../common/within';
import { Deadline } from './deadline.entity';
import { afterStep, DeadlineStep, nextStep, ScheduledStep, stepsDue } from './deadline-steps.rules';
import { DEADLINE_STEP_NOTIFIER, DeadlineStepNotifier } from './deadline-step-notifier';
import { DeadlinesRepository } from './deadlines.repository';
import { DeadlineTimers } from './deadline-timers';

/** How long firing waits for Redis to take the next timers before going on without them. */
const RESCHEDULE_TIMEOUT_MS = 3_000;

export interface FireOutcome {
  /** Steps fired by this call (none when another worker, or an earlier run, already did). */
  fired: DeadlineStep[];
  /** The next step still to fire, if any. */
  next: ScheduledStep | null;
}

/**
 * Fires the due steps of a deadline: the row is locked and re-read, every step due by the clock fires in
 * order, and each step's state change, notifications, timeline event and audit row commit together. A step
 * that has fired changes the state its own precondition reads, so a duplicate job, a reconciler racing a
 * timer or a re-run after a crash finds nothing to do (and notification dedupe keys guard once more).
 */
@Injectable()
export class DeadlineFiring {
  private readonly logger = new Logger('DeadlineFiring');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: DeadlinesRepository,
    private readonly timers: DeadlineTimers,
    @Inject(DEADLINE_STEP_NOTIFIER) private readonly notifier: DeadlineStepNotifier,
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Fires what is due for one deadline, in its own transaction; then makes sure its next timer exists. */
  async fire(deadlineId: string): Promise<FireOutcome> {
    const { outcome, deadline } = await this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const d = await this.repo.lockForFiring(manager, deadlineId);
      if (!d) return { outcome: { fired: [], next: null }, deadline: null };
      return { outcome: await this.fireLocked(manager, d), deadline: d };
    });
    if (deadline && outcome.fired.length > 0) await this.rescheduleAfter([deadline]);
    return outcome;
  }

  /** Fires the due steps of a deadline the caller has locked in `manager`'s transaction; updates `d` in place. */
  async fireLocked(manager: EntityManager, d: Deadline): Promise<FireOutcome> {
    const now = this.clock.now();
    const fired = stepsDue(d, now);
    for (const step of fired) await this.fireStep(manager, d, step, now);
    return { fired, next: nextStep(d) };
  }

  /**
   * After a commit: the timers of the steps still ahead (normally present already; re-created after a flush).
   * Bounded in time: with Redis away, firing from the table goes on and the reconciler restores the timers.
   */
  async rescheduleAfter(deadlines: Deadline[]): Promise<void> {
    const ahead = deadlines.filter((d) => nextStep(d) !== null);
    if (ahead.length === 0) return;
    await within(this.timers.schedule(ahead), RESCHEDULE_TIMEOUT_MS, 'scheduling the next timers').catch((error) =>
      this.logger.warn({ err: error }, 'could not schedule the next timers; the reconciler will'),
    );
  }

  private async fireStep(manager: EntityManager, d: Deadline, step: DeadlineStep, now: Date): Promise<void> {
    const audience = await this.notifier.audience(manager, d, step);
    const { place, scope } = audience;
    const next = afterStep(d, step, now);

    await this.repo.writeStep(manager, d.id, {
      status: next.status,
      escalationLevel: next.escalationLevel,
      escalationScope: step === 0 ? d.escalationScope : scope,
      overdueAt: next.overdueAt ?? d.overdueAt,
      nextFireAt: next.nextFireAt,
      provinceCode: place.provinceCode,
      communeCode: place.communeCode,
    });
    Object.assign(d, {
      status: next.status,
      escalationLevel: next.escalationLevel,
      escalationScope: step === 0 ? d.escalationScope : scope,
      overdueAt: next.overdueAt ?? d.overdueAt,
      nextFireAt: next.nextFireAt,
      provinceCode: place.provinceCode,
      communeCode: place.communeCode,
    });

    const notified = await this.notifier.tell(manager, d, step, audience);

    const type = step === 0 ? 'DEADLINE_OVERDUE' : 'DEADLINE_ESCALATED';
    const details = {
      deadlineId: d.id,
      key: d.key,
      subjectType: d.subjectType,
      subjectId: d.subjectId,
      dueAt: d.dueAt.toISOString(),
      level: step,
      ...(step > 0 ? { scope } : {}),
      notified: notified.length,
    };
    await this.timeline.append(manager, { caseId: d.caseId, type, actor: null, at: now, after: details });
    await this.audit.record(
      { actor: null, action: type, subjectType: 'DEADLINE', subjectId: d.id, provinceCode: place.provinceCode, communeCode: place.communeCode, after: details },
      manager,
    );
    this.logger.log({ deadlineId: d.id, key: d.key, step, notified: notified.length }, type === 'DEADLINE_OVERDUE' ? 'deadline overdue' : 'deadline escalated');
  }
}
