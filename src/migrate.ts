import { loadConfig } from './config/config';
import { migrate as applyMigrations } from './database/migrate';
import { ReferenceDataSync } from './database/reference-data';
import { syncDeadlineReferenceData } from './deadlines/deadlines.sync';
import { syncGeography } from './geography/geography.sync';
import { syncRoutingRules } from './referrals/routing.sync';

/** Each feature's reference data, in the order it must load (routing rules and policies name places). */
export const REFERENCE_DATA: readonly ReferenceDataSync[] = [syncGeography, syncRoutingRules, syncDeadlineReferenceData];

/** Applies pending migrations, then refreshes every feature's reference data (geography, defaults). */
export function migrate(databaseUrl: string, log: (line: string) => void = console.log): Promise<void> {
  return applyMigrations(databaseUrl, log, REFERENCE_DATA);
}

// `npm run migration:run` and the compose `migrate` service.
if (require.main === module) {
  const config = loadConfig();
  migrate(config.databaseUrl).catch((error: Error) => {
    console.error(error.message ?? error);
    process.exit(1);
  });
}
