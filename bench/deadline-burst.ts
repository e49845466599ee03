import 'reflect-metadata';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrate } from '../src/migrate';
import { startEmbeddedPostgres, LocalPostgres } from '../src/local/embedded-postgres';
import { startRedisServer, LocalRedis } from '../src/local/redis-server';
import { WorkerModule } from '../src/worker.module';
import { measureLateness } from './lateness';

/**
 * The two deadline measurements of `npm run bench` (bench/lateness.ts) against one in-process worker, without
 * the 1M-case seed: BENCH_OTHERS pending deadlines (default 20,000) with their timers restored by the worker,
 * then N due over BENCH_SPREAD_S seconds, then N due at one instant with their first escalation at once.
 *
 *   npm run build && BENCH_DEADLINES=10000 node dist/bench/deadline-burst.js
 */
const N = Number(process.env.BENCH_DEADLINES ?? 10_000);
const SPREAD_MS = Number(process.env.BENCH_SPREAD_S ?? 60) * 1000;
const OTHERS = Number(process.env.BENCH_OTHERS ?? 20_000);

async function main(): Promise<void> {
  const started: Array<() => Promise<void>> = [];
  const dir = resolve('.test-data', `burst-${process.pid}`);
  let peakRss = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    if (process.env.BENCH_TRACE)
      console.log(
        `rss ${Math.round(m.rss / 2 ** 20)} heapTotal ${Math.round(m.heapTotal / 2 ** 20)} heapUsed ${Math.round(m.heapUsed / 2 ** 20)} ext ${Math.round(m.external / 2 ** 20)}`,
      );
  }, 500);
  try {
    await mkdir(dir, { recursive: true });
    const pg: LocalPostgres = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), database: 'bench', fresh: true });
    started.push(pg.stop);
    const redis: LocalRedis = await startRedisServer({ dataDir: join(dir, 'redis'), persistent: false });
    started.push(redis.stop);
    const queuePrefix = `burst${process.pid}`;
    Object.assign(process.env, {
      DATABASE_URL: pg.url(),
      REDIS_URL: redis.url,
      APP_MODE: 'test',
      LOG_LEVEL: 'warn',
      QUEUE_PREFIX: queuePrefix,
      NOTIFY_FILE: join(dir, 'notifications.log'),
    });
    await migrate(pg.url(), () => undefined);
    const client = new Client({ connectionString: pg.url() });
    await client.connect();
    started.unshift(() => client.end());
    const {
      rows: [c],
    } = await client.query(
      `INSERT INTO protection_case (case_number, status, risk_level, immediate_danger, abuse_types, province_code, commune_code, opened_at, search_text, version)
       VALUES ($1, 'INTERVENING', 'HIGH', false, '{NEGLECT}', '22', NULL, now(), '', 1) RETURNING id`,
      [`BURST-${process.pid}`],
    );
    const {
      rows: [agency],
    } = await client.query(`INSERT INTO agency (type, name, province_code, version) VALUES ('POLICE', 'Bench police', '22', 1) RETURNING id`);
    await client.query(
      `INSERT INTO app_user (username, password_hash, full_name, role, jurisdiction_level, province_code, agency_id, version)
       VALUES ('bench.officer', 'x', 'Bench officer', 'AGENCY_OFFICER', 'PROVINCE', '22', $1, 1),
              ('bench.supervisor', 'x', 'Bench supervisor', 'SUPERVISOR', 'PROVINCE', '22', NULL, 1)`,
      [agency.id],
    );
    // Other open deadlines, due in days: the worker restores their timers at start, as at scale.
    await client.query(
      `INSERT INTO deadline (key, subject_type, subject_id, case_id, agency_id, province_code, risk_level, started_at, due_at, escalate1_at, escalate2_at,
                             status, escalation_level, next_fire_at, policy, version)
       SELECT 'REFERRAL_ACKNOWLEDGE', 'REFERRAL', gen_random_uuid(), $1, $2, '22', 'HIGH', now(), d, d + interval '1 day', d + interval '2 days', 'PENDING', 0, d, '{}', 1
         FROM (SELECT now() + interval '3 days' + g * interval '1 second' AS d FROM generate_series(1, $3) g) s`,
      [c.id, agency.id, OTHERS],
    );

    const t0 = Date.now();
    const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn'] });
    await app.init();
    started.unshift(() => app.close());
    const ds = app.get(DataSource);
    void ds;
    const mb = (n: number) => Math.round(n / 2 ** 20);
    // With node --expose-gc, collected first: the live size, not what the collector has yet to free.
    const memory = () => {
      (globalThis as { gc?: () => void }).gc?.();
      return `RSS ${mb(process.memoryUsage().rss)} MB (peak ${mb(peakRss)} MB), heap ${mb(process.memoryUsage().heapUsed)} MB`;
    };
    console.log(`worker up in ${Date.now() - t0} ms with ${OTHERS} other pending deadlines; ${memory()}`);
    // The reconciler restores the timers of the other deadlines at start.
    await new Promise((r) => setTimeout(r, Number(process.env.BENCH_SETTLE_S ?? 10) * 1000));
    console.log(`after the timers' restoration: ${memory()}`);
    const target = { client, redisUrl: redis.url, queuePrefix, caseId: c.id, agencyId: agency.id };
    const log = (l: string) => console.log(l);
    const spread = await measureLateness(target, N, SPREAD_MS, 15_000, false, log);
    console.log(`spread: p50 ${spread.p50} ms, p90 ${spread.p90} ms, p99 ${spread.p99} ms, max ${spread.max} ms; ${spread.notifications} notifications`);
    console.log(`after the spread: ${memory()}`);
    const burst = await measureLateness(target, N, 0, 10_000, true, log);
    console.log(`burst: all marked ${burst.allMarkedMs} ms, all escalated ${burst.allEscalatedMs} ms; p50 ${burst.p50} p99 ${burst.p99}; ${burst.notifications} notifications`);
    console.log(`peak RSS of this process (worker + bench client): ${Math.round(peakRss / 2 ** 20)} MB`);
  } finally {
    clearInterval(sampler);
    for (const stop of started) await stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
