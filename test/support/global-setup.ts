import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { migrate } from '../../src/migrate';
import { adminQuery, databaseUrl, startTestServices, TEST_DATA_DIR, TestServices } from './services';

/**
 * Starts the services once per run and migrates a template database from empty; each test file then gets
 * its own copy of the template (see integration-env.ts), so files never see each other's data. The
 * integration and browser projects share this setup: the second call reuses what the first started.
 */
export default async function globalSetup(): Promise<void> {
  // Also when Jest is started directly (not through run-tests.js): the workers it starts next inherit this, and a
  // run in band is this process.
  // (Started with --throw-deprecation the property is read-only, and already true.)
  if (!process.throwDeprecation) process.throwDeprecation = true;
  if (!/--throw-deprecation/.test(process.env.NODE_OPTIONS ?? '')) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --throw-deprecation`.trim();
  const g = globalThis as Record<string, unknown>;
  if (g.__TEST_SERVICES__) return;
  await removeStaleRunData();
  const services: TestServices = await startTestServices();
  g.__TEST_SERVICES__ = services;
  await adminQuery(services.adminUrl, `DROP DATABASE IF EXISTS "${services.templateDb}"`);
  await adminQuery(services.adminUrl, `CREATE DATABASE "${services.templateDb}" ENCODING 'UTF8'`);
  await migrate(databaseUrl(services.adminUrl, services.templateDb), () => undefined);
  process.env.TEST_PG_ADMIN_URL = services.adminUrl;
  process.env.TEST_TEMPLATE_DB = services.templateDb;
  process.env.TEST_REDIS_URL = services.redisUrl;
}

/** Data of earlier runs whose process is gone (killed runs); a concurrent run's data is left alone. */
async function removeStaleRunData(): Promise<void> {
  const entries = await readdir(TEST_DATA_DIR).catch(() => [] as string[]);
  for (const name of entries) {
    const pid = Number(/-(\d+)$/.exec(name)?.[1]);
    if (pid && pid !== process.pid && isAlive(pid)) continue;
    await rm(join(TEST_DATA_DIR, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
