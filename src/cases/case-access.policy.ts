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
    const parts = this.scopeParts(principal, alias);
    if (!parts) return qb.andWhere('FALSE');
    // The grants as an array (not a correlated EXISTS) let PostgreSQL use the place indexes for the OR.
    return qb.andWhere(`(${parts.place} OR ${parts.granted})`, parts.params);
  }

  /**
   * The two halves of `scope`, for a reader that counts them apart (the read models count a place; what is
   * granted outside it is read case by case): the principal's place and the cases granted to them, as
   * conditions on `alias` (its `id` the case id). Null for a role that sees no case this way.
   */
  scopeParts(principal: Principal, alias: string): { place: string; granted: string; params: Record<string, unknown> } | null {
    if (principal.role !== Role.CASE_WORKER && principal.role !== Role.SUPERVISOR) return null;
    const j = jurisdictionSql(principal, alias);
    return { place: j.sql, granted: grantedSql(alias), params: { ...j.params, scopeUser: principal.id } };
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
