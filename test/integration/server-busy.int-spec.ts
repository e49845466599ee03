import { Pool, PoolClient } from 'pg';
import { QueryRunner } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeUser } from '../support/factories';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { findFreePort } from '../../src/local/free-port';

/**
 * An exhausted connection pool is "busy" (503 SERVER_BUSY with Retry-After, try again in a few seconds),
 * not an outage: "the database or queue is not reachable" stays for a PostgreSQL that refuses connections.
 */
describe('a busy server says so', () => {
  let t: TestApp;
  let supervisor: User;
  let pool: Pool & { options: { connectionString?: string } };
  const saved = { size: process.env.DB_POOL_SIZE, timeout: process.env.DB_ACQUIRE_TIMEOUT_MS };

  beforeAll(async () => {
    // One connection, and a short acquire timeout so a request that finds it taken gives up quickly.
    process.env.DB_POOL_SIZE = '1';
    process.env.DB_ACQUIRE_TIMEOUT_MS = '300';
    t = await startTestApp();
    supervisor = await makeUser(t.dataSource, { role: Role.SUPERVISOR, provinceCode: '22' });
    pool = (t.dataSource.driver as unknown as { master: typeof pool }).master;
  });
  afterAll(async () => {
    await t.close();
    for (const [key, value] of [
      ['DB_POOL_SIZE', saved.size],
      ['DB_ACQUIRE_TIMEOUT_MS', saved.timeout],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const listCases = () =>
    t
      .http()
      .get('/api/v1/cases')
      .set('Authorization', `Bearer ${t.tokenFor(supervisor)}`);

  it('configures the pool from DB_POOL_SIZE and DB_ACQUIRE_TIMEOUT_MS', () => {
    expect(pool.options).toMatchObject({ max: 1, connectionTimeoutMillis: 300 });
  });

  it('answers 503 SERVER_BUSY with Retry-After while every pooled connection is held, then serves again', async () => {
    const held: QueryRunner = t.dataSource.createQueryRunner();
    await held.connect();
    try {
      const busy = await listCases().expect(503);
      expect(busy.headers['retry-after']).toBe('3');
      expect(busy.body).toMatchObject({ statusCode: 503, code: 'SERVER_BUSY', message: 'The server is busy right now; try again in 3 seconds' });
      const vi = await listCases().set('Accept-Language', 'vi').expect(503);
      expect(vi.body.message).toBe('Máy chủ đang bận; vui lòng thử lại sau 3 giây');
    } finally {
      await held.release();
    }
    await listCases().expect(200);
  });

  it('keeps DEPENDENCY_UNAVAILABLE, without Retry-After, when PostgreSQL refuses connections', async () => {
    const real = pool.options.connectionString;
    // New connections go to a port nothing listens on; the idle one is dropped so the next request needs one.
    pool.options.connectionString = `postgres://nobody:nothing@127.0.0.1:${await findFreePort()}/gone`;
    const idle: PoolClient = await pool.connect();
    idle.release(true);
    try {
      const down = await listCases().expect(503);
      expect(down.body).toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE' });
      expect(down.headers['retry-after']).toBeUndefined();
    } finally {
      pool.options.connectionString = real;
    }
    await listCases().expect(200);
  });
});
