import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseAccessGrant } from '../cases/case-access-grant.entity';
import { JurisdictionLevel, Role } from '../identity/enums';

export interface UserFacts {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  active: boolean;
  jurisdictionLevel: JurisdictionLevel;
  provinceCode: string | null;
  communeCode: string | null;
}

export interface GrantRow {
  id: string;
  caseId: string;
  reason: string;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
  grantee: { id: string; username: string | null; fullName: string | null };
  grantedBy: { id: string; username: string | null };
}

export interface ReferralFacts {
  id: string;
  caseId: string;
  agencyId: string;
  agencyType: string;
  status: string;
  agencyName: string;
}

/** The SQL of the supervisors' actions: access grants and nudges. */
@Injectable()
export class SupervisionActionsRepository {
  async userByUsername(manager: EntityManager, username: string): Promise<UserFacts | null> {
    const [u] = await manager.query(
      `SELECT id, username, full_name AS "fullName", role, active, jurisdiction_level AS "jurisdictionLevel", province_code AS "provinceCode", commune_code AS "communeCode"
         FROM app_user WHERE lower(username) = lower($1)`,
      [username.trim()],
    );
    return u ?? null;
  }

  async activeGrant(manager: EntityManager, caseId: string, granteeId: string, now: Date): Promise<{ id: string; expiresAt: Date } | null> {
    const [g] = await manager.query(
      `SELECT id, expires_at AS "expiresAt" FROM case_access_grant WHERE case_id = $1 AND grantee_id = $2 AND revoked_at IS NULL AND expires_at > $3 LIMIT 1`,
      [caseId, granteeId, now],
    );
    return g ?? null;
  }

  async insertGrant(manager: EntityManager, g: { caseId: string; granteeId: string; grantedBy: string; reason: string; expiresAt: Date; at: Date }): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO case_access_grant (case_id, grantee_id, granted_by, reason, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [g.caseId, g.granteeId, g.grantedBy, g.reason, g.expiresAt, g.at],
    );
    return row.id;
  }

  /** The grant of this case, locked for revocation. */
  findGrant(manager: EntityManager, caseId: string, grantId: string, lock = false): Promise<CaseAccessGrant | null> {
    return manager.getRepository(CaseAccessGrant).findOne({ where: { id: grantId, caseId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async revokeGrant(manager: EntityManager, grantId: string, at: Date): Promise<void> {
    await manager.query(`UPDATE case_access_grant SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [grantId, at]);
  }

  async grants(manager: EntityManager, caseId: string, grantId?: string): Promise<GrantRow[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT g.id, g.case_id, g.reason, g.expires_at, g.revoked_at, g.created_at, g.grantee_id, ge.username AS grantee_username, ge.full_name AS grantee_full_name,
              g.granted_by, gb.username AS granted_by_username
         FROM case_access_grant g
         LEFT JOIN app_user ge ON ge.id = g.grantee_id
         LEFT JOIN app_user gb ON gb.id = g.granted_by
        WHERE g.case_id = $1 AND ($2::uuid IS NULL OR g.id = $2::uuid)
        ORDER BY g.created_at DESC, g.id`,
      [caseId, grantId ?? null],
    );
    return rows.map((r) => ({
      id: r.id as string,
      caseId: r.case_id as string,
      reason: r.reason as string,
      expiresAt: r.expires_at as Date,
      revokedAt: (r.revoked_at as Date | null) ?? null,
      createdAt: r.created_at as Date,
      grantee: { id: r.grantee_id as string, username: (r.grantee_username as string | null) ?? null, fullName: (r.grantee_full_name as string | null) ?? null },
      grantedBy: { id: r.granted_by as string, username: (r.granted_by_username as string | null) ?? null },
    }));
  }

  // ---------------------------------------------------------------------------------------------- nudges

  async lockReferral(manager: EntityManager, id: string): Promise<ReferralFacts | null> {
    const [r] = await manager.query(
      `SELECT rf.id, rf.case_id AS "caseId", rf.agency_id AS "agencyId", rf.agency_type AS "agencyType", rf.status, a.name AS "agencyName"
         FROM referral rf JOIN agency a ON a.id = rf.agency_id WHERE rf.id = $1 FOR UPDATE OF rf`,
      [id],
    );
    return r ?? null;
  }

  async lastNudge(manager: EntityManager, referralId: string): Promise<Date | null> {
    const [row] = await manager.query(`SELECT max(at) AS at FROM referral_event WHERE referral_id = $1 AND type = 'REFERRAL_NUDGED'`, [referralId]);
    return row?.at ?? null;
  }

  /** The referral's obligations past due at `now`: what the agency is reminded of. */
  async pastDue(manager: EntityManager, referralId: string, now: Date): Promise<{ key: string; dueAt: Date; escalationLevel: number }[]> {
    return manager.query(
      `SELECT key, due_at AS "dueAt", escalation_level AS "escalationLevel" FROM deadline
        WHERE subject_id = $1 AND subject_type = 'REFERRAL' AND (status = 'OVERDUE' OR (status = 'PENDING' AND due_at <= $2))
        ORDER BY due_at`,
      [referralId, now],
    );
  }

  async appendReferralHistory(
    manager: EntityManager,
    e: { referralId: string; at: Date; type: string; status: string; actor: { id: string; username: string }; data: Record<string, unknown> },
  ): Promise<void> {
    await manager.query(`INSERT INTO referral_event (referral_id, at, type, from_status, to_status, actor_id, actor_username, data) VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`, [
      e.referralId,
      e.at,
      e.type,
      e.status,
      e.actor.id,
      e.actor.username,
      JSON.stringify(e.data),
    ]);
  }
}
