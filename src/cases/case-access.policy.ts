import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Principal } from '../common/access/principal';
import { jurisdictionCovers, jurisdictionSql } from '../common/access/jurisdiction.rules';
import { Role } from '../identity/enums';
import { Case } from './case.entity';

/**
 * Who may see a case: workers and supervisors whose jurisdiction covers the case's place, and agency officers
 * only through a referral to their agency. Operators see cases only through intake lookups; admins never see
 * case content. One place, used by every query that returns cases.
 */
@Injectable()
export class CaseAccessPolicy {
  /** Whether the principal may read the full case. */
  async canRead(manager: EntityManager, principal: Principal, c: Pick<Case, 'id' | 'provinceCode' | 'communeCode'>): Promise<boolean> {
    if (principal.role === Role.CASE_WORKER || principal.role === Role.SUPERVISOR) {
      if (jurisdictionCovers(principal, c)) return true;
      return this.hasGrant(manager, principal, c.id);
    }
    return false;
  }

  /** Restricts a query over `protection_case` (aliased) to what the principal may see. */
  scope<T extends object>(qb: SelectQueryBuilder<T>, principal: Principal, alias = 'c'): SelectQueryBuilder<T> {
    if (principal.role !== Role.CASE_WORKER && principal.role !== Role.SUPERVISOR) return qb.andWhere('FALSE');
    const j = jurisdictionSql(principal, alias);
    // The grants as an array (not a correlated EXISTS) let PostgreSQL use the place indexes for the OR.
    return qb.andWhere(`(${j.sql} OR ${grantedSql(alias)})`, {
      ...j.params,
      scopeUser: principal.id,
    });
  }

  /**
   * `scope` and a condition given as alternatives, distributed over the place and the grants: (place AND a1) OR
   * (place AND a2) OR (grants AND (a1 OR a2)). Each arm is a range of one index, where `scope(...) AND (a1 OR a2)`
   * would leave PostgreSQL reading every row of the condition nationwide to keep one province's.
   */
  scopeEach<T extends object>(qb: SelectQueryBuilder<T>, principal: Principal, alias: string, alternatives: string[]): SelectQueryBuilder<T> {
    if (principal.role !== Role.CASE_WORKER && principal.role !== Role.SUPERVISOR) return qb.andWhere('FALSE');
    const j = jurisdictionSql(principal, alias);
    const arms = alternatives.map((a) => `(${j.sql} AND ${a})`);
    return qb.andWhere(`(${[...arms, `(${grantedSql(alias)} AND (${alternatives.join(' OR ')}))`].join(' OR ')})`, { ...j.params, scopeUser: principal.id });
  }

  private async hasGrant(manager: EntityManager, principal: Principal, caseId: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM case_access_grant WHERE case_id = $1 AND grantee_id = $2 AND revoked_at IS NULL AND expires_at > now() LIMIT 1`, [
      caseId,
      principal.id,
    ]);
    return rows.length > 0;
  }
}

/** The cases granted to `:scopeUser` and still in force, as a condition on `alias.id`. */
function grantedSql(alias: string): string {
  return `${alias}.id = ANY(ARRAY(SELECT g.case_id FROM case_access_grant g WHERE g.grantee_id = :scopeUser AND g.revoked_at IS NULL AND g.expires_at > now()))`;
}
