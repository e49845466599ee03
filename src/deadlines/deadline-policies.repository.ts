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
