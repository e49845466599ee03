import 'reflect-metadata';
import { fork, ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { migrateAndSeedDemo } from './seed';
import { startEmbeddedPostgres } from '../src/local/embedded-postgres';
import { startRedisServer } from '../src/local/redis-server';
import { findFreePort } from '../src/local/free-port';
import type { QueryCount } from './query-counter';

/**
 * `npm run bench:intake-cost`: what one hotline intake costs, statement by statement. Runs the real API and
 * worker as processes (production mode) with every PostgreSQL query and Redis command counted
 * (bench/query-counter.ts), logs one call after a warm-up, and prints the statements per kind and table, the
 * round trips and the CPU time of the API for the request, and of the worker until it has drained the outbox
 * (its idle polling over as long a quiet window subtracted). The "cost of one intake" of docs/benchmarks.md.
 *
 * Uses DATABASE_URL/REDIS_URL when both are set (an empty database); otherwise embedded PostgreSQL and a private
 * redis-server under .test-data/intake-cost-<pid>/, removed afterwards.
 */
const log = (line: string) => process.stderr.write(`[intake-cost] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startCounted(script: string, env: NodeJS.ProcessEnv, ready: string): Promise<ChildProcess> {
  const child = fork(resolve(__dirname, '..', 'src', script), [], {
    env,
    execArgv: ['-r', resolve(__dirname, 'query-counter.js')],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((ok, fail) => {
    child.on('message', (m: { type?: string }) => m?.type === ready && ok(child));
    child.once('exit', (code) => fail(new Error(`${script} exited with ${code} before it was ready`)));
  });
}

function ask<T>(child: ChildProcess, type: string, answer: string, pick: (m: Record<string, unknown>) => T): Promise<T> {
  return new Promise((ok) => {
    const on = (m: Record<string, unknown>) => {
      if (m?.type !== answer) return;
      child.off('message', on);
      ok(pick(m));
    };
    child.on('message', on);
    child.send({ type });
  });
}
const reset = (c: ChildProcess) => ask(c, 'query-count-reset', 'query-count-was-reset', () => undefined);
const report = (c: ChildProcess) => ask(c, 'query-count-report', 'query-count', (m) => m.counts as QueryCount);

/** What a window of work counted, less what the same process counts idle over as long (its polling). */
function net(work: QueryCount, idle: QueryCount): QueryCount {
  const minus = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(a)
        .map(([k, v]) => [k, Math.max(0, v - (b[k] ?? 0))] as const)
        .filter(([, v]) => v > 0),
    );
  const statements = minus(work.statements, idle.statements);
  return {
    statements,
    roundTrips: Object.values(statements).reduce((a, b) => a + b, 0),
    redisCommands: minus(work.redisCommands, idle.redisCommands),
    cpuMs: Math.max(0, Math.round((work.cpuMs - idle.cpuMs) * 10) / 10),
  };
}

/**
 * CPU milliseconds PostgreSQL's backends serving the API and the worker have used so far (utime + stime of
 * /proc/<pid>/stat, in clock ticks of 10 ms): the server's share of the cost, when it runs on this machine.
 */
async function backendCpuMs(client: Client, pids: Map<number, number>): Promise<number> {
  const { rows } = await client.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'bvte'`);
  let total = 0;
  for (const { pid } of rows as { pid: number }[]) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      pids.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // Not on this machine (a remote DATABASE_URL) or the backend has just exited.
    }
  }
  for (const ms of pids.values()) total += ms;
  return total;
}

function intakeBody(i: number) {
  const phone = `09${String(10_000_000 + i * 7_919).padStart(8, '0')}`;
  return {
    callType: 'REPORT',
    channel: 'HOTLINE_111',
    callerPhone: phone,
    startedAt: new Date().toISOString(),
    report: {
      reporter: { anonymous: false, name: 'Trần Thị Bích', phone, relationToChild: 'TEACHER' },
      children: [{ fullName: `Nguyễn Thị Hoa ${i}`, sex: 'FEMALE', age: 9 }],
      location: { provinceCode: '22', communeCode: '06652', address: 'Tổ 5, khu 3' },
      abuseTypes: ['PHYSICAL_VIOLENCE'],
      perpetrators: [{ relationToChild: 'NEIGHBOUR', description: 'người hàng xóm khoảng 40 tuổi' }],
      narrative: 'Cô giáo thấy cháu có vết bầm và sợ về nhà.',
      immediateDanger: i % 2 === 0,
    },
  };
}

