import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { SESSION_OPTIONS } from './data-source';
import { queryOn } from './prepared';

/**
 * A few connections of their own whose sessions always run a prepared statement with its generic plan, for the
 * searches run on every intake whose plan PostgreSQL would otherwise make again on every call. The duplicate
 * search is the one: planning it took 1.5 ms against 2–3 ms to run (pg_stat_statements, 1M bench database),
 * because its generic plan, estimated for a ten-element array of name parts and an average province, never
 * looks cheaper than a custom one, although both are the same index lookups. A statement whose best plan depends
 * on its values (a skewed filter, a list's order) does not belong here; the main pool keeps deciding per call.
 */
@Injectable()
export class GenericPlanPool implements OnApplicationShutdown {
  private readonly logger = new Logger('GenericPlanPool');
  private readonly pool: Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = new Pool({
      connectionString: config.databaseUrl,
      // Beside the main pool, for reads that run alongside its writes (the suggestions beside an intake's write).
      max: Math.max(2, Math.ceil(config.dbPoolSize / 2)),
      connectionTimeoutMillis: config.dbAcquireTimeoutMs,
      application_name: 'bvte-search',
      options: `${SESSION_OPTIONS} -c plan_cache_mode=force_generic_plan`,
    });
    // An idle connection PostgreSQL closed (a restart) is dropped from the pool; the next query opens another.
    this.pool.on('error', (error) => this.logger.warn(`idle connection lost: ${error.message}`));
  }

  /** queryOn with this pool: in a transaction on its client, else here. */
  queryOn<T>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
    return queryOn<T>(manager, text, values, this.pool);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
