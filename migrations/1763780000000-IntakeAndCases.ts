import { MigrationInterface, QueryRunner } from 'typeorm';

/** Calls, reports, cases, persons, the case timeline, case numbering, idempotency keys and the outbox. */
export class IntakeAndCases1763780000000 implements MigrationInterface {
  name = 'IntakeAndCases1763780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`CREATE TABLE protection_case (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_number text NOT NULL,
      status text NOT NULL,
      risk_level text NOT NULL,
      immediate_danger boolean NOT NULL DEFAULT false,
      abuse_types text[] NOT NULL DEFAULT '{}',
      province_code text,
      commune_code text,
      address text,
      assignee_id uuid,
      protection_level text,
      opened_at timestamptz NOT NULL,
      closed_at timestamptz,
      closure_reason text,
      closure_note text,
      last_assessment_founded boolean,
      emergency_at timestamptz,
      search_text text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL,
      CONSTRAINT chk_case_status CHECK (status IN ('RECEIVED','ASSESSING','PLANNING','INTERVENING','REVIEWING','CLOSED')),
      CONSTRAINT chk_case_risk CHECK (risk_level IN ('LOW','MEDIUM','HIGH','CRITICAL'))
    )`);
    await q.query(`CREATE UNIQUE INDEX idx_case_number ON protection_case (case_number)`);
    await q.query(`CREATE INDEX idx_case_scope_status ON protection_case (province_code, commune_code, status)`);
    await q.query(`CREATE INDEX idx_case_assignee ON protection_case (assignee_id, status)`);
    await q.query(`CREATE INDEX idx_case_opened ON protection_case (opened_at)`);
    await q.query(`CREATE INDEX idx_case_search_trgm ON protection_case USING gin (search_text gin_trgm_ops)`);

    await q.query(`CREATE TABLE person (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      full_name text,
      name_key text,
      description text,
      sex text,
      birth_year integer,
      ethnicity text,
      has_disability boolean,
      in_school boolean,
      circumstances text[] NOT NULL DEFAULT '{}',
      phone text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX idx_person_phone ON person (phone)`);
    await q.query(`CREATE INDEX idx_person_name_trgm ON person USING gin (name_key gin_trgm_ops)`);

    await q.query(`CREATE TABLE case_person (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      person_id uuid NOT NULL,
      report_id uuid,
      role text NOT NULL,
      relation_to_child text,
      consent_to_share_with_police boolean NOT NULL DEFAULT false,
      CONSTRAINT case_person_case_id_fkey FOREIGN KEY (case_id) REFERENCES protection_case(id),
      CONSTRAINT case_person_person_id_fkey FOREIGN KEY (person_id) REFERENCES person(id),
      CONSTRAINT chk_case_person_role CHECK (role IN ('CHILD','REPORTER','PERPETRATOR'))
    )`);
    await q.query(`CREATE INDEX idx_case_person_case ON case_person (case_id, role)`);
    await q.query(`CREATE INDEX idx_case_person_person ON case_person (person_id)`);

    await q.query(`CREATE TABLE case_event (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL,
      at timestamptz NOT NULL,
      type text NOT NULL,
      actor_id uuid,
      actor_username text,
      before jsonb,
      after jsonb,
      CONSTRAINT case_event_case_id_fkey FOREIGN KEY (case_id) REFERENCES protection_case(id)
    )`);
    await q.query(`CREATE INDEX idx_case_event_case ON case_event (case_id, at)`);
    await q.query(`CREATE TRIGGER trg_case_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_event
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_audit_change()`);

    await q.query(`CREATE TABLE case_access_grant (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      grantee_id uuid NOT NULL,
      granted_by uuid NOT NULL,
      reason text NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT case_access_grant_case_id_fkey FOREIGN KEY (case_id) REFERENCES protection_case(id)
    )`);
    await q.query(`CREATE INDEX idx_case_access_grant ON case_access_grant (case_id, grantee_id)`);

    await q.query(`CREATE TABLE report (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      channel text NOT NULL,
      received_at timestamptz NOT NULL,
      call_id uuid,
      created_by uuid,
      reporter_anonymous boolean NOT NULL DEFAULT false,
      province_code text,
      commune_code text,
      address text,
      abuse_types text[] NOT NULL DEFAULT '{}',
      narrative text,
      immediate_danger boolean NOT NULL DEFAULT false,
      tracking_code text,
      link_kind text NOT NULL DEFAULT 'NEW_CASE',
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT report_case_id_fkey FOREIGN KEY (case_id) REFERENCES protection_case(id)
    )`);
    await q.query(`CREATE INDEX idx_report_case ON report (case_id)`);
    await q.query(`CREATE UNIQUE INDEX idx_report_tracking ON report (tracking_code) WHERE tracking_code IS NOT NULL`);
    await q.query(`CREATE INDEX idx_report_received ON report (received_at)`);

    await q.query(`CREATE TABLE hotline_call (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      call_type text NOT NULL,
      channel text NOT NULL,
      caller_phone text,
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      operator_id uuid NOT NULL,
      hotline_province_code text,
      risk_flagged boolean NOT NULL DEFAULT false,
      notes text,
      report_id uuid,
      related_case_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT chk_call_type CHECK (call_type IN ('REPORT','COUNSELLING','INFORMATION','FOLLOW_UP','SILENT','PRANK','WRONG_NUMBER'))
    )`);
    await q.query(`CREATE INDEX idx_call_phone ON hotline_call (caller_phone, started_at)`);
    await q.query(`CREATE INDEX idx_call_operator ON hotline_call (operator_id, started_at)`);
    await q.query(`CREATE INDEX idx_call_started ON hotline_call (started_at)`);

    // One counter row per (province, year): an atomic upsert gives unique case numbers under concurrency.
    await q.query(`CREATE TABLE case_number_counter (
      prefix text NOT NULL,
      year integer NOT NULL,
      last_value integer NOT NULL,
      PRIMARY KEY (prefix, year)
    )`);

    await q.query(`CREATE TABLE idempotency_key (
      scope text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, key)
    )`);

    await q.query(`CREATE TABLE outbox_event (
      id bigserial PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      type text NOT NULL,
      aggregate_type text NOT NULL,
      aggregate_id text NOT NULL,
      payload jsonb NOT NULL,
      processed_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      last_error text
    )`);
    await q.query(`CREATE INDEX idx_outbox_pending ON outbox_event (id) WHERE processed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'outbox_event',
      'idempotency_key',
      'case_number_counter',
      'hotline_call',
      'report',
      'case_event',
      'case_access_grant',
      'case_person',
      'person',
      'protection_case',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
