import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres';

/** Where `npm start` notes the address of its running embedded PostgreSQL, for the command-line tools. */
export function runningDatabaseFile(dataDir: string): string {
  return join(resolve(dataDir), 'database.json');
}

export async function noteRunningDatabase(dataDir: string, url: string): Promise<() => Promise<void>> {
  const file = runningDatabaseFile(dataDir);
  await writeFile(file, JSON.stringify({ url, pid: process.pid }), { mode: 0o600 });
  return () => rm(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The database a command-line tool works on: DATABASE_URL when set; else the embedded PostgreSQL of a running
 * `npm start`; else the local data started for the duration of the tool (and stopped after).
 */
export async function withLocalDatabase<T>(work: (url: string) => Promise<T>, log: (line: string) => void = () => undefined): Promise<T> {
  if (process.env.DATABASE_URL) return work(process.env.DATABASE_URL);
  const dataDir = resolve(process.env.LOCAL_DATA_DIR ?? '.data');
  const file = runningDatabaseFile(dataDir);
  if (existsSync(file)) {
    const running = JSON.parse(await readFile(file, 'utf8')) as { url: string; pid: number };
    if (alive(running.pid)) return work(running.url);
  }
  if (!existsSync(join(dataDir, 'postgres', 'PG_VERSION'))) {
    throw new Error(`No database: set DATABASE_URL, or run \`npm start\` once so that ${join(dataDir, 'postgres')} exists`);
  }
  log(`starting the local PostgreSQL in ${join(dataDir, 'postgres')} for this command…`);
  const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), database: 'bvte' });
  try {
    return await work(pg.url());
  } finally {
    await pg.stop();
  }
}
