import { Queue } from 'bullmq';
import { Client } from 'pg';
import { DeadlineStatus } from '../src/deadlines/enums';
import { pendingSteps, timerJobId } from '../src/deadlines/deadline-steps.rules';
import { DEADLINES_QUEUE, DeadlineJob, FIRE_JOB_OPTIONS, FireJobData } from '../src/deadlines/queues';
import { redisConnectionOptions } from '../src/redis/redis-connection';

/**
 * Deadline firing lateness against a running worker process: deadlines inserted as the app writes them, with
 * the BullMQ timers DeadlineTimers.schedule would enqueue (same queue, job names, ids and options), then
 * overdue_at − due_at per deadline once the worker has fired them all.
 */
export interface LatenessResult {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** From the common due time until the last deadline was marked overdue (burst only). */
  allMarkedMs?: number;
  /** From the common due time until the last one was escalated to level 1 (burst only). */
  allEscalatedMs?: number;
  notifications: number;
}

export interface LatenessTarget {
  client: Client;
  redisUrl: string;
  queuePrefix: string;
  caseId: string;
  agencyId: string;
}

async function enqueue(target: LatenessTarget, rows: { id: string; due_at: Date; escalate1_at: Date | null }[]): Promise<void> {
  const queue = new Queue<FireJobData>(DEADLINES_QUEUE, { connection: redisConnectionOptions(target.redisUrl), prefix: target.queuePrefix });
  try {
    const now = Date.now();
    const jobs = rows.flatMap((r) =>
      pendingSteps({
        status: DeadlineStatus.PENDING,
        escalationLevel: 0,
        dueAt: new Date(r.due_at),
        escalate1At: r.escalate1_at ? new Date(r.escalate1_at) : null,
        escalate2At: null,
      }).map((s) => ({
        name: DeadlineJob.FIRE,
        data: { deadlineId: r.id, step: s.step },
        opts: { ...FIRE_JOB_OPTIONS, jobId: timerJobId(r.id, s.step), delay: Math.max(0, s.at.getTime() - now), timestamp: now },
      })),
    );
    for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
  } finally {
    await queue.close();
  }
}

/**
 * `n` deadlines due from `leadMs` from now, spread evenly over `spreadMs` (0: all at the same instant). With
 * `escalateAtDue`, the first escalation is due at the same time, so the burst is marked and escalated at once.
 */
export async function measureLateness(
  target: LatenessTarget,
  n: number,
  spreadMs: number,
  leadMs: number,
  escalateAtDue: boolean,
  log: (l: string) => void,
): Promise<LatenessResult> {
  const { client } = target;
  const tag = `bench-${Date.now()}`;
  const t0 = Date.now() + leadMs;
  const policy = JSON.stringify({ duration: 'PT1H', workingDays: false, escalateAfter: escalateAtDue ? ['PT0S'] : [], policyVersion: 1, bench: tag });
  const { rows } = await client.query(
    `INSERT INTO deadline (key, subject_type, subject_id, case_id, agency_id, province_code, risk_level, started_at, due_at, escalate1_at,
                           status, escalation_level, next_fire_at, policy, version)
     SELECT 'REFERRAL_ACKNOWLEDGE', 'REFERRAL', gen_random_uuid(), $1, $2, '22', 'HIGH', now(), d, CASE WHEN $7 THEN d END, 'PENDING', 0, d, $5, 1
       FROM (SELECT to_timestamp(($3::bigint + (g - 1) * $4::float8 / $6) / 1000.0) AS d FROM generate_series(1, $6) g) s
     RETURNING id, due_at, escalate1_at`,
    [target.caseId, target.agencyId, t0, spreadMs, policy, n, escalateAtDue],
  );
  await enqueue(target, rows);
  log(`${n} deadlines with timers, due ${spreadMs ? `over ${spreadMs / 1000} s` : 'at the same instant'} from ${new Date(t0).toISOString()}`);
  const limit = t0 + spreadMs + 10 * 60_000;
  // Polled by primary key: a scan of the whole table by its policy every half second took ~180 ms of the CPU
  // the worker fires with (4 s in a burst of 8 s on two cores).
  const ids = rows.map((r: { id: string }) => r.id);
  const pendingSql = escalateAtDue
    ? `SELECT count(*)::int AS open FROM deadline WHERE id = ANY($1::uuid[]) AND escalation_level < 1`
    : `SELECT count(*)::int AS open FROM deadline WHERE id = ANY($1::uuid[]) AND status = 'PENDING'`;
  for (;;) {
    const [{ open }] = (await client.query(pendingSql, [ids])).rows;
    if (open === 0) break;
    if (Date.now() > limit) throw new Error(`${open} bench deadlines still not fired 10 minutes after the last due time`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const [stats] = (
    await client.query(
      `SELECT count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY ms) AS p90,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max,
              extract(epoch FROM max(overdue_at) - min(due_at)) * 1000 AS all_marked
         FROM (SELECT overdue_at, due_at, extract(epoch FROM overdue_at - due_at) * 1000 AS ms FROM deadline WHERE policy->>'bench' = $1) l`,
      [tag],
    )
  ).rows;
  let allEscalatedMs: number | undefined;
  if (escalateAtDue) {
    // The escalation step leaves a DEADLINE_ESCALATED notification; its latest creation time ends the burst.
    const [e] = (
      await client.query(
        `SELECT extract(epoch FROM max(n.created_at) - min(d.due_at)) * 1000 AS ms FROM deadline d JOIN notification n ON n.deadline_id = d.id
          WHERE d.policy->>'bench' = $1 AND n.type <> 'DEADLINE_OVERDUE'`,
        [tag],
      )
    ).rows;
    allEscalatedMs = e.ms === null ? undefined : Math.round(Number(e.ms));
  }
  const [notes] = (await client.query(`SELECT count(*)::int AS n FROM notification n JOIN deadline d ON d.id = n.deadline_id WHERE d.policy->>'bench' = $1`, [tag])).rows;
  const r = (v: unknown) => Math.round(Number(v));
  return {
    n: stats.n,
    p50: r(stats.p50),
    p90: r(stats.p90),
    p99: r(stats.p99),
    max: r(stats.max),
    allMarkedMs: spreadMs === 0 ? r(stats.all_marked) : undefined,
    allEscalatedMs,
    notifications: notes.n,
  };
}
