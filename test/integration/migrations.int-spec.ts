import { runInThisContext } from 'node:vm';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';

describe('migrations', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = createDataSource(process.env.DATABASE_URL!, 2);
    await ds.initialize();
  });
  afterAll(() => ds.destroy());

  it('were applied from empty to the test database and none is pending', async () => {
    expect(await ds.showMigrations()).toBe(false);
    const applied = await ds.query(`SELECT count(*)::int AS n FROM schema_migrations`);
    expect(applied[0].n).toBe(ds.migrations.length);
  });

  it('revert all the way down and apply again', async () => {
    for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const tables = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`);
    expect(tables).toEqual([]);
    await ds.runMigrations({ transaction: 'each' });
    expect(await ds.showMigrations()).toBe(false);
  });

  it('make time-ordered row ids (UUID version 7) wherever the database makes an id', async () => {
    const random = await ds.query(`SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_default = 'gen_random_uuid()'`);
    expect(random).toEqual([]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = current_schema() AND column_default = 'uuid_generate_v7()'`);
    expect(n).toBeGreaterThan(20);
    const rows: { id: string; at: Date }[] = await ds.query(`SELECT uuid_generate_v7()::text AS id, clock_timestamp() AS at FROM generate_series(1, 3)`);
    for (const { id, at } of rows) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Math.abs(parseInt(id.slice(0, 8) + id.slice(9, 13), 16) - new Date(at).getTime())).toBeLessThan(1000);
    }
  });

  it('keep the settings of the functions every intake and fold run (a CREATE OR REPLACE drops them)', async () => {
    const rows: { proname: string; proconfig: string[] }[] = await ds.query(
      `SELECT proname, proconfig FROM pg_proc WHERE pronamespace = current_schema()::regnamespace AND proconfig IS NOT NULL ORDER BY proname`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.proname, r.proconfig]))).toEqual({
      audit_chain_seal: ['plan_cache_mode=force_generic_plan'],
      open_case_child_refresh: ['plan_cache_mode=force_generic_plan'],
      supervision_call_facts: ['plan_cache_mode=force_generic_plan'],
      supervision_case_person_changed: ['plan_cache_mode=force_generic_plan'],
      supervision_child_shared: ['plan_cache_mode=force_generic_plan'],
      supervision_fold: ['enable_seqscan=off'],
    });
  });

  it('match the entities (nothing left for migration:generate to write)', async () => {
    // TypeORM's schema reader queries in parallel on one client (its own code, not ours and not the app's):
    // deprecation warnings are silenced for this one call. (Jest gives tests a copy of `process`; Node reads the
    // real one. --throw-deprecation makes throwDeprecation read-only, noDeprecation stays writable.)
    const realProcess = runInThisContext('process') as NodeJS.Process;
    realProcess.noDeprecation = true;
    let sql;
    try {
      sql = await ds.driver.createSchemaBuilder().log();
    } finally {
      realProcess.noDeprecation = false;
    }
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });
});
