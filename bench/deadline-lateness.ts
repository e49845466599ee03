import 'reflect-metadata';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { migrate } from '../src/migrate';
import { startEmbeddedPostgres, LocalPostgres } from '../src/local/embedded-postgres';
import { startRedisServer, LocalRedis } from '../src/local/redis-server';
import { DeadlineTimers } from '../src/deadlines/deadline-timers';
import { DeadlineStatus } from '../src/deadlines/enums';
import { WorkerModule } from '../src/worker.module';

/**
 * Firing lateness of deadline timers: N pending deadlines (default 10,000) whose due times are spread over a
 * window, each with its BullMQ timer, fired by one worker process (the real WorkerModule: timers, firing
 * with notification, timeline and audit rows, the reconciler every RECONCILE_INTERVAL_MS). Lateness is
 * overdue_at − due_at: how long after its due time a deadline was marked overdue and its people notified.
 *
 *   npm run build && node dist/bench/deadline-lateness.js
 *   BENCH_DEADLINES=10000 BENCH_SPREAD_S=60 node dist/bench/deadline-lateness.js
 *
 * Uses DATABASE_URL/REDIS_URL when both are set (the database must be empty or migrated; the bench rows
 * stay), else starts embedded PostgreSQL and a private redis-server in .test-data/ (removed afterwards).
 */
const N = Number(process.env.BENCH_DEADLINES ?? 10_000);
const SPREAD_MS = Number(process.env.BENCH_SPREAD_S ?? 60) * 1000;
const LEAD_MS = Number(process.env.BENCH_LEAD_S ?? 15) * 1000;

async function main(): Promise<void> {
  const started: Array<() => Promise<void>> = [];
  let dir: string | null = null;
  try {
    let databaseUrl = process.env.DATABASE_URL;
    let redisUrl = process.env.REDIS_URL;
    if (!databaseUrl || !redisUrl) {
      // Under the project (ignored by git), not /tmp: as root, PostgreSQL runs as another user that must reach it.
      dir = resolve('.test-data', `bench-${process.pid}`);
      await mkdir(dir, { recursive: true });
      const pg: LocalPostgres = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), database: 'bench', fresh: true });
      started.push(pg.stop);
      const redis: LocalRedis = await startRedisServer({ dataDir: join(dir, 'redis'), persistent: false });
      started.push(redis.stop);
      databaseUrl = pg.url();
      redisUrl = redis.url;
    }
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      APP_MODE: 'test',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      QUEUE_PREFIX: `bench${process.pid}`,
      NOTIFY_FILE: join(dir ?? tmpdir(), 'bench-notifications.log'),
    });
    await migrate(databaseUrl, () => undefined);

    // Configuration is read when the modules are created, i.e. from the environment set above.
    const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn'] });
    await app.init();
    started.unshift(() => app.close());
    const ds = app.get(DataSource);

    const [c] = await ds.query(
      `INSERT INTO protection_case (case_number, status, risk_level, immediate_danger, abuse_types, province_code, commune_code, opened_at, search_text, version)
       VALUES ($1, 'INTERVENING', 'HIGH', false, '{NEGLECT}', '22', NULL, now(), '', 1) RETURNING id`,
      [`BENCH-${process.pid}-${Date.now()}`],
    );
    const [agency] = await ds.query(`INSERT INTO agency (type, name, province_code, version) VALUES ('POLICE', 'Bench police', '22', 1) RETURNING id`);
    await ds.query(
      `INSERT INTO app_user (username, password_hash, full_name, role, jurisdiction_level, province_code, agency_id, version)
       VALUES ($1, 'x', 'Bench officer', 'AGENCY_OFFICER', 'PROVINCE', '22', $2, 1)`,
      [`bench.officer.${process.pid}`, agency.id],
    );

    const t0 = Date.now() + LEAD_MS;
    const policy = JSON.stringify({ duration: 'PT1H', workingDays: false, escalateAfter: [], policyVersion: 1 });
    const rows: { id: string; due_at: Date }[] = await ds.query(
      `INSERT INTO deadline (key, subject_type, subject_id, case_id, agency_id, province_code, risk_level, started_at, due_at,
                             status, escalation_level, next_fire_at, policy, version)
       SELECT 'REFERRAL_ACKNOWLEDGE', 'REFERRAL', gen_random_uuid(), $1, $2, '22', 'HIGH', now(), d, 'PENDING', 0, d, $5, 1
         FROM (SELECT to_timestamp(($3::bigint + (g - 1) * $4::float8 / $6) / 1000.0) AS d FROM generate_series(1, $6) g) s
       RETURNING id, due_at`,
      [c.id, agency.id, t0, SPREAD_MS, policy, N],
    );
    const timers = app.get(DeadlineTimers);
    const s0 = Date.now();
    await timers.schedule(rows.map((r) => ({ id: r.id, status: DeadlineStatus.PENDING, escalationLevel: 0, dueAt: new Date(r.due_at), escalate1At: null, escalate2At: null })));
    console.log(`${N} deadlines and timers created (timers enqueued in ${Date.now() - s0} ms); due over ${SPREAD_MS / 1000} s from ${new Date(t0).toISOString()}`);

    const limit = t0 + SPREAD_MS + 5 * 60_000;
    for (;;) {
      const [{ open }] = await ds.query(`SELECT count(*)::int AS open FROM deadline WHERE case_id = $1 AND status = 'PENDING'`, [c.id]);
      if (open === 0) break;
      if (Date.now() > limit) throw new Error(`${open} deadlines still pending 5 minutes after the last due time`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const [stats] = await ds.query(
      `SELECT count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ms) AS p90,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
              max(ms) AS max, min(ms) AS min
         FROM (SELECT extract(epoch FROM overdue_at - due_at) * 1000 AS ms FROM deadline WHERE case_id = $1) l`,
      [c.id],
    );
    if (process.env.BENCH_BUCKETS) {
      const buckets = await ds.query(
        `SELECT floor(extract(epoch FROM due_at - $2::timestamptz) / 10)::int * 10 AS from_s, count(*)::int AS n,
                round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM overdue_at - due_at) * 1000))::int AS p50_ms,
                round(max(extract(epoch FROM overdue_at - due_at) * 1000))::int AS max_ms
           FROM deadline WHERE case_id = $1 GROUP BY 1 ORDER BY 1`,
        [c.id, new Date(t0)],
      );
      console.table(buckets);
    }
    const [notes] = await ds.query(`SELECT count(*)::int AS n FROM notification WHERE case_id = $1`, [c.id]);
    const ms = (v: number) => `${Math.round(Number(v))} ms`;
    console.log(
      `fired ${stats.n} deadlines (${notes.n} notifications): lateness p50 ${ms(stats.p50)}, p90 ${ms(stats.p90)}, p99 ${ms(stats.p99)}, max ${ms(stats.max)} (min ${ms(stats.min)})`,
    );
  } finally {
    for (const stop of started) await stop().catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
