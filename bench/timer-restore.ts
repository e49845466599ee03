import 'reflect-metadata';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { migrate } from '../src/migrate';
import { startEmbeddedPostgres } from '../src/local/embedded-postgres';
import { startRedisServer } from '../src/local/redis-server';

/**
 * The worker's memory while it restores the timers of BENCH_OTHERS pending deadlines (default 200,000) at start,
 * as after a deploy at national scale: the real worker (dist/src/worker.js) in a process of its own, started as
 * `npm run start:worker` starts it (or with BENCH_NODE_ARGS instead), its peak resident size (VmHWM) read from
 * /proc once every timer is in Redis.
 *
 *   npm run build && node dist/bench/timer-restore.js
 */
const N = Number(process.env.BENCH_OTHERS ?? 200_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The node options of the worker's start script in package.json (what production runs). */
function startScriptArgs(): string[] {
  const scripts = (JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return scripts['start:worker'].split(/\s+/).filter((a) => a.startsWith('--'));
}

function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), hwm: Math.round(kb('VmHWM') / 1024) };
}

async function main(): Promise<void> {
  const dir = resolve('.test-data', `timer-restore-${process.pid}`);
  const stops: Array<() => Promise<void>> = [];
  try {
    await mkdir(dir, { recursive: true });
    const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), database: 'bench', fresh: true });
    stops.push(pg.stop);
    const redisServer = await startRedisServer({ dataDir: join(dir, 'redis'), persistent: false });
    stops.push(redisServer.stop);
    await migrate(pg.url(), () => undefined);
    const client = new Client({ connectionString: pg.url() });
    await client.connect();
    stops.unshift(() => client.end());
    const {
      rows: [c],
    } = await client.query(
      `INSERT INTO protection_case (case_number, status, risk_level, immediate_danger, abuse_types, province_code, commune_code, opened_at, search_text, version)
       VALUES ('RESTORE-1', 'INTERVENING', 'HIGH', false, '{NEGLECT}', '22', NULL, now(), '', 1) RETURNING id`,
    );
    const {
      rows: [agency],
    } = await client.query(`INSERT INTO agency (type, name, province_code, version) VALUES ('POLICE', 'Bench police', '22', 1) RETURNING id`);
    await client.query(
      `INSERT INTO deadline (key, subject_type, subject_id, case_id, agency_id, province_code, risk_level, started_at, due_at, escalate1_at, escalate2_at,
                             status, escalation_level, next_fire_at, policy, version)
       SELECT 'REFERRAL_ACKNOWLEDGE', 'REFERRAL', gen_random_uuid(), $1, $2, '22', 'HIGH', now(), d, d + interval '1 day', d + interval '2 days', 'PENDING', 0, d, '{}', 1
         FROM (SELECT now() + interval '3 days' + g * interval '1 second' AS d FROM generate_series(1, $3) g) s`,
      [c.id, agency.id, N],
    );
    await client.query('VACUUM ANALYZE deadline');
    const prefix = `restore${process.pid}`;
    const execArgv = process.env.BENCH_NODE_ARGS !== undefined ? process.env.BENCH_NODE_ARGS.split(/\s+/).filter(Boolean) : startScriptArgs();
    const t0 = Date.now();
    const worker = fork(resolve(__dirname, '..', 'src', 'worker.js'), [], {
      execArgv,
      env: {
        ...process.env,
        DATABASE_URL: pg.url(),
        REDIS_URL: redisServer.url,
        APP_MODE: 'production',
        JWT_SECRET: 'timer-restore-secret-timer-restore-secret-0123',
        MFA_REQUIRED_ROLES: 'NONE',
        LOG_LEVEL: 'warn',
        QUEUE_PREFIX: prefix,
        WORKER_METRICS_PORT: '0',
        NOTIFY_FILE: join(dir, 'notifications.log'),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    stops.unshift(async () => {
      if (worker.exitCode === null) {
        worker.kill('SIGTERM');
        await new Promise((r) => worker.once('exit', r));
      }
    });
    await new Promise<void>((ok, fail) => {
      worker.on('message', (m: { type?: string }) => m?.type === 'worker-ready' && ok());
      worker.once('exit', (code) => fail(new Error(`worker exited with ${code}`)));
    });
    const ready = memory(worker.pid!);
    const redis = new Redis(redisServer.url);
    stops.unshift(async () => void redis.disconnect());
    let timers = 0;
    let restoredMs = 0;
    let peak = 0;
    for (let waited = 0; waited < 300_000; waited += 200) {
      peak = Math.max(peak, memory(worker.pid!).rss);
      timers = await redis.zcard(`${prefix}:deadlines:delayed`);
      if (timers >= N) {
        restoredMs = Date.now() - t0;
        break;
      }
      await sleep(200);
    }
    await sleep(2000);
    const end = memory(worker.pid!);
    console.log(
      `node ${execArgv.join(' ') || '(no options)'}: ${timers} of ${N} timers restored in ${restoredMs} ms; ` +
        `worker RSS at ready ${ready.rss} MB, peak sampled ${Math.max(peak, end.rss)} MB, VmHWM ${end.hwm} MB, RSS 2 s after ${end.rss} MB`,
    );
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
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
