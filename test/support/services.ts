import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, LocalPostgres } from '../../src/local/embedded-postgres';
import { startRedisServer, LocalRedis } from '../../src/local/redis-server';

/** Where one test run keeps its throwaway PostgreSQL and Redis data. */
export const TEST_DATA_DIR = join(__dirname, '..', '..', '.test-data');

export interface TestServices {
  pg?: LocalPostgres;
  redis?: LocalRedis;
  adminUrl: string;
  redisUrl: string;
  templateDb: string;
}

/**
 * Real services for integration tests: the ones named by DATABASE_URL/REDIS_URL, or embedded PostgreSQL and a
 * private redis-server started here (fresh every run).
 */
export async function startTestServices(): Promise<TestServices> {
  const runId = `${process.pid}`;
  const templateDb = `bvte_template_${runId}`;
  let pg: LocalPostgres | undefined;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = '/postgres';
    adminUrl = u.toString();
  } else {
    pg = await startEmbeddedPostgres({ dataDir: join(TEST_DATA_DIR, `pg-${runId}`), database: 'postgres', fresh: true });
    adminUrl = pg.url('postgres');
  }
  let redis: LocalRedis | undefined;
  let redisUrl: string;
  if (process.env.REDIS_URL) {
    redisUrl = process.env.REDIS_URL;
  } else {
    redis = await startRedisServer({ dataDir: join(TEST_DATA_DIR, `redis-${runId}`), persistent: false });
    redisUrl = redis.url;
  }
  return { pg, redis, adminUrl, redisUrl, templateDb };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
