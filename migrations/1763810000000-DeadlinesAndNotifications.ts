import { MigrationInterface, QueryRunner } from 'typeorm';

const KEYS = `'CASE_ASSESSMENT','CASE_PLAN','CASE_REVIEW','REFERRAL_ACKNOWLEDGE','REFERRAL_COMPLETE'`;
const OPEN = `'PENDING','OVERDUE'`;

/**
 * Deadlines and escalation (policies and the holiday calendar as data, one row per obligation with its
 * timer state) and notifications (the in-app inbox and the email/SMS deliveries).
 */
export class DeadlinesAndNotifications1763810000000 implements MigrationInterface {
  name = 'DeadlinesAndNotifications1763810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE deadline_policy (
      key text PRIMARY KEY,
      duration text NOT NULL,
      working_days boolean NOT NULL,
      by_risk jsonb NOT NULL,
      escalate_after jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid,
      version integer NOT NULL,
      CONSTRAINT deadline_policy_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES app_user(id),
      CONSTRAINT chk_deadline_policy_key CHECK (key IN (${KEYS})),
      CONSTRAINT chk_deadline_policy_by_risk CHECK (jsonb_typeof(by_risk) = 'object'),
      CONSTRAINT chk_deadline_policy_escalate_after CHECK (jsonb_typeof(escalate_after) = 'array' AND jsonb_array_length(escalate_after) <= 2)
    )`);

    await q.query(`CREATE TABLE public_holiday (
      date date PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL,
      CONSTRAINT chk_public_holiday_kind CHECK (kind IN ('HOLIDAY','COMPENSATORY_DAY_OFF','MAKEUP_WORKING_DAY')),
      CONSTRAINT chk_public_holiday_name CHECK (length(btrim(name)) > 0)
    )`);

    await q.query(`CREATE TABLE deadline (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      key text NOT NULL,
      subject_type text NOT NULL,
      subject_id uuid NOT NULL,
      case_id uuid NOT NULL,
      agency_id uuid,
      assignee_id uuid,
      province_code text,
      commune_code text,
      risk_level text,
      started_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      escalate1_at timestamptz,
      escalate2_at timestamptz,
      status text NOT NULL,
      escalation_level integer NOT NULL DEFAULT 0,
      escalation_scope text,
      next_fire_at timestamptz,
      overdue_at timestamptz,
      met_at timestamptz,
      cancelled_at timestamptz,
      cancel_reason text,
      policy jsonb NOT NULL,
      source_event_id bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL,
      CONSTRAINT deadline_case_id_fkey FOREIGN KEY (case_id) REFERENCES protection_case(id),
      CONSTRAINT deadline_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agency(id),
      CONSTRAINT deadline_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES app_user(id),
      CONSTRAINT chk_deadline_key CHECK (key IN (${KEYS})),
      CONSTRAINT chk_deadline_subject_type CHECK (subject_type IN ('CASE','REFERRAL')),
      CONSTRAINT chk_deadline_status CHECK (status IN ('PENDING','MET','OVERDUE','CANCELLED')),
      CONSTRAINT chk_deadline_escalation_level CHECK (escalation_level BETWEEN 0 AND 2),
      CONSTRAINT chk_deadline_escalation_scope CHECK (escalation_scope IN ('COMMUNE','PROVINCE','NATIONAL')),
      CONSTRAINT chk_deadline_risk CHECK (risk_level IN ('LOW','MEDIUM','HIGH','CRITICAL')),
      CONSTRAINT chk_deadline_subject CHECK (
        (subject_type = 'CASE' AND subject_id = case_id AND agency_id IS NULL AND key LIKE 'CASE\\_%') OR
        (subject_type = 'REFERRAL' AND agency_id IS NOT NULL AND key LIKE 'REFERRAL\\_%')),
      CONSTRAINT chk_deadline_state CHECK (
        (status <> 'MET' OR met_at IS NOT NULL) AND (status <> 'CANCELLED' OR cancelled_at IS NOT NULL) AND
        (status <> 'OVERDUE' OR overdue_at IS NOT NULL) AND (status <> 'PENDING' OR escalation_level = 0) AND
        (status IN (${OPEN}) OR next_fire_at IS NULL)),
      CONSTRAINT chk_deadline_times CHECK (
        due_at >= started_at AND (escalate1_at IS NULL OR escalate1_at >= due_at) AND (escalate2_at IS NULL OR escalate2_at >= escalate1_at))
    )`);
    // One open deadline per obligation: redelivered or racing events cannot start it twice.
    await q.query(`CREATE UNIQUE INDEX idx_deadline_open ON deadline (key, subject_id) WHERE status IN (${OPEN})`);
    // The reconciler's scan: open steps by the time they fire.
    await q.query(`CREATE INDEX idx_deadline_fire ON deadline (status, next_fire_at)`);
    await q.query(`CREATE INDEX idx_deadline_case ON deadline (case_id, status)`);
    await q.query(`CREATE INDEX idx_deadline_subject ON deadline (subject_id, key)`);
    await q.query(`CREATE INDEX idx_deadline_agency ON deadline (agency_id, status) WHERE agency_id IS NOT NULL`);

    await q.query(`CREATE TABLE notification (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL,
      type text NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      case_id uuid,
      referral_id uuid,
      deadline_id uuid,
      dedupe_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      CONSTRAINT notification_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user(id),
      CONSTRAINT notification_case_id_fkey FOREIGN KEY (case_id) REFERENCES protection_case(id),
      CONSTRAINT notification_deadline_id_fkey FOREIGN KEY (deadline_id) REFERENCES deadline(id)
    )`);
    // The same occurrence (e.g. one deadline step) reaches each person at most once.
    await q.query(`CREATE UNIQUE INDEX idx_notification_dedupe ON notification (dedupe_key, user_id)`);
    await q.query(`CREATE INDEX idx_notification_inbox ON notification (user_id, read_at, created_at)`);
    await q.query(`CREATE INDEX idx_notification_deadline ON notification (deadline_id) WHERE deadline_id IS NOT NULL`);

    await q.query(`CREATE TABLE notification_delivery (
      notification_id uuid NOT NULL,
      channel text NOT NULL,
      address text NOT NULL,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (notification_id, channel),
      CONSTRAINT notification_delivery_notification_id_fkey FOREIGN KEY (notification_id) REFERENCES notification(id),
      CONSTRAINT chk_notification_delivery_channel CHECK (channel IN ('EMAIL','SMS')),
      CONSTRAINT chk_notification_delivery_status CHECK (status IN ('PENDING','SENT','FAILED','SKIPPED')),
      CONSTRAINT chk_notification_delivery_sent CHECK ((status = 'SENT') = (sent_at IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX idx_notification_delivery_pending ON notification_delivery (created_at) WHERE status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['notification_delivery', 'notification', 'deadline', 'public_holiday', 'deadline_policy']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
