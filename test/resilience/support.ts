import { fork, ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ensureDatabase } from '../../src/local/embedded-postgres';
import { startRedisServer, LocalRedis } from '../../src/local/redis-server';
import { findFreePort } from '../../src/local/free-port';
import { Client } from 'pg';
import { migrate } from '../../src/migrate';
import { TEST_DATA_DIR } from '../support/services';

export const ROOT = resolve(__dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'src');

/** PostgreSQL that can be stopped and started again on the same port (the app keeps its DATABASE_URL). */
export interface StoppablePostgres {
  url: string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  exit: () => Promise<void>;
}

export async function startStoppablePostgres(dataDir: string): Promise<StoppablePostgres> {
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(join(dataDir, '..'), { recursive: true });
  const port = await findFreePort();
  const server = fork(join(__dirname, 'pg-server.js'), [dataDir, String(port)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const send = (cmd: string) =>
    new Promise<void>((ok, fail) => {
      const onMessage = (m: { ok?: string; error?: string }) => {
        server.off('message', onMessage);
        if (m.error) fail(new Error(`PostgreSQL ${cmd}: ${m.error}`));
        else ok();
      };
      server.on('message', onMessage);
      if (cmd !== 'started') server.send({ cmd });
    });
  await send('started');
  const admin = `postgres://bvte:bvte-local@127.0.0.1:${port}/postgres`;
  await ensureDatabase(admin, 'resilience');
  return {
    url: `postgres://bvte:bvte-local@127.0.0.1:${port}/resilience`,
    stop: () => send('stop'),
    start: () => send('start'),
    exit: async () => {
      await send('stop').catch(() => undefined);
      server.disconnect();
    },
  };
}

export async function startRedis(dataDir: string): Promise<LocalRedis> {
  return startRedisServer({ dataDir, persistent: false });
}

/** Where this run keeps its data: under .test-data with this process's pid, so concurrent runs leave it alone. */
export function runDir(): string {
  return join(TEST_DATA_DIR, `resilience-${process.pid}`);
}

export function assertBuilt(): void {
  if (!existsSync(join(DIST, 'main.js')) || !existsSync(join(DIST, 'worker.js'))) {
    throw new Error('dist/src/main.js and dist/src/worker.js are missing: run `npm run build` first (npm run test:resilience does)');
  }
}

/** The real entry point (dist/src/main.js or worker.js) as a child process, resolved when it reports ready. */
export class AppProcess {
  child: ChildProcess | null = null;

  constructor(
    private readonly script: 'main.js' | 'worker.js',
    private readonly env: NodeJS.ProcessEnv,
    private readonly logFile: string,
  ) {}

  async start(): Promise<void> {
    const fd = openSync(this.logFile, 'a');
    const child = fork(join(DIST, this.script), [], { env: this.env, stdio: ['ignore', fd, fd, 'ipc'] });
    closeSync(fd);
    this.child = child;
    const ready = this.script === 'main.js' ? 'api-ready' : 'worker-ready';
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`${this.script} not ready after 60 s; see ${this.logFile}`)), 60_000);
      child.on('message', (m: { type?: string }) => {
        if (m?.type === ready) {
          clearTimeout(timer);
          ok();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`${this.script} exited (${code}) before it was ready; see ${this.logFile}`));
      });
    });
  }

  /** kill -9: no shutdown hooks, open transactions and in-flight jobs are simply cut off. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }
}

export async function freePort(): Promise<number> {
  return findFreePort();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value that is not undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>, everyMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end)
      throw new Error(`${what}: not reached within ${timeoutMs} ms${last ? ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}`);
    await sleep(everyMs);
  }
}

/** Waits until `list` holds at least `n` entries (a phase of load ends on what it achieved, not on a clock). */
export function untilAtLeast(what: string, list: readonly unknown[], n: number, timeoutMs = 60_000): Promise<true> {
  return eventually(`${what} (${n} wanted)`, timeoutMs, async () => list.length >= n || undefined, 50);
}

/** Waits until at least one CASE_ASSESSMENT deadline of these cases has fired, so a kill lands inside the burst. */
export function untilFiring(db: Client, caseIds: readonly string[], timeoutMs = 60_000): Promise<true> {
  return eventually(
    'the first assessment deadlines fired',
    timeoutMs,
    async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM deadline WHERE case_id = ANY($1::uuid[]) AND key = 'CASE_ASSESSMENT' AND status = 'OVERDUE'`, [caseIds]);
      return rows[0].n > 0 || undefined;
    },
    100,
  );
}

/** A fresh folder with its own PostgreSQL (migrated) and Redis, and a client on the database for the checks. */
export async function startServices(dir: string): Promise<{ pg: StoppablePostgres; redis: LocalRedis; db: Client }> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const pg = await startStoppablePostgres(join(dir, 'pg'));
  const redis = await startRedis(join(dir, 'redis'));
  await migrate(pg.url, () => undefined);
  const db = new Client({ connectionString: pg.url });
  db.on('error', () => undefined);
  await db.connect();
  return { pg, redis, db };
}
