import { createDataSource } from '../database/data-source';
import { withLocalDatabase } from './local-database';

/**
 * `npm run read-models:rebuild`: recomputes the supervision read models (statistics counters, the projection
 * of obligations) from the transactional tables. Idempotent and safe while the system runs: it holds SHARE
 * locks on the source tables, so writes wait for it (about two minutes at 1,000,000 cases) instead of being
 * missed. Exit code 0 when done, 1 on failure.
 */
async function main(): Promise<number> {
  return withLocalDatabase(async (url) => {
    const ds = createDataSource(url, 1);
    await ds.initialize();
    try {
      const started = Date.now();
      await ds.transaction((manager) => manager.query(`SELECT supervision_rebuild()`));
      const [counts] = await ds.query(`SELECT (SELECT count(*) FROM stat_count)::int AS counters, (SELECT count(*) FROM supervision_obligation)::int AS obligations`);
      console.log(`read models rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s: ${counts.counters} counter rows, ${counts.obligations} obligations`);
      return 0;
    } finally {
      await ds.destroy();
    }
  }, console.log);
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error((error as Error).message ?? error);
      process.exit(1);
    },
  );
}
