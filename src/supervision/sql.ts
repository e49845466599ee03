import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Runs SQL written with named parameters (`:name`, `:...list`) the way TypeORM's query builders do, so a
 * scoped query builder (CaseAccessPolicy) can be wrapped in a CTE and aggregated by hand-written SQL.
 */
export function runNamed<T = Record<string, unknown>>(manager: EntityManager, sql: string, params: ObjectLiteral): Promise<T[]> {
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(sql, params);
  return manager.query(query, values);
}

/** The builder's SQL with its named parameters still unbound, to nest in a larger statement. */
export function unbound(qb: SelectQueryBuilder<ObjectLiteral>): { sql: string; params: ObjectLiteral } {
  return { sql: qb.getQuery(), params: qb.getParameters() };
}
