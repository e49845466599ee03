import { rm } from 'node:fs/promises';
import { migrate } from '../../src/database/migrate';
import { adminQuery, databaseUrl, startTestServices, TEST_DATA_DIR } from './services';

/**
 * Starts the services once per run and migrates a template database from empty; each test file then gets
 * its own copy of the template (see integration-env.ts), so files never see each other's data.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) await rm(TEST_DATA_DIR, { recursive: true, force: true });
  const services = await startTestServices();
  (globalThis as Record<string, unknown>).__TEST_SERVICES__ = services;
  await adminQuery(services.adminUrl, `DROP DATABASE IF EXISTS "${services.templateDb}"`);
  await adminQuery(services.adminUrl, `CREATE DATABASE "${services.templateDb}" ENCODING 'UTF8'`);
  await migrate(databaseUrl(services.adminUrl, services.templateDb), () => undefined);
  process.env.TEST_PG_ADMIN_URL = services.adminUrl;
  process.env.TEST_TEMPLATE_DB = services.templateDb;
  process.env.TEST_REDIS_URL = services.redisUrl;
}
