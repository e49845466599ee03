import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Place } from '../common/access/jurisdiction.rules';
import { JurisdictionLevel } from '../identity/enums';
import { escalationScope, nearestSupervisorScope } from '../deadlines/escalation.rules';

export interface Supervisor {
  id: string;
  level: JurisdictionLevel;
}

/** Who is there to tell: active users by role, place and agency. The choice of level is in escalation.rules.ts. */
@Injectable()
export class RecipientDirectory {
  /** Active supervisors whose jurisdiction covers the place (its commune, its province, the country). */
  async supervisorsCovering(manager: EntityManager, place: Place): Promise<Supervisor[]> {
    const rows: { id: string; level: JurisdictionLevel }[] = await manager.query(
      `SELECT id, jurisdiction_level AS level FROM app_user
        WHERE role = 'SUPERVISOR' AND active
          AND (jurisdiction_level = 'NATIONAL'
               OR (jurisdiction_level = 'PROVINCE' AND province_code = $1)
               OR (jurisdiction_level = 'COMMUNE' AND commune_code = $2))
        ORDER BY id`,
      [place.provinceCode, place.communeCode],
    );
    return rows;
  }

  /** Supervisors of the level `escalationScope` picks for this escalation level; the level is returned too. */
  async escalationRecipients(
    manager: EntityManager,
    place: Place,
    level: 1 | 2,
    previous: JurisdictionLevel | null,
  ): Promise<{ scope: JurisdictionLevel | null; userIds: string[] }> {
    const all = await this.supervisorsCovering(manager, place);
    const scope = escalationScope(place, [...new Set(all.map((s) => s.level))], level, previous);
    return { scope, userIds: all.filter((s) => s.level === scope).map((s) => s.id) };
  }

  /** The nearest supervisors of the place: who hears about a case nobody is assigned to. */
  async nearestSupervisors(manager: EntityManager, place: Place): Promise<string[]> {
    const all = await this.supervisorsCovering(manager, place);
    const scope = nearestSupervisorScope(place, [...new Set(all.map((s) => s.level))]);
    return all.filter((s) => s.level === scope).map((s) => s.id);
  }

  async agencyOfficers(manager: EntityManager, agencyId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM app_user WHERE role = 'AGENCY_OFFICER' AND active AND agency_id = $1 ORDER BY id`, [agencyId]);
    return rows.map((r) => r.id);
  }

  /** The case's current assignee and place, read in the caller's transaction. */
  async caseFacts(
    manager: EntityManager,
    caseId: string,
  ): Promise<{ caseNumber: string; assigneeId: string | null; provinceCode: string | null; communeCode: string | null } | null> {
    const [row] = await manager.query(
      `SELECT c.case_number AS "caseNumber", CASE WHEN u.active THEN c.assignee_id END AS "assigneeId",
              c.province_code AS "provinceCode", c.commune_code AS "communeCode"
         FROM protection_case c LEFT JOIN app_user u ON u.id = c.assignee_id
        WHERE c.id = $1`,
      [caseId],
    );
    return row ?? null;
  }

  /** The case's assignee, or the nearest supervisors when nobody is assigned. */
  async caseOwners(manager: EntityManager, caseId: string): Promise<string[]> {
    const c = await this.caseFacts(manager, caseId);
    if (!c) return [];
    return c.assigneeId ? [c.assigneeId] : this.nearestSupervisors(manager, c);
  }
}
