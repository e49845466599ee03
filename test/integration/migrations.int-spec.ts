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
