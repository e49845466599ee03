import { DataSource, DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './naming-strategy';
import { ENTITY_GLOBS, MIGRATION_GLOBS } from './entities';

export function dataSourceOptions(databaseUrl: string, poolSize = 10): DataSourceOptions {
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
      // Fail fast when PostgreSQL is unreachable so /health answers 503 instead of hanging.
      connectionTimeoutMillis: 5000,
      application_name: 'bvte',
    },
  };
}

export function createDataSource(databaseUrl: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl, poolSize));
}
