import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DEFAULT_DEADLINE_POLICIES, DeadlinePolicy } from './deadline-policy.rules';
import { DeadlinePolicyRow } from './deadline-policy.entity';
import { DeadlineKey } from './enums';

export interface StoredPolicy {
  policy: DeadlinePolicy;
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export function toPolicy(row: DeadlinePolicyRow): DeadlinePolicy {
  return {
    key: row.key,
    kind: row.kind,
    legalBasis: row.legalBasis,
    duration: row.duration,
    workingDays: row.workingDays,
    byRisk: { ...row.byRisk },
    byAgencyType: { ...row.byAgencyType },
    basisByAgencyType: { ...row.basisByAgencyType },
    escalateAfter: [...row.escalateAfter],
  };
}

function defaultPolicy(key: DeadlineKey): DeadlinePolicy {
  const found = DEFAULT_DEADLINE_POLICIES.find((p) => p.key === key);
  if (!found) throw new Error(`No default deadline policy for ${key}`);
  return found;
}

/** Reads and writes the `deadline_policy` rows. */
@Injectable()
export class DeadlinePoliciesRepository {
  private readonly logger = new Logger('DeadlinePolicies');

  /** The stored policy; the seeded default when the row is missing (reference data not synced yet). */
  async get(manager: EntityManager, key: DeadlineKey, lock = false): Promise<StoredPolicy> {
    const row = await manager.getRepository(DeadlinePolicyRow).findOne({ where: { key }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!row) {
      this.logger.warn({ key }, 'deadline policy missing from the database; using the default');
      return { policy: defaultPolicy(key), version: 0, updatedAt: null, updatedBy: null };
    }
    return { policy: toPolicy(row), version: row.version, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
  }

  list(manager: EntityManager): Promise<DeadlinePolicyRow[]> {
    return manager.getRepository(DeadlinePolicyRow).find({ order: { key: 'ASC' } });
  }

  /** Stores the policy (creating the row if needed) and returns the stored row. */
  async save(manager: EntityManager, policy: DeadlinePolicy, updatedBy: string | null): Promise<DeadlinePolicyRow> {
    const repo = manager.getRepository(DeadlinePolicyRow);
    const existing = await repo.findOne({ where: { key: policy.key } });
    const values = {
      duration: policy.duration,
      workingDays: policy.workingDays,
      byRisk: policy.byRisk,
      byAgencyType: policy.byAgencyType,
      basisByAgencyType: policy.basisByAgencyType,
      escalateAfter: policy.escalateAfter,
      kind: policy.kind,
      legalBasis: policy.legalBasis,
      updatedBy,
    };
    return repo.save(existing ? Object.assign(existing, values) : repo.create({ key: policy.key, ...values }));
  }
}

/**
 * A SQL expression that changes whenever a policy row is inserted, edited (version and updated_at move) or
 * deleted: read in the caller's statement, it tells whether a cached copy is still the table's.
 */
export const POLICIES_STAMP_SQL = `(SELECT count(*) || ':' || coalesce(sum(version), 0) || ':' || coalesce(max(updated_at)::text, '') FROM deadline_policy)`;

/**
 * The policies as the worker starts deadlines with them, kept in memory: the caller reads POLICIES_STAMP_SQL
 * in a statement it runs anyway, and the table is read again only when that stamp moved, so an edit by an
 * administrator (in the API process) applies to the very next event, with no extra round trip otherwise.
 */
@Injectable()
export class DeadlinePolicyCache {
  private cached: { stamp: string; byKey: Map<string, StoredPolicy> } | null = null;

  constructor(private readonly repo: DeadlinePoliciesRepository) {}

  async get(manager: EntityManager, key: DeadlineKey, stamp: string): Promise<StoredPolicy> {
    if (this.cached?.stamp !== stamp) {
      // Read after the stamp: should an edit commit in between, the next stamp differs and this is read again.
      const rows = await this.repo.list(manager);
      this.cached = {
        stamp,
        byKey: new Map(rows.map((row) => [row.key, { policy: toPolicy(row), version: row.version, updatedAt: row.updatedAt, updatedBy: row.updatedBy }])),
      };
    }
    return this.cached.byKey.get(key) ?? this.repo.get(manager, key);
  }
}
