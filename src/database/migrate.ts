import { createDataSource } from './data-source';
import { ReferenceDataSync, syncReferenceData } from './reference-data';

/**
 * Applies pending migrations, then refreshes the reference data the caller lists (see REFERENCE_DATA in
 * src/migrate.ts, the composition root that `npm run migration:run` runs).
 */
export async function migrate(databaseUrl: string, log: (line: string) => void, referenceData: readonly ReferenceDataSync[]): Promise<void> {
  const dataSource = createDataSource(databaseUrl, 2);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    applied.forEach((m) => log(`migration applied: ${m.name}`));
    await syncReferenceData(dataSource, log, referenceData);
  } finally {
    await dataSource.destroy();
  }
}
