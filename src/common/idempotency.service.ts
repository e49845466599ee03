import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BadRequestError, DomainError } from './errors';

const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
}

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** Canonical JSON (sorted keys) so the same request always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Idempotency-Key handling in PostgreSQL, inside the use case's own transaction: the key row is inserted
 * first, so a racing retry blocks on it until the first request commits and then replays its response; if
 * the first request fails, its key row rolls back with it and the retry does the work.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * For writers that store the key in their own single statement (intake): checks the key and digests the
   * request; null without a key.
   */
  claim(scope: string, key: string | undefined, request: unknown): IdempotencyClaim | null {
    if (key === undefined || key === '') return null;
    if (!KEY_PATTERN.test(key)) throw new BadRequestError('IDEMPOTENCY_KEY_INVALID');
    return { scope, key, requestHash: createHash('sha256').update(canonical(request)).digest('hex') };
  }

  /** The answer to a key already used: the stored response when the request is the same, 422 when it is not. */
  replay<T>(claim: IdempotencyClaim, stored: { requestHash: string; status: number; response: unknown }): IdempotentResult<T> {
    if (stored.requestHash !== claim.requestHash) throw new DomainError(422, 'Unprocessable Entity', 'IDEMPOTENCY_KEY_REUSED');
    return { status: stored.status, body: stored.response as T, replayed: true };
  }

  async run<T>(scope: string, key: string | undefined, request: unknown, work: (manager: EntityManager) => Promise<{ status: number; body: T }>): Promise<IdempotentResult<T>> {
    const claim = this.claim(scope, key, request);
    if (!claim) {
      const result = await this.dataSource.transaction(work);
      return { ...result, replayed: false };
    }
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query(`INSERT INTO idempotency_key (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`, [
        scope,
        claim.key,
        claim.requestHash,
      ]);
      if (inserted.length === 0) {
        const [row] = await manager.query(`SELECT request_hash, status_code, response FROM idempotency_key WHERE scope = $1 AND key = $2`, [scope, claim.key]);
        return this.replay<T>(claim, { requestHash: row.request_hash, status: row.status_code, response: row.response });
      }
      const result = await work(manager);
      await manager.query(`UPDATE idempotency_key SET status_code = $3, response = $4 WHERE scope = $1 AND key = $2`, [
        scope,
        claim.key,
        result.status,
        JSON.stringify(result.body),
      ]);
      return { ...result, replayed: false };
    });
  }
}
