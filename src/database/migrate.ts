import { loadConfig } from '../config/config';
import { createDataSource } from './data-source';
import { syncReferenceData } from './reference-data';

/** `npm run migration:run`: applies pending migrations, then refreshes reference data (geography, defaults). */
export async function migrate(databaseUrl: string, log: (line: string) => void = console.log): Promise<void> {
  const dataSource = createDataSource(databaseUrl, 2);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    applied.forEach((m) => log(`migration applied: ${m.name}`));
    await syncReferenceData(dataSource, log);
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  const config = loadConfig();
  migrate(config.databaseUrl).catch((error) => {
    console.error(error.message ?? error);
    process.exit(1);
  });
}
