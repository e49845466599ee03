import { DataSource, DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './naming-strategy';
import { ENTITY_GLOBS, MIGRATION_GLOBS } from './entities';
import { DEFAULT_DB_ACQUIRE_TIMEOUT_MS } from '../config/config';

/**
 * Every session's settings, on every pool. No parallel plans: a request's query is one of many running at once,
 * and starting worker processes for it (tens of ms each here) cost more than the scan they share. The national
 * dashboard's caseload went parallel once its cost crossed the threshold: 14 → 62 ms, and every read slowed under load.
 */
export const SESSION_OPTIONS = '-c max_parallel_workers_per_gather=0';

export function dataSourceOptions(databaseUrl: string, poolSize = 10, acquireTimeoutMs = DEFAULT_DB_ACQUIRE_TIMEOUT_MS): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITY_GLOBS,
    migrations: MIGRATION_GLOBS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // The schema only changes through reviewed migrations.
    synchronize: false,
    migrationsRun: false,
    // Query errors surface as domain errors; logging them again here would print personal data.
    logging: false,
    extra: {
      max: poolSize,
      // pg-pool uses one limit for both waits: a full pool fails with "timeout exceeded when trying to connect"
      // (answered as SERVER_BUSY), a connection PostgreSQL does not accept in time with "Connection terminated
      // due to connection timeout" (DEPENDENCY_UNAVAILABLE). Either way a request fails fast instead of hanging.
      connectionTimeoutMillis: acquireTimeoutMs,
      application_name: 'bvte',
      options: SESSION_OPTIONS,
    },
  };
}

export function createDataSource(databaseUrl: string, poolSize?: number, acquireTimeoutMs?: number): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl, poolSize, acquireTimeoutMs));
}
