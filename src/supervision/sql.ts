import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { queryOn } from '../database/prepared';

/**
 * Runs SQL written with named parameters (`:name`, `:...list`) the way TypeORM's query builders do, so a
 * scoped query builder (CaseAccessPolicy) can be wrapped in a CTE and aggregated by hand-written SQL. On the
 * pool it runs as a prepared statement (queryPrepared); on a transaction's manager, on its client as usual.
 */
export function runNamed<T = Record<string, unknown>>(manager: EntityManager, sql: string, params: ObjectLiteral): Promise<T[]> {
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(sql, params);
  return queryOn<T>(manager, query, values);
}

/** The builder's SQL with its named parameters still unbound, to nest in a larger statement. */
export function unbound(qb: SelectQueryBuilder<ObjectLiteral>): { sql: string; params: ObjectLiteral } {
  return { sql: qb.getQuery(), params: qb.getParameters() };
}
