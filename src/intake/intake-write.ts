import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryPrepared } from '../database/prepared';
import { AuditRow } from '../audit/audit.service';
import { DomainEvent } from '../database/outbox.service';
import { CasePersonRole } from '../cases/enums';

export interface CallRow {
  id: string;
  callType: string;
  channel: string;
  callerPhone: string | null;
  startedAt: Date;
  endedAt: Date | null;
  operatorId: string;
  hotlineProvinceCode: string | null;
  riskFlagged: boolean;
  notes: string | null;
  relatedCaseId: string | null;
  reportId: string | null;
}

export interface CaseRow {
  id: string;
  caseNumber: string;
  status: string;
  riskLevel: string;
  immediateDanger: boolean;
  abuseTypes: string[];
  provinceCode: string | null;
  communeCode: string | null;
  address: string | null;
  openedAt: Date;
  searchText: string;
}

export interface ReportRow {
  id: string;
  caseId: string;
  channel: string;
  receivedAt: Date;
  callId: string | null;
  createdBy: string | null;
  reporterAnonymous: boolean;
  provinceCode: string | null;
  communeCode: string | null;
  address: string | null;
  abuseTypes: string[];
  narrative: string | null;
  immediateDanger: boolean;
  trackingCode: string | null;
  linkKind: string;
  setting: string;
}

/** A person and its link to the case and the report that named it. */
export interface PersonRow {
  id: string;
  caseId: string;
  reportId: string;
  role: CasePersonRole;
  fullName: string | null;
  nameKey: string | null;
  description: string | null;
  sex: string | null;
  birthYear: number | null;
  ethnicity: string | null;
  hasDisability: boolean | null;
  inSchool: boolean | null;
  circumstances: string[];
  phone: string | null;
  relationToChild: string | null;
  consentToShareWithPolice: boolean;
}

export interface TimelineRow {
  caseId: string;
  at: Date;
  type: string;
  actorId: string | null;
  actorUsername: string | null;
  before: unknown;
  after: unknown;
}

/** Everything one intake writes, built in memory first: the ids are chosen here, so nothing needs reading back. */
export interface IntakeWrite {
  at: Date;
  /** The request's Idempotency-Key, stored with its response in the same statement. */
  idempotency: { scope: string; key: string; requestHash: string; status: number; response: unknown } | null;
  cases: CaseRow[];
  reports: ReportRow[];
  calls: CallRow[];
  persons: PersonRow[];
  timeline: TimelineRow[];
  audits: AuditRow[];
  events: DomainEvent[];
}

/**
 * One statement for the whole intake: each table gets its rows as one JSON parameter (so the text never
 * changes and is prepared once per connection), every insert is gated on the idempotency key so a replayed
 * key writes nothing, and foreign keys between the rows are checked at the end of the statement. In
 * autocommit this is one round trip and one commit instead of ~20 sequential statements.
 */
