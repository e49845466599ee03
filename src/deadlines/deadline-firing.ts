import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { CaseTimeline, TimelineEntry } from '../cases/case-timeline';
import { Clock } from '../common/clock';
import { within } from '../common/within';
import { Deadline } from './deadline.entity';
import { DeadlineStep, fireDueSteps, nextStep, ScheduledStep, stepsDue } from './deadline-steps.rules';
import { DEADLINE_STEP_NOTIFIER, DeadlineStepNotifier, StepToTell } from './deadline-step-notifier';
import { DeadlinesRepository } from './deadlines.repository';
import { DeadlineTimers } from './deadline-timers';

/** How long firing waits for Redis to take the next timers before going on without them. */
const RESCHEDULE_TIMEOUT_MS = 3_000;

/** Deadlines claimed (and fired) per transaction: a burst of 10,000 due at once is twenty statements' worth each. */
export const FIRE_BATCH = 500;

/**
 * How long the last batch of a run waits for due rows another transaction holds; beyond it the run fails, so
 * the timers that woke it retry (with backoff), and the reconciler remains behind them.
 */
const STRAGGLER_WAIT_MS = 5_000;

export interface FireOutcome {
  /** Steps fired by this call (none when another worker, or an earlier run, already did). */
  fired: DeadlineStep[];
  /** The next step still to fire, if any. */
  next: ScheduledStep | null;
}

export interface DueRun {
  /** Deadlines that had at least one step fired by this run. */
  fired: number;
  /** Deadlines whose firing failed in this run (rolled back alone; the reconciler retries them). */
  failed: number;
}

/**
 * Fires due deadline steps in batches: one statement claims up to FIRE_BATCH due rows (FOR UPDATE SKIP LOCKED,
 * re-read under the lock), and the steps' state changes, notifications, timeline events and audit rows are
 * written with one multi-row statement each, all in the batch's transaction. A step that has fired changes
 * the state its own precondition reads, and a row is claimed by one transaction at a time, so two workers, a
 * duplicate timer, a reconciler racing a timer or a re-run after a crash find nothing left to do (and
 * notification dedupe keys guard once more). Timers only wake this firer up (wake()).
 */
