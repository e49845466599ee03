import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/** Each process (and each app a test builds) has its own registry: no global state shared between them. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

export function createRegistry(processName: 'api' | 'worker'): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ process: processName });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The pg pool behind TypeORM's PostgreSQL driver (undefined before the data source connects). */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/** Connections of this process's PostgreSQL pool: in use, idle, and requests waiting for one. */
export function registerPoolMetrics(registry: Registry, dataSource: DataSource): void {
  new Gauge({
    name: 'bvte_db_pool_connections',
    help: 'PostgreSQL pool of this process: connections by state (active, idle), requests waiting, and the maximum',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
      if (!pool) return;
      this.set({ state: 'active' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
      if (pool.options?.max !== undefined) this.set({ state: 'max' }, pool.options.max);
    },
  });
}
