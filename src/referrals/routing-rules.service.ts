import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BadRequestError, ConflictError, NotFoundError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { readRuleBody, RuleBody } from './referral-planning.rules';
import { RoutingRuleVersion } from './routing-rule.entity';
import { routingRuleView, RoutingRuleView } from './referral-view';

/**
 * Routing rules administration. History is never rewritten: a change inserts the next version and
 * deactivates the one before it; deleting deactivates. Referrals keep the rule ids and versions that made them.
 */
@Injectable()
export class RoutingRulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The latest version of each rule (active or not), or every version with `history`. */
  async list(history: boolean): Promise<{ items: RoutingRuleView[] }> {
    const qb = this.dataSource.getRepository(RoutingRuleVersion).createQueryBuilder('r');
    if (!history) qb.where('r.version = (SELECT max(x.version) FROM routing_rule x WHERE x.number = r.number)');
    const rows = await qb.orderBy('r.number', 'ASC').addOrderBy('r.version', 'ASC').getMany();
    return { items: rows.map(routingRuleView) };
  }

  async create(actor: Principal, body: unknown, meta: RequestMeta): Promise<RoutingRuleView> {
    return this.dataSource.transaction(async (manager) => {
      // Serialises creations so two admins never take the same number.
      await manager.query(`LOCK TABLE routing_rule IN SHARE ROW EXCLUSIVE MODE`);
      const [{ next }] = await manager.query(`SELECT coalesce(max(number), 0) + 1 AS next FROM routing_rule`);
      const rule = this.read(body, { number: Number(next), version: 1 });
      const row = await this.insert(manager, actor, Number(next), 1, rule);
      await this.record(manager, actor, 'ROUTING_RULE_CREATED', null, row, meta);
      return routingRuleView(row);
    });
  }

  /** A new version of rule `number`; the current one is deactivated in the same transaction. */
  async update(actor: Principal, number: number, body: unknown, meta: RequestMeta): Promise<RoutingRuleView> {
    return this.dataSource.transaction(async (manager) => {
      const latest = await this.latest(manager, number);
      const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
      const expected = b.expectedVersion;
      if (expected !== undefined && (typeof expected !== 'number' || !Number.isInteger(expected) || expected < 1)) {
        throw new BadRequestError('EXPECTED_VERSION_INVALID');
      }
      const rule = this.read(body, { number, version: latest.version + 1 }, ['expectedVersion']);
      if (expected !== undefined && expected !== latest.version) {
        throw new ConflictError('ROUTING_RULE_VERSION_CONFLICT', { number, version: latest.version, expected });
      }
      await manager.getRepository(RoutingRuleVersion).update({ number, active: true }, { active: false });
      const row = await this.insert(manager, actor, number, latest.version + 1, rule);
      await this.record(manager, actor, 'ROUTING_RULE_UPDATED', latest, row, meta);
      return routingRuleView(row);
    });
  }

  /** Deactivates rule `number`; its versions stay for the referrals they explain. */
  async deactivate(actor: Principal, number: number, meta: RequestMeta): Promise<RoutingRuleView> {
    return this.dataSource.transaction(async (manager) => {
      const latest = await this.latest(manager, number);
      if (!latest.active) return routingRuleView(latest);
      await manager.getRepository(RoutingRuleVersion).update({ id: latest.id }, { active: false });
      const after = { ...latest, active: false };
      await this.record(manager, actor, 'ROUTING_RULE_DEACTIVATED', latest, after, meta);
      return routingRuleView(after);
    });
  }

  private read(body: unknown, assigned: { number: number; version: number }, extraKeys: string[] = []): RuleBody {
    const { rule, problems } = readRuleBody(body, assigned, extraKeys);
    if (!rule) throw new BadRequestError(problems.map((text) => ({ code: 'ROUTING_RULE_INVALID', text })));
    return rule;
  }

  /** The newest version of a rule, locked so concurrent edits queue up. */
  private async latest(manager: EntityManager, number: number): Promise<RoutingRuleVersion> {
    const row = await manager
      .getRepository(RoutingRuleVersion)
      .createQueryBuilder('r')
      .where('r.number = :number', { number })
      .orderBy('r.version', 'DESC')
      .limit(1)
      .setLock('pessimistic_write')
      .getOne();
    if (!row) throw new NotFoundError('ROUTING_RULE_NOT_FOUND', { number });
    return row;
  }

  private insert(manager: EntityManager, actor: Principal, number: number, version: number, rule: RuleBody): Promise<RoutingRuleVersion> {
    return manager.getRepository(RoutingRuleVersion).save({
      number,
      version,
      name: rule.name,
      nameVi: rule.nameVi,
      condition: rule.condition,
      agencyTypes: rule.agencyTypes,
      active: rule.active,
      createdBy: actor.id,
    });
  }

  private async record(manager: EntityManager, actor: Principal, action: string, before: RoutingRuleVersion | null, after: RoutingRuleVersion, meta: RequestMeta) {
    await this.audit.record(
      {
        actor,
        action,
        subjectType: 'ROUTING_RULE',
        subjectId: after.id,
        before: before ? { ...routingRuleView(before) } : null,
        after: { ...routingRuleView(after) },
        meta,
      },
      manager,
    );
  }
}