async function main(): Promise<void> {
  const stack: Array<() => Promise<void>> = [];
  const children: ChildProcess[] = [];
  let dir: string | null = null;
  try {
    let databaseUrl = process.env.DATABASE_URL;
    let redisUrl = process.env.REDIS_URL;
    if (!databaseUrl || !redisUrl) {
      dir = resolve('.test-data', `intake-cost-${process.pid}`);
      await mkdir(dir, { recursive: true });
      const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), database: 'cost', fresh: true });
      stack.push(pg.stop);
      const redis = await startRedisServer({ dataDir: join(dir, 'redis'), persistent: false });
      stack.push(redis.stop);
      databaseUrl = pg.url();
      redisUrl = redis.url;
    }
    log('migrating and seeding the demo data…');
    const password = 'Cost@12345';
    await migrateAndSeedDemo(databaseUrl, password);
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    stack.unshift(() => client.end());

    const port = await findFreePort();
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      APP_MODE: 'production',
      JWT_SECRET: 'intake-cost-secret-intake-cost-secret-0123',
      MFA_REQUIRED_ROLES: 'NONE',
      LOG_LEVEL: 'warn',
      QUEUE_PREFIX: `cost${process.pid}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      WORKER_METRICS_PORT: '0',
      NOTIFY_FILE: join(dir ?? resolve('.test-data'), `intake-cost-notifications-${process.pid}.log`),
    };
    const api = await startCounted('main.js', env, 'api-ready');
    children.push(api);
    const worker = await startCounted('worker.js', env, 'worker-ready');
    children.push(worker);

    const base = `http://127.0.0.1:${port}/api/v1`;
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator.111', password }),
    });
    if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const call = async (i: number) => {
      const res = await fetch(`${base}/intake/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
        body: JSON.stringify(intakeBody(i)),
      });
      if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
    };
    const drained = async () => {
      for (let waited = 0; waited < 60_000; waited += 50) {
        const [{ pending }] = (await client.query(`SELECT count(*)::int AS pending FROM outbox_event WHERE processed_at IS NULL`)).rows;
        if (pending === 0) return;
        await sleep(50);
      }
      throw new Error('the worker did not drain the outbox within 60 s');
    };

    log('warming up (5 calls)…');
    for (let i = 1; i <= 5; i++) await call(i);
    await drained();
    await sleep(2000);

    // Calls 6 and 8 report a child in immediate danger (urgent protection: more deadlines and routing), 7 does not.
    const measured: { api: QueryCount; worker: QueryCount; windowMs: number; danger: boolean; pgCpuMs: number }[] = [];
    const backends = new Map<number, number>();
    for (let i = 6; i <= 8; i++) {
      const pgFrom = await backendCpuMs(client, backends);
      await reset(api);
      await reset(worker);
      const from = Date.now();
      await call(i);
      const apiCount = await report(api);
      await drained();
      // Jobs the events enqueued (notifications, deadline timers) run just after the relay marks them.
      await sleep(1000);
      const workerCount = await report(worker);
      const windowMs = Date.now() - from;
      const pgWork = (await backendCpuMs(client, backends)) - pgFrom;
      // The same worker, idle, over as long: its polling, to subtract.
      const pgIdleFrom = await backendCpuMs(client, backends);
      await reset(worker);
      await sleep(windowMs);
      const idle = await report(worker);
      const pgIdle = (await backendCpuMs(client, backends)) - pgIdleFrom;
      measured.push({ api: apiCount, worker: net(workerCount, idle), windowMs, danger: intakeBody(i).report.immediateDanger, pgCpuMs: Math.max(0, pgWork - pgIdle) });
    }
    const [danger, calm] = [measured[0], measured[1]];
    const kinds = [...new Set([danger.api, danger.worker, calm.api, calm.worker].flatMap((c) => Object.keys(c.statements)))].sort();
    const redis = (c: QueryCount) => Object.values(c.redisCommands).reduce((a, b) => a + b, 0);
    const lines = [
      `one intake (POST /api/v1/intake/calls: 1 child, reporter with phone, 1 perpetrator), after 5 warm-up calls`,
      '',
      `| statement | API, request (immediate danger) | worker, until the outbox is drained (immediate danger) | API (no immediate danger) | worker (no immediate danger) |`,
      `| --- | ---: | ---: | ---: | ---: |`,
      ...kinds.map(
        (k) => `| ${k} | ${danger.api.statements[k] ?? ''} | ${danger.worker.statements[k] ?? ''} | ${calm.api.statements[k] ?? ''} | ${calm.worker.statements[k] ?? ''} |`,
      ),
      `| **round trips to PostgreSQL** | **${danger.api.roundTrips}** | **${danger.worker.roundTrips}** | **${calm.api.roundTrips}** | **${calm.worker.roundTrips}** |`,
      `| Redis commands | ${redis(danger.api)} | ${redis(danger.worker)} | ${redis(calm.api)} | ${redis(calm.worker)} |`,
      `| CPU ms of the process | ${danger.api.cpuMs} | ${danger.worker.cpuMs} | ${calm.api.cpuMs} | ${calm.worker.cpuMs} |`,
      `| CPU ms of PostgreSQL's backends (API + worker, 10 ms ticks) | ${danger.pgCpuMs} | | ${calm.pgCpuMs} | |`,
      '',
      `measured calls (${measured.map((m) => (m.danger ? 'danger' : 'no danger')).join(', ')}): API round trips ${measured.map((m) => m.api.roundTrips).join(', ')}; worker round trips ${measured.map((m) => m.worker.roundTrips).join(', ')}; API CPU ms ${measured.map((m) => m.api.cpuMs).join(', ')}; worker CPU ms ${measured.map((m) => m.worker.cpuMs).join(', ')}; PostgreSQL CPU ms ${measured.map((m) => m.pgCpuMs).join(', ')}`,
      `Redis commands (immediate danger), API: ${JSON.stringify(danger.api.redisCommands)}; worker: ${JSON.stringify(danger.worker.redisCommands)}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : Promise.resolve())));
    for (const stop of stack) await stop().catch(() => undefined);
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
