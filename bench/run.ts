import 'reflect-metadata';
import { execFileSync, fork, ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { Client, Pool } from 'pg';
import { startEmbeddedPostgres, LocalPostgres } from '../src/local/embedded-postgres';
import { startRedisServer, LocalRedis } from '../src/local/redis-server';
import { findFreePort } from '../src/local/free-port';
import { FAMILY, GIVEN, MIDDLE, migrateAndSeedDemo, seedAtScale, SeedCounts } from './seed';
import { measureLateness, LatenessResult } from './lateness';
import { explainBeforeAfter, ExplainRow } from './explain';
import { PROCESS_HEAP_FLAGS } from '../src/common/process-memory';
import { BUSY_OTHER_CORES_SHARE, cpuBudgetMs, cpuMsPerRequest, INTAKE_TARGET_RATIO, isBusyMachine, medianOfRuns, otherCoresBetween, ratioTo, Run } from './measure.rules';

// autocannon ships without type declarations, so it is required untyped.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon');

/**
 * `npm run bench`: the whole system at scale on this machine, and a table of what it sustains.
 *
 *   npm run bench                         default scale 1 (1,000,000 cases, ~3M persons, ~2M referrals, 200,000 open deadlines)
 *   npm run bench -- --scale 0.01         a quick run (10,000 cases)
 *   npm run bench -- --json               the results as JSON on stdout
 *   npm run bench -- --out docs/benchmarks-1m.json   the table on stdout and the JSON saved to that file
 *   options: --duration S (intake load, default 20), --read-duration S (each read, default 10),
 *            --spread S (lateness spread, default 60), --keep (keep the data directory)
 *            --data-dir DIR (keep PostgreSQL there; a later run at the same scale reuses the seeded data)
 *            --runs N (runs of each HTTP measurement, default 3; the median is reported)
 *            --deadlines N (deadlines of each lateness test, default 10,000; fewer for a smoke run)
 *   node dist/bench/run.js --print results.json   prints a saved JSON result as the table
 *
 * Uses DATABASE_URL/REDIS_URL when both are set (an empty database: the bench seeds it); otherwise embedded
 * PostgreSQL and a private redis-server with data in .test-data/bench-<pid>/ (removed afterwards).
 * The API and the worker run as child processes (dist/src/main.js, dist/src/worker.js) as in production.
 */
interface Args {
  scale: number;
  json: boolean;
  out: string | null;
  duration: number;
  readDuration: number;
  spread: number;
  keep: boolean;
  seedOnly: boolean;
  /** Measure only these parts (explain, intake, reads, lateness); the raw insert rate and memory always. */
  only: string[] | null;
  dataDir: string | null;
  runs: number;
  deadlines: number;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq?.slice(name.length + 3);
  };
  const num = (name: string, dflt: number) => {
    const v = get(name);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  return {
    scale: num('scale', 1),
    json: argv.includes('--json'),
    out: get('out') ?? null,
    duration: num('duration', 20),
    readDuration: num('read-duration', 10),
    spread: num('spread', 60),
    keep: argv.includes('--keep'),
    seedOnly: argv.includes('--seed-only'),
    only: get('only')?.split(',') ?? null,
    dataDir: get('data-dir') ?? null,
    runs: Math.round(num('runs', 3)),
    deadlines: Math.round(num('deadlines', 10_000)),
  };
}

export interface Row {
  name: string;
  rps?: number;
  p50?: number;
  p99?: number;
  ratio?: number;
  /** Milliseconds of the whole machine's CPU per answered request (median of the runs). */
  cpuMs?: number;
  note?: string;
  na?: boolean;
  /** 1-minute load average and cores used by other processes when the measurement (its busiest run) started, and whether that was a busy machine. */
  otherCores?: number;
  loadAverage?: number;
  busy?: boolean;
  /** Each run of a repeated HTTP measurement; rps/p50/p99 above are their medians. */
  runs?: Run[];
}

interface Report {
  startedAt: string;
  /** The commit measured (`git rev-parse HEAD`), with `-dirty` when the work tree had changes. */
  commit?: string;
  /** The machine CPU an intake may cost at most for the target ratio to the raw insert rate, on these cores. */
  intakeCpuBudgetMs?: number;
  /** After each intake load: how long until the worker had processed every outbox event (target ≤ 5 s). */
  outboxDrain?: { runs: number[]; medianMs?: number; undrained: number };
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  args: Args;
  seed: SeedCounts;
  rows: Row[];
  lateness: { spread?: LatenessResult; burst?: LatenessResult };
  explain: ExplainRow[];
  memory: { apiPeakRssMb: number; workerPeakRssMb: number };
  timersRestoredS: number;
  totalSeconds: number;
}

/** What `git` says the measured code is; the bench runs from the repository (dist/bench/run.js). */
function measuredCommit(): string {
  try {
    const cwd = resolve(__dirname, '..', '..');
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}-dirty` : head;
  } catch {
    return 'unknown';
  }
}

/** Busy jiffies of the whole machine (/proc/stat) and of this process and its descendants (/proc/<pid>/stat). */
function cpuSample(): { machineBusy: number; ownBusy: number; at: number } {
  const at = Date.now();
  try {
    const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const v = f.map(Number);
    const machineBusy = v.reduce((a, b) => a + b, 0) - v[3] - (v[4] ?? 0);
    const procs = new Map<number, { ppid: number; busy: number }>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        procs.set(Number(name), { ppid: Number(rest[1]), busy: Number(rest[11]) + Number(rest[12]) });
      } catch {
        // The process ended while being read.
      }
    }
    const ours = (pid: number): boolean => {
      for (let p = pid, hops = 0; p > 1 && hops < 64; p = procs.get(p)?.ppid ?? 0, hops++) if (p === process.pid) return true;
      return false;
    };
    let ownBusy = 0;
    for (const [pid, p] of procs) if (ours(pid)) ownBusy += p.busy;
    return { machineBusy, ownBusy, at };
  } catch {
    return { machineBusy: 0, ownBusy: 0, at };
  }
}

/**
 * The load before a measurement: the load average, and the cores other processes used over the 3 s before it
 * (on a shared machine a busy start explains a slow figure; the load average is mostly the bench's own).
 */
async function loadNow(): Promise<{ loadAverage: number; otherCores: number; busy: boolean }> {
  const before = cpuSample();
  await new Promise((r) => setTimeout(r, 3000));
  const otherCores = otherCoresBetween(before, cpuSample());
  const loadAverage = Math.round(loadavg()[0] * 100) / 100;
  return { loadAverage, otherCores, busy: isBusyMachine(otherCores, cpus().length) };
}

const quiet = process.argv.includes('--json');
const log = (line: string) => (quiet ? process.stderr : process.stdout).write(`[bench] ${line}\n`);

function peakRssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

function startChild(script: string, env: NodeJS.ProcessEnv, ready: string): Promise<ChildProcess> {
  const child = fork(resolve(__dirname, '..', 'src', script), [], { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: PROCESS_HEAP_FLAGS });
  return new Promise((ok, fail) => {
    child.on('message', (m: { type?: string }) => m?.type === ready && ok(child));
    child.once('exit', (code) => fail(new Error(`${script} exited with ${code} before it was ready`)));
  });
}

async function rawInsertRate(databaseUrl: string, seconds: number, connections: number): Promise<Row> {
  const pool = new Pool({ connectionString: databaseUrl, max: connections });
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_raw_insert (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), case_id uuid, at timestamptz NOT NULL, payload text)`);
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  let count = 0;
  const busyBefore = cpuSample().machineBusy;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = await pool.connect();
      try {
        while (Date.now() < end) {
          const s = performance.now();
          await c.query(`INSERT INTO bench_raw_insert (case_id, at, payload) VALUES (gen_random_uuid(), now(), $1)`, ['Người gọi cho biết cháu sợ về nhà.']);
          latencies.push(performance.now() - s);
          count += 1;
        }
      } finally {
        c.release();
      }
    }),
  );
  const cpuMs = cpuMsPerRequest(busyBefore, cpuSample().machineBusy, count);
  await pool.query(`DROP TABLE bench_raw_insert`);
  await pool.end();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] * 10) / 10;
  return { name: `raw PostgreSQL single-row INSERT (${connections} connections, autocommit)`, rps: Math.round(count / seconds), p50: q(0.5), p99: q(0.99), cpuMs };
}

