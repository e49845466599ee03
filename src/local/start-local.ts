import { fork, ChildProcess } from 'node:child_process';
import { PROCESS_HEAP_FLAGS } from '../common/process-memory';
import { join, resolve } from 'node:path';
import { createDataSource } from '../database/data-source';
import { migrate } from '../migrate';
import { assertPortFree, reportStartupFailure } from '../common/listen';
import { noteRunningDatabase } from './local-database';
import { startEmbeddedPostgres, LocalPostgres } from './embedded-postgres';
import { startRedisServer, LocalRedis, RedisUnavailableError } from './redis-server';
import { seedDemo, DEMO_USERS } from './demo-seed';
import { watchBuild } from './dev-watch';

/**
 * `npm start`: the whole system on one machine. Uses DATABASE_URL/REDIS_URL when set; otherwise starts
 * embedded PostgreSQL and a private redis-server with data in ./.data/. Applies migrations, seeds demo data
 * (local mode only), then runs the API and the worker as child processes and stops everything on Ctrl-C.
 * With `--watch` (`npm run start:dev`) it also recompiles on change and restarts the API and the worker.
 */
const root = resolve(__dirname, '..', '..', '..');
const dataDir = resolve(process.env.LOCAL_DATA_DIR ?? join(root, '.data'));
const log = (line: string) => console.log(`[local] ${line}`);

async function main(): Promise<void> {
  const stack: Array<() => Promise<void>> = [];
  const children: ChildProcess[] = [];
  let stopping = false;
  let restarting = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : Promise.resolve())));
    for (const stop of stack.reverse()) await stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  let databaseUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;
  const local = !databaseUrl || !redisUrl;
  const mode = process.env.APP_MODE ?? (local ? 'local' : 'production');
  // As the API's configuration decides it: loopback in local mode, where the demo password is public.
  const host = process.env.HOST || (mode === 'local' ? '127.0.0.1' : '0.0.0.0');
  const port = process.env.PORT || '3000';
  // A taken port is said before minutes of starting databases, not after.
  if (/^\d+$/.test(port)) await assertPortFree(Number(port), host);
  if (!databaseUrl) {
    log(`starting embedded PostgreSQL (data in ${join(dataDir, 'postgres')})…`);
    const pg: LocalPostgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), database: 'bvte' });
    stack.push(pg.stop);
    databaseUrl = pg.url();
    // So `npm run backup` and `npm run audit:verify` find the running server.
    stack.push(await noteRunningDatabase(dataDir, databaseUrl));
  }
  if (!redisUrl) {
    log('starting redis-server…');
    const redis: LocalRedis = await startRedisServer({ dataDir: join(dataDir, 'redis'), persistent: true, log: () => undefined });
    stack.push(redis.stop);
    redisUrl = redis.url;
  }
  await migrate(databaseUrl, log);
  const demoPassword = process.env.DEMO_PASSWORD ?? 'Demo@12345';
  if (mode === 'local' && process.env.SEED_DEMO !== 'false') {
    const ds = createDataSource(databaseUrl, 1);
    await ds.initialize();
    await seedDemo(ds, demoPassword, log);
    await ds.destroy();
  }

  const env = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, APP_MODE: mode, PORT: port };
  const spawnChild = (script: string) => {
    const child = fork(join(__dirname, '..', script), [], { env, stdio: 'inherit', execArgv: [...process.execArgv, ...PROCESS_HEAP_FLAGS] });
    child.on('exit', (code, signal) => {
      if (!stopping && !restarting) {
        log(`${script} exited (${code ?? signal}); stopping the rest`);
        void shutdown(1);
      }
    });
    children.push(child);
    return child;
  };
  const readiness = (child: ChildProcess, type: string) => new Promise<void>((ready) => child.on('message', (m: { type?: string }) => m?.type === type && ready()));
  const api = spawnChild('main.js');
  const worker = spawnChild('worker.js');
  // The address and the demo users come last, once both processes are up, so they are not scrolled away.
  await Promise.all([readiness(api, 'api-ready'), readiness(worker, 'worker-ready')]);
  await new Promise((settled) => setTimeout(settled, 300));

  if (process.argv.includes('--watch')) {
    // One restart at a time; a change made during a restart triggers one more.
    let pending: Promise<void> = Promise.resolve();
    const restart = async () => {
      if (stopping) return;
      log('code changed: restarting the API and the worker…');
      restarting = true;
      const exited = children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : Promise.resolve()));
      for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.all(exited);
      children.length = 0;
      restarting = false;
      if (stopping) return;
      await migrate(databaseUrl, log).catch((error: Error) => log(`migrations failed: ${error.message}`));
      spawnChild('main.js');
      spawnChild('worker.js');
    };
    stack.push(watchBuild(root, () => void (pending = pending.then(restart)), log));
  }

  const shownHost = ['127.0.0.1', '0.0.0.0', '::', '::1'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  const lines = [
    `Bảo vệ trẻ em is running at ${url}`,
    `API docs: ${url}/api/docs    health: ${url}/health`,
    ...(mode === 'local'
      ? [
          `Demo users (password ${demoPassword}):`,
          ...DEMO_USERS.map((u) => `  ${u.username.padEnd(14)} ${u.role}`),
          `Data is kept in ${dataDir} (delete it to start over). Ctrl-C stops everything.`,
          ...(host === '127.0.0.1' ? ['Only this machine can connect (HOST=0.0.0.0 opens it to the network; set DEMO_PASSWORD then).'] : []),
        ]
      : []),
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  console.log(`\n  ${'─'.repeat(width)}\n${lines.map((l) => `    ${l}`).join('\n')}\n  ${'─'.repeat(width)}\n`);
}

main().catch((error) => process.exit(reportStartupFailure(error, [RedisUnavailableError])));
