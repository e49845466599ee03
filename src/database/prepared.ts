import { createHash } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { Pool } from 'pg';

/**
 * Runs one statement on the pool as a named prepared statement: each connection parses and plans it once,
 * and PostgreSQL reuses the plan (after five custom plans, a generic one when it costs no more). For the
 * supervision reads (unions of scoped arms over a dozen partial indexes) planning cost more than running:
 * 14 of 21 ms per province dashboard. Without `name` the statement is named after a hash of its text, so
 * a statement built for another scope or filter is another prepared statement. Errors answer like every
 * TypeORM query's (constraint codes, busy pool).
 */
export async function queryPrepared<T>(dataSource: DataSource, text: string, values: unknown[], name = preparedName(text)): Promise<T[]> {
  return queryPreparedOn<T>((dataSource.driver as unknown as { master: Pool }).master, text, values, name);
}

/** queryPrepared on a given pool (the main one, or GenericPlanPool's). */
async function queryPreparedOn<T>(pool: Pool, text: string, values: unknown[], name = preparedName(text)): Promise<T[]> {
  try {
    return (await pool.query({ name, text, values })).rows as T[];
  } catch (error) {
    if ((error as { code?: string }).code && !(error instanceof QueryFailedError)) throw new QueryFailedError(text, values, error as Error);
    throw error;
  }
}

/** A prepared statement's name from its text (PostgreSQL names are at most 63 bytes). */
export function preparedName(text: string): string {
  return `q_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
}

/**
 * On a pool, a prepared statement (queryPrepared; on `pool` when given, else the main one); on a transaction's
 * manager, on its client as usual.
 */
export function queryOn<T>(manager: EntityManager, text: string, values: unknown[], pool?: Pool): Promise<T[]> {
  if (manager.queryRunner) return manager.query(text, values);
  return pool ? queryPreparedOn<T>(pool, text, values) : queryPrepared<T>(manager.connection, text, values);
}