function cannon(opts: Record<string, unknown>): Promise<{
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}> {
  return new Promise((ok, fail) => {
    autocannon(opts, (err: Error | null, result: never) => (err ? fail(err) : ok(result)));
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const stack: Array<() => Promise<void>> = [];
  const children: ChildProcess[] = [];
  let dir: string | null = null;
  try {
    let databaseUrl = process.env.DATABASE_URL;
    let redisUrl = process.env.REDIS_URL;
    if (!databaseUrl || !redisUrl) {
      dir = args.dataDir ? resolve(args.dataDir) : resolve('.test-data', `bench-${process.pid}`);
      await mkdir(dir, { recursive: true });
      let pg: LocalPostgres = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), database: 'bench', fresh: !args.dataDir });
      // Production-like memory settings for a 1M-case database (the embedded defaults are for a laptop demo).
      const admin = new Client({ connectionString: pg.url() });
      await admin.connect();
      for (const [k, v] of Object.entries({
        shared_buffers: '2GB',
        effective_cache_size: '8GB',
        maintenance_work_mem: '1GB',
        work_mem: '32MB',
        max_wal_size: '8GB',
        checkpoint_timeout: '15min',
      })) {
        await admin.query(`ALTER SYSTEM SET ${k} = '${v}'`);
      }
      await admin.end();
      await pg.stop();
      pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), database: 'bench' });
      stack.push(pg.stop);
      const redis: LocalRedis = await startRedisServer({ dataDir: join(dir, `redis-${process.pid}`), persistent: false });
      stack.push(redis.stop);
      databaseUrl = pg.url();
      redisUrl = redis.url;
    }
    const queuePrefix = `bench${process.pid}`;
    log(`migrating…`);
    const demoPassword = 'Bench@12345';
    await migrateAndSeedDemo(databaseUrl, demoPassword);

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    stack.unshift(() => client.end());
    await client.query(`INSERT INTO app_user (username, password_hash, full_name, role, jurisdiction_level, version)
      SELECT 'supervisor.national', password_hash, 'Giám sát toàn quốc', 'SUPERVISOR', 'NATIONAL', 1 FROM app_user WHERE username = 'supervisor.qn'
      ON CONFLICT DO NOTHING`);
    const expected = Math.max(1000, Math.round(1_000_000 * args.scale));
    const [{ existing }] = (await client.query(`SELECT count(*)::int AS existing FROM protection_case`)).rows;
    let seed: SeedCounts;
    // A kept database grows by the cases each run's intake loads open (~8,000 a run at scale 1: three loads at 50
    // connections and three at one), so up to a fifth more than seeded is still the same scale.
    if (existing >= expected && existing < expected * 1.2) {
      log(`reusing the ${existing} cases already seeded in ${dir}`);
      // Deadlines a run stopped during its lateness test left behind would swell the overdue dashboard.
      await removeLatenessDeadlines(client);
      seed = {
        ...(
          await client.query(`SELECT (SELECT count(*)::int FROM protection_case) AS cases, (SELECT count(*)::int FROM person) AS persons,
        (SELECT count(*)::int FROM report) AS reports, (SELECT count(*)::int FROM hotline_call) AS calls, (SELECT count(*)::int FROM referral) AS referrals,
        (SELECT count(*)::int FROM deadline WHERE status IN ('PENDING','OVERDUE')) AS "openDeadlines"`)
        ).rows[0],
        seconds: 0,
      };
    } else {
      if (existing > 0) throw new Error(`the database holds ${existing} cases, not the ${expected} of scale ${args.scale}: use an empty --data-dir`);
      log(`seeding at scale ${args.scale}…`);
      seed = await seedAtScale(client, args.scale, log);
      log(`seeded ${JSON.stringify(seed)}`);
    }
    if (args.seedOnly) {
      log(`seeded database kept in ${dir}; --seed-only: not measuring`);
      return;
    }

    log('EXPLAIN ANALYZE without and with the scale indexes…');
    const [probe] = (await client.query(`SELECT p.phone, (SELECT name_key FROM person WHERE name_key IS NOT NULL LIMIT 1) AS name FROM person p WHERE p.phone IS NOT NULL LIMIT 1`))
      .rows;
    const want = (part: string) => !args.only || args.only.includes(part);
    const explain = want('explain') ? await explainBeforeAfter(client, probe.phone, probe.name) : [];

    const rows: Row[] = [];
    log('raw insert rate…');
    const rawLoad = await loadNow();
    const raw = { ...(await rawInsertRate(databaseUrl, Math.min(args.duration, 10), 50)), ...rawLoad };
    rows.push(raw);

    const port = await findFreePort();
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      APP_MODE: 'production',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      JWT_TTL_SECONDS: '86400',
      LOG_LEVEL: 'warn',
      QUEUE_PREFIX: queuePrefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      // The bench measures the work, not the sign-in: production mode would otherwise require TOTP of supervisors.
      MFA_REQUIRED_ROLES: 'NONE',
      NOTIFY_FILE: join(dir ?? resolve('.test-data'), `bench-notifications-${process.pid}.log`),
    };
    log('starting API and worker…');
    const api = await startChild('main.js', env, 'api-ready');
    children.push(api);
    const workerStartedAt = new Date();
    const worker = await startChild('worker.js', env, 'worker-ready');
    children.push(worker);
    const [{ pendingAtStart }] = (await client.query(`SELECT count(*)::int AS "pendingAtStart" FROM deadline WHERE status = 'PENDING'`)).rows;
    const redisClient = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
    const restoreStart = Date.now();
    for (let last = -1, stable = 0; Date.now() - restoreStart < 600_000;) {
      const delayed = await redisClient.zcard(`${queuePrefix}:deadlines:delayed`);
      if (delayed >= pendingAtStart * 0.99) break;
      stable = delayed === last ? stable + 1 : 0;
      if (stable >= 20) break;
      last = delayed;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const timersRestoredS = Math.round((Date.now() - restoreStart) / 1000);
    // The worker restores the timers of steps due within its next three reconcile runs (deadline-reconciler.ts).
    log(`worker restored ${await redisClient.zcard(`${queuePrefix}:deadlines:delayed`)} timers (steps due soon) of ${pendingAtStart} pending deadlines in ${timersRestoredS} s`);
    await redisClient.quit();
    // A fresh seed holds closed cases older than the retention policy: the worker anonymises them at start. A
    // national system applies the policy as cases age, so the measurements wait for that backlog to clear: the
    // cases aged when the worker started (its next run is a day later; a kept database has cases ageing meanwhile).
    const agedLeft = async () =>
      (
        await client.query(
          `SELECT count(*)::int AS n FROM protection_case c, retention_policy p
            WHERE p.key = 'CLOSED_CASE_IDENTIFYING_DATA' AND c.status = 'CLOSED' AND c.closed_at <= $1::timestamptz - p.duration::interval
              AND NOT EXISTS (SELECT 1 FROM case_anonymisation a WHERE a.case_id = c.id)`,
          [workerStartedAt],
        )
      ).rows[0].n as number;
    const retentionStart = Date.now();
    for (let left = await agedLeft(); left > 0 && Date.now() - retentionStart < 3_600_000; left = await agedLeft()) {
      log(`waiting for the retention job: ${left} aged closed cases still to anonymise…`);
      await new Promise((r) => setTimeout(r, 15_000));
    }
    const base = `http://127.0.0.1:${port}`;
    const login = async (username: string) => {
      const res = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: demoPassword }),
      });
      if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const operator = await login('operator.111');
    const supervisorQn = await login('supervisor.qn');
    const supervisorNational = await login('supervisor.national');

    // Intake: varied bodies (names, phones, communes of the seeded geography), some repeating a seeded phone.
    const communes = (await client.query(`SELECT code, province_code FROM commune ORDER BY md5(code) LIMIT 200`)).rows as { code: string; province_code: string }[];
    const [{ phone: knownPhone }] = (await client.query(`SELECT phone FROM person WHERE phone IS NOT NULL ORDER BY created_at DESC LIMIT 1`)).rows;
    let i = 0;
    const intakeBody = () => {
      i += 1;
      const c = communes[i % communes.length];
      const phone = i % 10 === 0 ? knownPhone : `09${String((i * 7_654_321) % 100_000_000).padStart(8, '0')}`;
      return JSON.stringify({
        callType: 'REPORT',
        channel: 'HOTLINE_111',
        callerPhone: phone,
        startedAt: new Date().toISOString(),
        report: {
          reporter: { anonymous: false, name: `${FAMILY[i % FAMILY.length]} Thị ${GIVEN[(i * 3) % GIVEN.length]}`, phone, relationToChild: 'TEACHER' },
          children: [
            { fullName: `${FAMILY[(i * 7) % FAMILY.length]} ${MIDDLE[i % MIDDLE.length]} ${GIVEN[(i * 11) % GIVEN.length]}`, sex: i % 2 ? 'MALE' : 'FEMALE', age: 3 + (i % 14) },
          ],
          location: { provinceCode: c.province_code, communeCode: c.code, address: `Tổ ${i % 30}, khu ${i % 7}` },
          abuseTypes: [['PHYSICAL_VIOLENCE', 'SEXUAL_ABUSE', 'EMOTIONAL_VIOLENCE', 'NEGLECT'][i % 4]],
          perpetrators: [{ relationToChild: 'NEIGHBOUR', description: 'người hàng xóm khoảng 40 tuổi' }],
          narrative: 'Cô giáo thấy cháu có vết bầm và sợ về nhà.',
          immediateDanger: i % 5 === 0,
        },
      });
    };
    const countCalls = async () => ((await client.query(`SELECT count(*)::int AS n FROM hotline_call`)).rows[0] as { n: number }).n;
    const intakeRequest = {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
      setupRequest: (req: Record<string, unknown>) => ({ ...req, body: intakeBody() }),
    };
    // After each intake load: how long the worker (running throughout, its fan-out part of the cost) needs to
    // process every outbox event the load wrote. Capped at two minutes: a stuck event must not hang the bench.
    const drainOutbox = async (): Promise<number | null> => {
      const from = Date.now();
      while (Date.now() - from < 120_000) {
        const [{ pending }] = (await client.query(`SELECT count(*)::int AS pending FROM outbox_event WHERE processed_at IS NULL`)).rows;
        if (pending === 0) return Date.now() - from;
        await new Promise((r) => setTimeout(r, 100));
      }
      return null;
    };
    let outboxDrain: { runs: number[]; medianMs?: number; undrained: number } | undefined;
    if (want('intake')) {
      // Each intake measurement runs `args.runs` times; its row keeps each figure's median, every run and its note.
      const repeated = async (name: string, once: (run: number) => Promise<{ run: Run; note: string }>): Promise<Row> => {
        const runs: Run[] = [];
        const notes: string[] = [];
        for (let run = 1; run <= args.runs; run++) {
          const measured = await once(run);
          runs.push(measured.run);
          notes.push(measured.note);
        }
        const median = medianOfRuns(runs);
        return { name, ...median, ratio: ratioTo(median.rps, raw.rps), runs, note: notes.map((n, k) => `run ${k + 1}: ${n}`).join(' · ') };
      };
      // autocannon for a while: the rate of answers with `status`, their latencies and the machine CPU each cost.
      const load = async (connections: number, seconds: number, status: string, request: Record<string, unknown>) => {
        const started = await loadNow();
        const busyBefore = cpuSample().machineBusy;
        const result = await cannon({ url: `${base}/api/v1/intake/calls`, connections, duration: seconds, requests: [request] });
        const answered = result.statusCodeStats?.[status]?.count ?? 0;
        const run: Run = {
          rps: Math.round((answered / seconds) * 10) / 10,
          p50: result.latency.p50,
          p99: result.latency.p99,
          cpuMs: cpuMsPerRequest(busyBefore, cpuSample().machineBusy, answered),
          ...started,
        };
        const codes = Object.entries(result.statusCodeStats ?? {})
          .map(([code, v]) => `${v.count} × ${code}`)
          .join(', ');
        return { run, result, codes };
      };

      const drains: number[] = [];
      let undrained = 0;
      rows.push(
        await repeated('POST /api/v1/intake/calls (HTTP, autocannon 50 connections)', async (run) => {
          log(`intake run ${run}/${args.runs}: autocannon 50 connections for ${args.duration} s…`);
          const before = await countCalls();
          const measured = await load(50, args.duration, '201', intakeRequest);
          const stored = (await countCalls()) - before;
          const drained = await drainOutbox();
          if (drained === null) undrained += 1;
          else drains.push(drained);
          const { errors, timeouts } = measured.result;
          const drainNote = drained === null ? 'not within 120 s' : `in ${(drained / 1000).toFixed(1)} s`;
          return { run: measured.run, note: `${measured.codes}; ${errors} errors (${timeouts} timeouts); ${stored} stored; outbox drained ${drainNote}` };
        }),
      );
      outboxDrain = { runs: drains, medianMs: drains.length ? medianOfRuns(drains.map((ms) => ({ rps: ms, loadAverage: 0, busy: false }))).rps : undefined, undrained };
      rows.push({
        name: 'outbox drained after the intake load (worker lag, target ≤ 5 s)',
        p50: outboxDrain.medianMs,
        note: `median ${outboxDrain.medianMs === undefined ? 'n/a' : `${(outboxDrain.medianMs / 1000).toFixed(1)} s`}; runs ${drains.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}${undrained ? `; ${undrained} run(s) not drained within 120 s` : ''}`,
      });

      // One operator at a time: what a single call costs at this scale, without queueing.
      const singleSeconds = Math.max(5, Math.round(args.duration / 2));
      rows.push(
        await repeated('POST /api/v1/intake/calls (HTTP, 1 connection)', async (run) => {
          log(`intake run ${run}/${args.runs}: 1 connection for ${singleSeconds} s…`);
          const measured = await load(1, singleSeconds, '201', intakeRequest);
          await drainOutbox();
          return { run: measured.run, note: `${measured.codes}; ${measured.result.errors} errors` };
        }),
      );

      // The stack's own cost: the same intake with an abuse type that does not exist, refused by validation
      // before the service runs (HTTP, authentication, body parsing, validation, the error in the caller's
      // language). No intake can cost less than this, so it bounds the ratio any intake could reach here.
      const refused = { method: 'POST', headers: intakeRequest.headers, body: intakeBody().replace(/"abuseTypes":\["[A-Z_]+"\]/, '"abuseTypes":["NOT_AN_ABUSE_TYPE"]') };
      rows.push(
        await repeated('floor: the same intake refused at validation, no database (HTTP, autocannon 50 connections)', async (run) => {
          log(`floor run ${run}/${args.runs}: an intake refused at validation, 50 connections for ${singleSeconds} s…`);
          const measured = await load(50, singleSeconds, '400', refused);
          return { run: measured.run, note: `${measured.codes}; ${measured.result.errors} errors` };
        }),
      );
    }

    // Reads at scale: p50/p99 with a few concurrent users, as supervisors would use them. The name searched is the
    // same in every run on a database: the seed writes its persons with one created_at, so the id decides (without
    // it, runs drew different names, one matching 482 cases, the next 960).
    const [{ name: seededName }] = (await client.query(`SELECT name_key AS name FROM person WHERE name_key IS NOT NULL AND full_name IS NOT NULL ORDER BY created_at, id LIMIT 1`))
      .rows;
    log(`name searched: ${seededName}`);
    const year = new Date().getUTCFullYear() - 1;
    const firstPage = await fetch(`${base}/api/v1/cases`, { headers: { authorization: `Bearer ${supervisorNational}` } });
    const nextCursor = firstPage.ok ? ((await firstPage.json()) as { nextCursor?: string | null }).nextCursor : null;
    const reads: { name: string; path: string; token: string }[] = [
      { name: 'GET /cases (province supervisor, status+risk filters)', path: '/api/v1/cases?status=ASSESSING&risk=HIGH&provinceCode=22', token: supervisorQn },
      { name: 'GET /cases (national supervisor, status+risk filters)', path: '/api/v1/cases?status=ASSESSING&risk=HIGH', token: supervisorNational },
      { name: 'GET /cases (national supervisor, first page, no filter)', path: '/api/v1/cases', token: supervisorNational },
      ...(nextCursor ? [{ name: 'GET /cases (national supervisor, next page by cursor, no filter)', path: `/api/v1/cases?cursor=${nextCursor}`, token: supervisorNational }] : []),
      { name: `GET /cases?q=<name without diacritics> (national)`, path: `/api/v1/cases?q=${encodeURIComponent(seededName)}`, token: supervisorNational },
      { name: 'GET /cases?q=<phone> (national)', path: `/api/v1/cases?q=${knownPhone}`, token: supervisorNational },
      { name: 'GET /cases?q=<name> (province supervisor)', path: `/api/v1/cases?q=${encodeURIComponent(seededName)}`, token: supervisorQn },
      { name: 'GET /dashboard/overdue (province supervisor)', path: '/api/v1/dashboard/overdue', token: supervisorQn },
      { name: 'GET /dashboard/overdue (national supervisor)', path: '/api/v1/dashboard/overdue', token: supervisorNational },
      { name: `GET /statistics one year, province 22`, path: `/api/v1/statistics?from=${year}-01-01&to=${year}-12-31&provinceCode=22`, token: supervisorQn },
      { name: `GET /statistics one year, national`, path: `/api/v1/statistics?from=${year}-01-01&to=${year}-12-31`, token: supervisorNational },
    ];
    for (const r of want('reads') ? reads : []) {
      const probeStart = performance.now();
      const probe = await fetch(`${base}${r.path}`, { headers: { authorization: `Bearer ${r.token}` } });
      const text = await probe.text();
      const probeMs = Math.round(performance.now() - probeStart);
      if (probe.status === 404 && /Cannot GET/.test(text)) {
        rows.push({ name: r.name, na: true, note: 'route not present when measured' });
        continue;
      }
      if (!probe.ok) {
        rows.push({ name: r.name, na: true, note: `answered ${probe.status}: ${text.slice(0, 120)}` });
        continue;
      }
      const runs: Run[] = [];
      let answered = 0;
      let non2xx = 0;
      let timeouts = 0;
      for (let run = 1; run <= args.runs; run++) {
        log(`${r.name} run ${run}/${args.runs}: autocannon 4 connections for ${args.readDuration} s…`);
        const load = await loadNow();
        const res = await cannon({ url: `${base}${r.path}`, connections: 4, duration: args.readDuration, headers: { authorization: `Bearer ${r.token}` } });
        const done = res['2xx'] + res.non2xx;
        answered += done;
        non2xx += res.non2xx;
        timeouts += res.timeouts;
        runs.push({ rps: Math.round(res.requests.average), p50: done ? res.latency.p50 : undefined, p99: done ? res.latency.p99 : undefined, ...load });
      }
      let total: string | undefined;
      try {
        const body = JSON.parse(text) as { total?: number; totalIsEstimate?: boolean };
        total = body.total === undefined ? undefined : `${body.total}${body.totalIsEstimate ? ' (estimated)' : ''}`;
      } catch {
        total = undefined;
      }
      rows.push({
        name: r.name,
        ...medianOfRuns(runs),
        runs,
        note: `${answered} answered in ${args.runs} runs, ${non2xx} non-2xx, ${timeouts} timed out (10 s each); first request ${probeMs} ms${total !== undefined ? `; total ${total}` : ''}`,
      });
    }

    // Deadline firing lateness with the open-deadline load in place (the worker restores their timers at start).
    const [{ pending }] = (await client.query(`SELECT count(*)::int AS pending FROM deadline WHERE status = 'PENDING'`)).rows;
    const [target] = (
      await client.query(`SELECT c.id AS "caseId", a.id AS "agencyId" FROM protection_case c, agency a
      WHERE c.province_code = '22' AND a.province_code = '22' AND a.type = 'POLICE' AND a.commune_code IS NULL ORDER BY c.opened_at DESC, a.created_at LIMIT 1`)
    ).rows;
    const latTarget = { client, redisUrl, queuePrefix, caseId: target.caseId, agencyId: target.agencyId };
    const n = args.deadlines.toLocaleString('en-US');
    let spread: Awaited<ReturnType<typeof measureLateness>> | undefined;
    let burst: Awaited<ReturnType<typeof measureLateness>> | undefined;
    if (want('lateness')) {
      log(`lateness: ${n} deadlines over ${args.spread} s with ${pending} other pending deadlines…`);
      const spreadLoad = await loadNow();
      spread = await measureLateness(latTarget, args.deadlines, args.spread * 1000, 15_000, false, log);
      rows.push({
        ...spreadLoad,
        name: `deadline firing lateness, ${n} due over ${args.spread} s (${pending} pending in the table)`,
        p50: spread.p50,
        p99: spread.p99,
        note: `max ${spread.max} ms; ${spread.notifications} notifications`,
      });
      log(`burst: ${n} deadlines due at the same instant, escalated at once…`);
      const burstLoad = await loadNow();
      burst = await measureLateness(latTarget, args.deadlines, 0, 10_000, true, log);
      rows.push({
        ...burstLoad,
        name: `${n} deadlines due at once: all marked overdue / all escalated`,
        p50: burst.p50,
        p99: burst.p99,
        note: `all marked after ${((burst.allMarkedMs ?? 0) / 1000).toFixed(1)} s, all escalated after ${((burst.allEscalatedMs ?? 0) / 1000).toFixed(1)} s; ${burst.notifications} notifications`,
      });
      // A kept database goes back to its seeded state: 20,000 overdue deadlines in one province would be what the
      // next reads of it (by hand or by a run with --only reads) measure.
      if (args.dataDir || args.keep) await removeLatenessDeadlines(client);
    }

    const memory = { apiPeakRssMb: peakRssMb(api.pid), workerPeakRssMb: peakRssMb(worker.pid) };
    rows.push({ name: 'API process peak RSS (MB)', note: String(memory.apiPeakRssMb) });
    rows.push({ name: 'worker process peak RSS (MB)', note: String(memory.workerPeakRssMb) });

    const report: Report = {
      startedAt: new Date(started).toISOString(),
      commit: measuredCommit(),
      intakeCpuBudgetMs: raw.rps ? cpuBudgetMs(cpus().length, raw.rps, INTAKE_TARGET_RATIO) : undefined,
      outboxDrain,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
      args,
      seed,
      rows,
      lateness: { spread, burst },
      explain,
      memory,
      timersRestoredS,
      totalSeconds: Math.round((Date.now() - started) / 1000),
    };
    if (args.out) {
      await writeFile(args.out, JSON.stringify(report, null, 2) + '\n');
      log(`saved ${args.out}`);
    }
    if (args.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else printTable(report);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : Promise.resolve())));
    for (const stop of stack) await stop().catch(() => undefined);
    if (dir && !args.keep && !args.dataDir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

export function printTable(report: Report): void {
  const f = (v: number | undefined, unit = '') => (v === undefined ? '' : `${v}${unit}`);
  const busyAt = report.machine.cpus * BUSY_OTHER_CORES_SHARE;
  const loadCell = (r: Row) => (r.loadAverage === undefined ? '' : `${r.loadAverage}${r.otherCores === undefined ? '' : ` / ${r.otherCores}`}${r.busy ? ' **busy**' : ''}`);
  const busyRows = report.rows.filter((r) => r.busy).length;
  const lines = [
    `commit measured: ${report.commit ?? 'not recorded'}`,
    `machine: ${report.machine.cpus} cores (${report.machine.cpuModel}), ${report.machine.memoryGb} GB, node ${report.machine.node}; scale ${report.args.scale}`,
    `before measuring, the worker restored the timers of the pending deadlines in ${report.timersRestoredS ?? '?'} s`,
    `seeded: ${report.seed.cases} cases, ${report.seed.persons} persons, ${report.seed.reports} reports, ${report.seed.calls} calls, ${report.seed.referrals} referrals, ${report.seed.openDeadlines} open deadlines in ${report.seed.seconds} s`,
    '',
    busyRows
      ? `${busyRows} measurement(s) started on a busy machine (other processes than the bench's used ≥ ${busyAt} cores over the 3 s before): read them as slower than the code is`
      : `every measurement started on a quiet machine (other processes than the bench's used < ${busyAt} cores over the 3 s before each)`,
    `HTTP measurements: the median of ${report.args.runs ?? 1} run(s) each (every run in rows[].runs of the JSON)`,
    ...(report.intakeCpuBudgetMs === undefined
      ? []
      : [
          `machine CPU: an intake may cost at most ${report.intakeCpuBudgetMs} ms of it (all ${report.machine.cpus} cores, every process) for the ratio target ${INTAKE_TARGET_RATIO}`,
        ]),
    '',
    `| measurement | req/s | p50 ms | p99 ms | ratio to raw insert | machine CPU ms / req | load avg / other cores at start | notes |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |`,
    ...report.rows.map((r) =>
      r.na
        ? `| ${r.name} | n/a | n/a | n/a | | | ${loadCell(r)} | ${r.note ?? ''} |`
        : `| ${r.name} | ${f(r.rps)} | ${r.rps === 0 && r.p50 === undefined ? '> 10 s' : f(r.p50)} | ${r.rps === 0 && r.p99 === undefined ? '> 10 s' : f(r.p99)} | ${f(r.ratio)} | ${f(r.cpuMs)} | ${loadCell(r)} | ${r.note ?? ''} |`,
    ),
    '',
    `| EXPLAIN ANALYZE (ms) | without scale indexes | with | plan with |`,
    `| --- | ---: | ---: | --- |`,
    ...(report.explain ?? []).map((e) => `| ${e.query} | ${e.beforeMs} | ${e.afterMs} | ${e.afterPlan} |`),
    '',
    `total ${report.totalSeconds} s`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

if (require.main === module) {
  const i = process.argv.indexOf('--print');
  const run = i >= 0 ? async () => printTable(JSON.parse(readFileSync(process.argv[i + 1], 'utf8')) as Report) : main;
  run().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** Removes the deadlines of the lateness tests (marked in their policy) and their notifications. */
async function removeLatenessDeadlines(client: Client): Promise<void> {
  const bench = `SELECT id FROM deadline WHERE policy ? 'bench'`;
  await client.query(`DELETE FROM notification_delivery WHERE notification_id IN (SELECT id FROM notification WHERE deadline_id IN (${bench}))`);
  await client.query(`DELETE FROM notification WHERE deadline_id IN (${bench})`);
  await client.query(`DELETE FROM deadline WHERE policy ? 'bench'`);
  // 20,000 deleted at once: vacuumed now, so that the worker's scans of due deadlines do not walk their dead
  // index entries through the next measurements (autovacuum would come later).
  for (const table of ['deadline', 'supervision_obligation']) await client.query(`VACUUM (ANALYZE) ${table}`);
}
