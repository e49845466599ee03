import { MigrationInterface, QueryRunner } from 'typeorm';

const AGENCY_TYPES = `'POLICE','HEALTH','EDUCATION','SOCIAL_SERVICES','JUSTICE','LOCAL_AUTHORITY'`;
const OPEN_STATUSES = `'SENT','ACKNOWLEDGED','ACCEPTED','IN_PROGRESS'`;

/** Routing rules (versioned data), referrals to agencies and the append-only history of each referral. */
export class Referrals1763800000000 implements MigrationInterface {
  name = 'Referrals1763800000000';

  async up(q: QueryRunner): Promise<void> {
    // A rule is never edited in place: each change is a new row (same number, next version).
    await q.query(`CREATE TABLE routing_rule (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number integer NOT NULL,
      version integer NOT NULL,
      name text NOT NULL,
      name_vi text,
      condition jsonb NOT NULL,
      agency_types text[] NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid,
      CONSTRAINT routing_rule_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user(id),
      CONSTRAINT chk_routing_rule_number CHECK (number >= 1 AND version >= 1),
      CONSTRAINT chk_routing_rule_agency_types CHECK (cardinality(agency_types) > 0 AND agency_types <@ ARRAY[${AGENCY_TYPES}]::text[])
    )`);
    await q.query(`CREATE UNIQUE INDEX idx_routing_rule_version ON routing_rule (number, version)`);
    await q.query(`CREATE UNIQUE INDEX idx_routing_rule_active ON routing_rule (number) WHERE active`);

    await q.query(`CREATE TABLE referral (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      agency_id uuid NOT NULL,
      agency_type text NOT NULL,
      status text NOT NULL,
      risk_level text NOT NULL,
      explanation text NOT NULL,
      reason text,
      rule_refs jsonb NOT NULL,
      source_event_id bigint,
      created_by uuid,
      sent_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      accepted_at timestamptz,
      declined_at timestamptz,
      decline_reason text,
      started_at timestamptz,
      completed_at timestamptz,
      outcome_code text,
      outcome_note text,
      cancelled_at timestamptz,
      cancel_reason text,
      version integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT referral_case_id_fkey FOREIGN KEY (case_id) REFERENCES protection_case(id),
      CONSTRAINT referral_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agency(id),
      CONSTRAINT referral_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user(id),
      CONSTRAINT chk_referral_agency_type CHECK (agency_type IN (${AGENCY_TYPES})),
      CONSTRAINT chk_referral_status CHECK (status IN ('SENT','ACKNOWLEDGED','ACCEPTED','DECLINED','IN_PROGRESS','COMPLETED','CANCELLED')),
      CONSTRAINT chk_referral_risk CHECK (risk_level IN ('LOW','MEDIUM','HIGH','CRITICAL')),
      CONSTRAINT chk_referral_final_data CHECK (
        (status <> 'DECLINED' OR decline_reason IS NOT NULL) AND
        (status <> 'COMPLETED' OR outcome_code IS NOT NULL) AND
        (status <> 'CANCELLED' OR cancel_reason IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX idx_referral_case ON referral (case_id, created_at)`);
    await q.query(`CREATE INDEX idx_referral_inbox ON referral (agency_id, status, sent_at)`);
    // One open referral per case and agency type: routing and workers racing cannot refer twice.
    await q.query(`CREATE UNIQUE INDEX idx_referral_open ON referral (case_id, agency_type) WHERE status IN (${OPEN_STATUSES})`);

    await q.query(`CREATE TABLE referral_event (
      id bigserial PRIMARY KEY,
      referral_id uuid NOT NULL,
      at timestamptz NOT NULL,
      type text NOT NULL,
      from_status text,
      to_status text NOT NULL,
      actor_id uuid,
      actor_username text,
      data jsonb,
      CONSTRAINT referral_event_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES referral(id)
    )`);
    await q.query(`CREATE INDEX idx_referral_event_referral ON referral_event (referral_id, at)`);
    await q.query(`CREATE TRIGGER trg_referral_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON referral_event
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_audit_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referral_event`);
    await q.query(`DROP TABLE referral`);
    await q.query(`DROP TABLE routing_rule`);
  }
}
