import { spawnSync } from 'node:child_process';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';

/**
 * pg deprecates a query sent while the client's queue is busy (pg 9 refuses it). Tests run with deprecations as
 * errors (test/run-tests.js and the global setup set --throw-deprecation), so code that sends queries in parallel
 * on one transaction's client fails the test it runs in instead of printing a warning.
 */
describe('one query at a time on a transaction', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = createDataSource(process.env.DATABASE_URL!, 2);
    await ds.initialize();
  });
  afterAll(() => ds.destroy());

  it('runs the tests with deprecations as errors', () => {
    expect(process.throwDeprecation).toBe(true);
  });

  // Outside Jest, whose own handler would fail this very test: a process doing what a careless service would.
  const script = (parallel: boolean) => `
    const { Client } = require('pg');
    (async () => {
      const c = new Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query('BEGIN');
      const q = ['SELECT pg_sleep(0.05)', 'SELECT 1', 'SELECT 2'];
      if (${parallel}) await Promise.all(q.map((s) => c.query(s)));
      else for (const s of q) await c.query(s);
      await c.query('COMMIT');
      await c.end();
    })();`;
  const run = (parallel: boolean) =>
    spawnSync(process.execPath, ['--throw-deprecation', '-e', script(parallel)], { env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8', cwd: process.cwd() });

  it('a process sending queries at once on one client dies of it under that setting', () => {
    const result = run(true);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('already executing a query');
  });

  it('the same queries one after the other pass', async () => {
    const result = run(false);
    expect([result.status, result.stderr]).toEqual([0, '']);
    const rows = await ds.transaction(async (manager) => {
      await manager.query('SELECT pg_sleep(0.01)');
      return manager.query('SELECT 1 AS one');
    });
    expect(rows).toEqual([{ one: 1 }]);
  });
});
