import { DataSource } from 'typeorm';

/** One feature's reference data (official geography, default policies): idempotent, never overwriting what administrators edited. */
export type ReferenceDataSync = (dataSource: DataSource, log: (line: string) => void) => Promise<void>;

/**
 * Reference data every deployment needs, run after migrations in the order given. Each feature owns its sync
 * function; the composition root (src/migrate.ts) lists them, so this module never imports a feature.
 */
export async function syncReferenceData(dataSource: DataSource, log: (line: string) => void, syncs: readonly ReferenceDataSync[]): Promise<void> {
  for (const sync of syncs) await sync(dataSource, log);
}
