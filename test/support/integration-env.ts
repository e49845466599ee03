import { randomBytes } from 'node:crypto';
import { adminQuery, databaseUrl } from './services';

/**
 * Per test file: a fresh database copied from the migrated template, and a private queue prefix on the
 * shared Redis. The app under test reads them from the environment like production does.
 */
const suffix = randomBytes(5).toString('hex');
const database = `bvte_t_${suffix}`;

beforeAll(async () => {
  const adminUrl = process.env.TEST_PG_ADMIN_URL!;
  await adminQuery(adminUrl, `CREATE DATABASE "${database}" TEMPLATE "${process.env.TEST_TEMPLATE_DB}"`);
  process.env.DATABASE_URL = databaseUrl(adminUrl, database);
  process.env.REDIS_URL = process.env.TEST_REDIS_URL;
  process.env.QUEUE_PREFIX = `t${suffix}`;
  process.env.APP_MODE = 'test';
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
});

afterAll(async () => {
  await adminQuery(process.env.TEST_PG_ADMIN_URL!, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
});
