import { MigrationInterface, QueryRunner } from 'typeorm';

/** Geography, agencies, users and the append-only audit log. */
export class Foundation1763770000000 implements MigrationInterface {
  name = 'Foundation1763770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE province (
      code text PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL,
      name_key text NOT NULL
    )`);
    await q.query(`CREATE TABLE commune (
      code text PRIMARY KEY,
      province_code text NOT NULL REFERENCES province(code),
      name text NOT NULL,
      name_key text NOT NULL
    )`);
    await q.query(`CREATE INDEX idx_commune_province ON commune (province_code)`);

    await q.query(`CREATE TABLE agency (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      type text NOT NULL,
      name text NOT NULL,
      province_code text REFERENCES province(code),
      commune_code text REFERENCES commune(code),
      email text,
      phone text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL,
      CONSTRAINT chk_agency_type CHECK (type IN ('POLICE','HEALTH','EDUCATION','SOCIAL_SERVICES','JUSTICE','LOCAL_AUTHORITY'))
    )`);
    await q.query(`CREATE INDEX idx_agency_geo ON agency (type, province_code, commune_code)`);

    await q.query(`CREATE TABLE app_user (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL,
      password_hash text NOT NULL,
      full_name text NOT NULL,
      role text NOT NULL,
      jurisdiction_level text NOT NULL,
      province_code text REFERENCES province(code),
      commune_code text REFERENCES commune(code),
      agency_id uuid REFERENCES agency(id),
      email text,
      phone text,
      locale text NOT NULL DEFAULT 'vi',
      active boolean NOT NULL DEFAULT true,
      failed_logins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      last_login_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL,
      CONSTRAINT chk_app_user_role CHECK (role IN ('HOTLINE_OPERATOR','CASE_WORKER','AGENCY_OFFICER','SUPERVISOR','ADMIN')),
      CONSTRAINT chk_app_user_jurisdiction CHECK (jurisdiction_level IN ('NATIONAL','PROVINCE','COMMUNE')),
      CONSTRAINT chk_app_user_scope CHECK (
        (jurisdiction_level = 'NATIONAL' AND province_code IS NULL AND commune_code IS NULL) OR
        (jurisdiction_level = 'PROVINCE' AND province_code IS NOT NULL AND commune_code IS NULL) OR
        (jurisdiction_level = 'COMMUNE' AND province_code IS NOT NULL AND commune_code IS NOT NULL)),
      CONSTRAINT chk_app_user_agency CHECK ((role = 'AGENCY_OFFICER') = (agency_id IS NOT NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX idx_app_user_username ON app_user (username)`);
    await q.query(`CREATE INDEX idx_app_user_agency ON app_user (agency_id) WHERE agency_id IS NOT NULL`);

    await q.query(`CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_id uuid,
      actor_username text,
      actor_role text,
      action text NOT NULL,
      subject_type text NOT NULL,
      subject_id text,
      province_code text,
      commune_code text,
      before jsonb,
      after jsonb,
      request_id text,
      ip text
    )`);
    await q.query(`CREATE INDEX idx_audit_subject ON audit_log (subject_type, subject_id, at)`);
    await q.query(`CREATE INDEX idx_audit_at ON audit_log (at)`);
    await q.query(`CREATE INDEX idx_audit_actor ON audit_log (actor_id, at)`);
    // Accountability (seeds 001 8.2, 003 III.1): the trail cannot be edited, not even by the application.
    await q.query(`CREATE FUNCTION forbid_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`CREATE TRIGGER trg_audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_audit_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION forbid_audit_change()`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TABLE agency`);
    await q.query(`DROP TABLE commune`);
    await q.query(`DROP TABLE province`);
  }
}