export const INTAKE_WRITE_SQL = `
WITH k AS (
  INSERT INTO idempotency_key (scope, key, request_hash, status_code, response)
  SELECT $1, $2, $3, $4, $5::jsonb WHERE $2::text IS NOT NULL
  ON CONFLICT DO NOTHING RETURNING 1 AS ok
), go AS (
  SELECT ok FROM k UNION ALL SELECT 1 WHERE $2::text IS NULL
), pc AS (
  INSERT INTO protection_case (id, case_number, status, risk_level, immediate_danger, abuse_types, province_code, commune_code, address, opened_at, search_text, version)
  SELECT x.id, x.case_number, x.status, x.risk_level, x.immediate_danger, x.abuse_types, x.province_code, x.commune_code, x.address, x.opened_at, x.search_text, 1
    FROM go, jsonb_to_recordset($6::jsonb) AS x(id uuid, case_number text, status text, risk_level text, immediate_danger boolean, abuse_types text[],
         province_code text, commune_code text, address text, opened_at timestamptz, search_text text)
), rp AS (
  INSERT INTO report (id, case_id, channel, received_at, call_id, created_by, reporter_anonymous, province_code, commune_code, address,
                      abuse_types, narrative, immediate_danger, tracking_code, link_kind, setting)
  SELECT x.* FROM go, jsonb_to_recordset($7::jsonb) AS x(id uuid, case_id uuid, channel text, received_at timestamptz, call_id uuid, created_by uuid,
         reporter_anonymous boolean, province_code text, commune_code text, address text, abuse_types text[], narrative text, immediate_danger boolean,
         tracking_code text, link_kind text, setting text)
), hc AS (
  INSERT INTO hotline_call (id, call_type, channel, caller_phone, started_at, ended_at, operator_id, hotline_province_code, risk_flagged, notes, related_case_id, report_id)
  SELECT x.* FROM go, jsonb_to_recordset($8::jsonb) AS x(id uuid, call_type text, channel text, caller_phone text, started_at timestamptz, ended_at timestamptz,
         operator_id uuid, hotline_province_code text, risk_flagged boolean, notes text, related_case_id uuid, report_id uuid)
), persons AS (
  SELECT x.* FROM go, jsonb_to_recordset($9::jsonb) AS x(id uuid, case_id uuid, report_id uuid, role text, full_name text, name_key text, description text,
         sex text, birth_year int, ethnicity text, has_disability boolean, in_school boolean, circumstances text[], phone text, relation_to_child text,
         consent_to_share_with_police boolean)
), pe AS (
  INSERT INTO person (id, full_name, name_key, description, sex, birth_year, ethnicity, has_disability, in_school, circumstances, phone)
  SELECT id, full_name, name_key, description, sex, birth_year, ethnicity, has_disability, in_school, coalesce(circumstances, '{}'), phone FROM persons
), cp AS (
  INSERT INTO case_person (case_id, person_id, report_id, role, relation_to_child, consent_to_share_with_police)
  SELECT case_id, id, report_id, role, relation_to_child, consent_to_share_with_police FROM persons
), ce AS (
  INSERT INTO case_event (case_id, at, type, actor_id, actor_username, before, after)
  SELECT x.* FROM go, jsonb_to_recordset($10::jsonb) AS x(case_id uuid, at timestamptz, type text, actor_id uuid, actor_username text, before jsonb, after jsonb)
), al AS (
  INSERT INTO audit_log (at, actor_id, actor_username, actor_role, action, subject_type, subject_id, province_code, commune_code, before, after, request_id, ip)
  SELECT x.* FROM go, jsonb_to_recordset($11::jsonb) AS x(at timestamptz, actor_id uuid, actor_username text, actor_role text, action text, subject_type text,
         subject_id text, province_code text, commune_code text, before jsonb, after jsonb, request_id text, ip text)
), ob AS (
  INSERT INTO outbox_event (occurred_at, type, aggregate_type, aggregate_id, payload)
  SELECT $12, x.* FROM go, jsonb_to_recordset($13::jsonb) AS x(type text, aggregate_type text, aggregate_id text, payload jsonb)
)
SELECT count(*)::int AS written FROM go`;

/** The parameters of INTAKE_WRITE_SQL, in order. */
export function intakeWriteParams(w: IntakeWrite): unknown[] {
  const key = w.idempotency;
  return [
    key?.scope ?? null,
    key?.key ?? null,
    key?.requestHash ?? null,
    key?.status ?? null,
    key ? JSON.stringify(key.response) : null,
    JSON.stringify(w.cases.map((c) => snake(c))),
    JSON.stringify(w.reports.map((r) => snake(r))),
    JSON.stringify(w.calls.map((c) => snake(c))),
    JSON.stringify(w.persons.map((p) => snake(p))),
    JSON.stringify(w.timeline.map((t) => ({ ...snake(t), before: t.before ?? null, after: t.after ?? null }))),
    JSON.stringify(w.audits.map((a) => snake(a))),
    w.at,
    JSON.stringify(w.events.map((e) => ({ type: e.type, aggregate_type: e.aggregateType, aggregate_id: e.aggregateId, payload: e.payload }))),
  ];
}

function snake(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
  return out;
}

/** The outcome: written, or the key was already used (the stored answer, and whether the request matches it). */
export type IntakeWriteOutcome = { written: true } | { written: false; requestHash: string; status: number; response: unknown };

@Injectable()
export class IntakeWriter {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Writes the intake. Without a manager the statement runs on its own (autocommit: one round trip) as a
   * named prepared statement; inside a caller's transaction it runs there.
   */
  async write(w: IntakeWrite, manager?: EntityManager): Promise<IntakeWriteOutcome> {
    const params = intakeWriteParams(w);
    let written: number;
    if (manager) {
      [{ written }] = await manager.query(INTAKE_WRITE_SQL, params);
    } else {
      [{ written }] = await queryPrepared<{ written: number }>(this.dataSource, INTAKE_WRITE_SQL, params, 'intake_write_v1');
    }
    if (written > 0 || !w.idempotency) return { written: true };
    const [row] = await (manager ?? this.dataSource.manager).query(`SELECT request_hash, status_code, response FROM idempotency_key WHERE scope = $1 AND key = $2`, [
      w.idempotency.scope,
      w.idempotency.key,
    ]);
    return { written: false, requestHash: row.request_hash, status: row.status_code, response: row.response };
  }
}
