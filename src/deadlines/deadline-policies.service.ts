import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { BadRequestError, NotFoundError } from '../common/errors';
import { applyPolicyPatch, DeadlinePolicy, DeadlinePolicyPatch, validatePolicyPatch } from './deadline-policy.rules';
import { DeadlinePoliciesRepository, toPolicy } from './deadline-policies.repository';
import { DeadlinePolicyRow } from './deadline-policy.entity';
import { DeadlineKey } from './enums';

export interface DeadlinePolicyView extends DeadlinePolicy {
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

const KEYS = Object.values(DeadlineKey) as string[];

function view(row: DeadlinePolicyRow): DeadlinePolicyView {
  return { ...toPolicy(row), version: row.version, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

/** Deadline policies as data (product.md §6, §8): admins read and patch them; each change is audited. */
@Injectable()
export class DeadlinePoliciesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: DeadlinePoliciesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<{ items: DeadlinePolicyView[] }> {
    return { items: (await this.repo.list(this.dataSource.manager)).map(view) };
  }

  /**
   * Applies a validated patch. Deadlines already running keep the policy they started with; the change
   * applies to deadlines created afterwards.
   */
  async patch(actor: Principal, key: string, body: unknown, meta: RequestMeta): Promise<DeadlinePolicyView> {
    if (!KEYS.includes(key)) throw new NotFoundError('DEADLINE_POLICY_NOT_FOUND', { key, keys: KEYS.join(', ') });
    return this.dataSource.transaction(async (manager) => {
      const current = await this.repo.get(manager, key as DeadlineKey, true);
      const problems = validatePolicyPatch(body, current.policy);
      if (problems.length) throw new BadRequestError(problems.map((text) => ({ code: 'DEADLINE_POLICY_INVALID', text })));
      const next = applyPolicyPatch(current.policy, body as DeadlinePolicyPatch);
      const row = await this.repo.save(manager, next, actor.id);
      await this.audit.record(
        {
          actor,
          action: 'DEADLINE_POLICY_UPDATED',
          subjectType: 'DEADLINE_POLICY',
          subjectId: key,
          before: { ...current.policy, version: current.version },
          after: { ...next, version: row.version },
          meta,
        },
        manager,
      );
      return view(row);
    });
  }
}
