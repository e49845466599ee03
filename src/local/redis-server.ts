import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { userInfo } from 'node:os';
import { findFreePort } from './free-port';

export interface LocalRedis {
  url: string;
  port: number;
  process: ChildProcess;
  stop: () => Promise<void>;
}

export class RedisUnavailableError extends Error {}

function which(command: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

/**
 * Finds redis-server on PATH; when missing and apt-get is usable (root, Debian-like), installs it.
 * Otherwise explains how to get one.
 */
export function ensureRedisServerBinary(log: (line: string) => void = console.log): string {
  const existing = which('redis-server');
  if (existing) return existing;
  const apt = which('apt-get');
  if (apt && userInfo().uid === 0) {
    log('redis-server not found: installing it with apt-get (one time)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'inherit', env }) : update;
    const installed = install.status === 0 ? which('redis-server') : null;
    if (installed) return installed;
  }
  throw new RedisUnavailableError(
    'redis-server is not installed and could not be installed automatically.\n' +
      '  Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`, macOS: `brew install redis`)\n' +
      '  or point the app at a running Redis with REDIS_URL=redis://host:6379.',
  );
}

/** Starts a private redis-server on a free loopback port; it exits with its parent. */
export async function startRedisServer(options: { dataDir: string; persistent: boolean; log?: (line: string) => void }): Promise<LocalRedis> {
  const log = options.log ?? (() => undefined);
  const binary = ensureRedisServerBinary(log);
  const dir = resolve(options.dataDir);
  await mkdir(dir, { recursive: true });
  const port = await findFreePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes'];
  // Deadline rows in PostgreSQL are the truth, but keeping timers across a restart avoids a burst of re-created jobs.
  args.push(...(options.persistent ? ['--appendonly', 'yes', '--save', '60 1'] : ['--appendonly', 'no', '--save', '']));
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 15 s')), 15000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      text
        .split('\n')
        .filter(Boolean)
        .forEach((l) => log(l));
      if (/Ready to accept connections/i.test(text)) {
        clearTimeout(timer);
        resolvePromise();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited early with code ${code}`));
    });
  });
  child.stdout?.removeAllListeners('data');
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
