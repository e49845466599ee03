import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { jurisdictionSql } from '../common/access/jurisdiction.rules';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';

export interface TaskRow {
  id: string;
  key: string;
  subject_type: string;
  subject_id: string;
  case_id: string;
  case_number: string;
  agency_id: string | null;
  agency_name: string | null;
  due_at: Date;
  status: string;
  escalation_level: number;
  risk_level: string;
  immediate_danger: boolean;
  province_code: string | null;
  commune_code: string | null;
  snapshot_kind: string | null;
  policy_kind: string | null;
  legal_basis: string | null;
}

export interface ApprovalRow {
  kind: 'PLAN' | 'CLOSURE';
  case_id: string;
  case_number: string;
  case_status: string;
  submitted_at: Date | null;
  submitted_by: string | null;
  plan_version: number | null;
  risk_level: string;
  immediate_danger: boolean;
  province_code: string | null;
  commune_code: string | null;
  case_version: number;
}

/** Named parameters (:name) to PostgreSQL's positional ones. */
function positional(sql: string, named: Record<string, unknown>): [string, unknown[]] {
  const values: unknown[] = [];
  const index = new Map<string, number>();
  const text = sql.replace(/(?<!:):([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
    if (!(name in named)) throw new Error(`No value for :${name}`);
    if (!index.has(name)) {
      values.push(named[name]);
      index.set(name, values.length);
    }
    return `$${index.get(name)}`;
  });
  return [text, values];
}

/** The SQL of my tasks and of the approvals; scoping by person, agency and jurisdiction is part of each statement. */
@Injectable()
export class TasksRepository {
  /**
   * Open deadlines the principal answers for: the case steps of the cases assigned to them, their agency's
   * referral steps, and (supervisors) plan approvals in their jurisdiction. The kind and legal basis are read
   * from the deadline's policy snapshot, else the current policy, whichever carries them.
   */
  async openDeadlines(manager: EntityManager, principal: Principal, limit: number): Promise<TaskRow[]> {
    const jurisdiction = jurisdictionSql(principal, 'c');
    const mine = [`(d.subject_type = 'CASE' AND d.key <> 'PLAN_APPROVAL' AND c.assignee_id = :me)`];
    if (principal.agencyId) mine.push(`(d.subject_type = 'REFERRAL' AND d.agency_id = :agency)`);
    if (principal.role === Role.SUPERVISOR) mine.push(`(d.key = 'PLAN_APPROVAL' AND ${jurisdiction.sql})`);
    const [sql, params] = positional(
      `SELECT d.id, d.key, d.subject_type, d.subject_id, d.case_id, c.case_number, d.agency_id, a.name AS agency_name, d.due_at, d.status,
              d.escalation_level, c.risk_level, c.immediate_danger, c.province_code, c.commune_code,
              d.policy->>'kind' AS snapshot_kind, to_jsonb(p)->>'kind' AS policy_kind,
              coalesce(d.policy->>'legalBasis', to_jsonb(p)->>'legal_basis') AS legal_basis
         FROM deadline d
         JOIN protection_case c ON c.id = d.case_id
         LEFT JOIN agency a ON a.id = d.agency_id
         LEFT JOIN deadline_policy p ON p.key = d.key
        WHERE d.status IN ('PENDING','OVERDUE') AND (${mine.join(' OR ')})
        ORDER BY d.due_at, d.id
        LIMIT :limit`,
      { ...jurisdiction.params, me: principal.id, agency: principal.agencyId, limit },
    );
    return manager.query(sql, params);
  }

  /**
   * The active case workers who may be assigned a case at this place (their jurisdiction covers it), with their
   * open caseload, least loaded first: the supervisor's reassignment picker.
   */
  async workersFor(
    manager: EntityManager,
    place: { provinceCode: string | null; communeCode: string | null },
  ): Promise<{ username: string; full_name: string; open_cases: number }[]> {
    return manager.query(
      `SELECT u.username, u.full_name,
              (SELECT count(*)::int FROM protection_case c WHERE c.assignee_id = u.id AND c.status <> 'CLOSED') AS open_cases
         FROM app_user u
        WHERE u.role = 'CASE_WORKER' AND u.active
          AND (u.jurisdiction_level = 'NATIONAL'
               OR (u.jurisdiction_level = 'PROVINCE' AND u.province_code = $1)
               OR (u.jurisdiction_level = 'COMMUNE' AND u.commune_code = $2))
        ORDER BY open_cases, u.username
        LIMIT 200`,
      [place.provinceCode, place.communeCode],
    );
  }

  /**
   * Decisions waiting for a supervisor of the jurisdiction: submitted plans, and cases under review (closing
   * them is the supervisor's decision), each with when and by whom it was put forward.
   */
  async pendingApprovals(manager: EntityManager, principal: Principal, limit: number): Promise<ApprovalRow[]> {
    const jurisdiction = jurisdictionSql(principal, 'c');
    const [sql, params] = positional(
      `SELECT * FROM (
         SELECT 'PLAN' AS kind, c.id AS case_id, c.case_number, c.status AS case_status, p.submitted_at, u.username AS submitted_by, p.version_number AS plan_version,
                c.risk_level, c.immediate_danger, c.province_code, c.commune_code, c.version AS case_version
           FROM case_plan p
           JOIN protection_case c ON c.id = p.case_id
           LEFT JOIN app_user u ON u.id = p.submitted_by
          WHERE p.status = 'SUBMITTED' AND c.status <> 'CLOSED' AND ${jurisdiction.sql}
         UNION ALL
         SELECT 'CLOSURE', c.id, c.case_number, c.status, e.at, e.actor_username, NULL,
                c.risk_level, c.immediate_danger, c.province_code, c.commune_code, c.version
           FROM protection_case c
           LEFT JOIN LATERAL (
             SELECT ev.at, ev.actor_username FROM case_event ev
              WHERE ev.case_id = c.id AND ev.type = 'STATUS_CHANGED' AND ev.after->>'status' = 'REVIEWING'
              ORDER BY ev.at DESC LIMIT 1
           ) e ON TRUE
          WHERE c.status = 'REVIEWING' AND ${jurisdiction.sql}
       ) w
       ORDER BY w.submitted_at NULLS FIRST, w.case_id
       LIMIT :limit`,
      { ...jurisdiction.params, limit },
    );
    return manager.query(sql, params);
  }
}