@Injectable()
export class DeadlineFiring {
  private readonly logger = new Logger('DeadlineFiring');
  /** The run under way, and when (Date.now()) it started: every step due by then is its business. */
  private current: { since: number; done: Promise<DueRun> } | null = null;
  private queued: Promise<DueRun> | null = null;
  /** Start of the latest run that ended: every step due by then has fired (or is another worker's, or failed). */
  private coveredUntil = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: DeadlinesRepository,
    private readonly timers: DeadlineTimers,
    @Inject(DEADLINE_STEP_NOTIFIER) private readonly notifier: DeadlineStepNotifier,
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * A timer of a step due at `dueAtMs` (Date.now() time; null when unknown) rang: resolves once a run that
   * started at or after it has ended. Timers ringing together share runs: 20,000 steps due at once take a few
   * dozen batches, not 20,000 transactions, and a timer whose step a finished run covered costs nothing.
   */
  wake(dueAtMs: number | null): Promise<DueRun | null> {
    if (dueAtMs !== null && dueAtMs <= this.coveredUntil) return Promise.resolve(null);
    const current = this.current;
    if (!current) return this.startRun();
    if (dueAtMs !== null && dueAtMs <= current.since) return current.done;
    this.queued ??= current.done
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.startRun();
      });
    return this.queued;
  }

  private startRun(): Promise<DueRun> {
    const since = Date.now();
    const done = this.fireDue().then((run) => {
      this.coveredUntil = Math.max(this.coveredUntil, since);
      return run;
    });
    const entry = { since, done };
    this.current = entry;
    void done
      .catch(() => undefined)
      .finally(() => {
        if (this.current === entry) this.current = null;
      });
    return done;
  }

  /**
   * Fires every step due by the clock, batch after batch until none is left. Rows another transaction holds
   * are skipped while batches go; should any still be due at the end (held by a workflow transaction, or by
   * another worker's batch), one last batch waits for them (at most STRAGGLER_WAIT), so a timer's step never
   * waits for the reconciler because its row happened to be locked when the timer rang.
   */
  async fireDue(): Promise<DueRun> {
    const failed: string[] = [];
    let fired = 0;
    for (;;) {
      const now = this.clock.now();
      const batch = await this.fireBatch(now, failed, false);
      fired += batch.fired;
      if (batch.claimed < FIRE_BATCH) break;
    }
    const now = this.clock.now();
    if (await this.repo.anyDue(this.dataSource.manager, now, failed)) fired += (await this.fireBatch(now, failed, true)).fired;
    return { fired, failed: failed.length };
  }

  private async fireBatch(now: Date, failed: string[], wait: boolean): Promise<{ claimed: number; fired: number }> {
    const batch = await this.dataSource.transaction('READ COMMITTED', async (manager) => {
      if (wait) await manager.query(`SET LOCAL lock_timeout = '${STRAGGLER_WAIT_MS}ms'`);
      const rows = await this.repo.lockDueBatch(manager, now, FIRE_BATCH, failed, wait);
      return { claimed: rows.length, fired: await this.fireClaimed(manager, rows, now, failed) };
    });
    await this.rescheduleAfter(batch.fired);
    return { claimed: batch.claimed, fired: batch.fired.length };
  }

  /** Fires what is due for one deadline, in its own transaction (waiting for its lock); then its next timer. */
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
    const { updated, steps } = await this.fireSteps(manager, [d], this.clock.now());
    if (updated.length) Object.assign(d, updated[0]);
    return { fired: steps, next: nextStep(d) };
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

  /**
   * Fires the claimed rows as one batch; should that fail, one at a time, so that a deadline that cannot fire
   * holds back only itself (rolled back alone, its id added to `failed` and retried by a later run).
   */
  private async fireClaimed(manager: EntityManager, rows: Deadline[], now: Date, failed: string[]): Promise<Deadline[]> {
    if (rows.length === 0) return [];
    await manager.query('SAVEPOINT deadline_batch');
    try {
      const { updated } = await this.fireSteps(manager, rows, now);
      await manager.query('RELEASE SAVEPOINT deadline_batch');
      return updated;
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT deadline_batch');
      if (rows.length === 1) {
        failed.push(rows[0].id);
        this.logger.warn({ err: error, deadlineId: rows[0].id }, 'firing a deadline failed; it will be retried');
        return [];
      }
      this.logger.warn({ err: error, deadlines: rows.length }, 'firing a batch of deadlines failed; firing them one at a time');
    }
    const fired: Deadline[] = [];
    for (const d of rows) fired.push(...(await this.fireClaimed(manager, [d], now, failed)));
    return fired;
  }

  /** Every step due at `now` of these locked rows, written in a fixed number of statements; rows are not changed. */
  private async fireSteps(manager: EntityManager, rows: Deadline[], now: Date): Promise<{ updated: Deadline[]; steps: DeadlineStep[] }> {
    const due = rows.filter((d) => stepsDue(d, now).length > 0);
    if (due.length === 0) return { updated: [], steps: [] };
    const directory = await this.notifier.directory(manager, due);
    const updated: Deadline[] = [];
    const told: StepToTell[] = [];
    for (const d of due) {
      const { state, fired } = fireDueSteps(d, now, (s, step) => directory.audience(s, step));
      if (fired.length === 0) continue;
      updated.push(state);
      for (const f of fired) told.push({ deadline: f.state, step: f.step, audience: f.audience });
    }
    if (updated.length === 0) return { updated: [], steps: [] };
    await this.repo.writeSteps(manager, updated);
    const notified = await this.notifier.tell(manager, told);

    const timeline: TimelineEntry[] = [];
    const audit: AuditEntry[] = [];
    told.forEach(({ deadline: d, step, audience }, i) => {
      const type = step === 0 ? 'DEADLINE_OVERDUE' : 'DEADLINE_ESCALATED';
      const details = {
        deadlineId: d.id,
        key: d.key,
        subjectType: d.subjectType,
        subjectId: d.subjectId,
        dueAt: d.dueAt.toISOString(),
        level: step,
        ...(step > 0 ? { scope: audience.scope } : {}),
        notified: notified[i].length,
      };
      timeline.push({ caseId: d.caseId, type, actor: null, at: now, after: details });
      audit.push({
        actor: null,
        action: type,
        subjectType: 'DEADLINE',
        subjectId: d.id,
        provinceCode: audience.place.provinceCode,
        communeCode: audience.place.communeCode,
        after: details,
      });
    });
    await this.timeline.append(manager, ...timeline);
    await this.audit.recordMany(audit, manager);
    const overdue = told.filter((t) => t.step === 0).length;
    this.logger.log({ deadlines: updated.length, overdue, escalated: told.length - overdue }, 'deadline steps fired');
    return { updated, steps: told.map((t) => t.step) };
  }
}
