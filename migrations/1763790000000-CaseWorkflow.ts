import { MigrationInterface, QueryRunner } from 'typeorm';

/** The case workflow: assessments, plan versions and their items, reviews, notes and urgent protection measures. */
export class CaseWorkflow1763790000000 implements MigrationInterface {
  name = 'CaseWorkflow1763790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE case_assessment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      risk_level text NOT NULL,
      founded boolean NOT NULL,
      summary text NOT NULL,
      factors_checked text[] NOT NULL DEFAULT '{}',
      child_safe_now boolean,
      persons_met text[] NOT NULL DEFAULT '{}',
      protection_level text,
      assessed_by uuid NOT NULL,
      assessed_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT case_assessment_case_id_fkey FOREIGN KEY (case_id) REFERENCES protection_case(id),
      CONSTRAINT case_assessment_assessed_by_fkey FOREIGN KEY (assessed_by) REFERENCES app_user(id),
      CONSTRAINT chk_case_assessment_risk CHECK (risk_level IN ('LOW','MEDIUM','HIGH','CRITICAL')),
      CONSTRAINT chk_case_assessment_protection CHECK (protection_level IN ('PREVENTION','SUPPORT','INTERVENTION'))
    )`);
    await q.query(`CREATE INDEX idx_case_assessment_case ON case_assessment (case_id, assessed_at)`);

    await q.query(`CREATE TABLE case_plan (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      version_number integer NOT NULL,
      status text NOT NULL,
      goals text[] NOT NULL,
      submitted_by uuid NOT NULL,
      submitted_at timestamptz NOT NULL,
      decided_by uuid,
      decided_at timestamptz,
      return_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT case_plan_case_id_fkey FOREIGN KEY (case_id) REFERENCES protection_case(id),
      CONSTRAINT case_plan_submitted_by_fkey FOREIGN KEY (submitted_by) REFERENCES app_user(id),
      CONSTRAINT case_plan_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES app_user(id),
      CONSTRAINT chk_case_plan_status CHECK (status IN ('SUBMITTED','RETURNED','APPROVED','SUPERSEDED'))
    )`);
    await q.query(`CREATE UNIQUE INDEX idx_case_plan_version ON case_plan (case_id, version_number)`);

    await q.query(`CREATE TABLE case_plan_item (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL,
      position integer NOT NULL,
      service text NOT NULL,
      responsible_agency_type text,
      responsible_person text,
      due_date date NOT NULL,
      CONSTRAINT case_plan_item_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES case_plan(id),
      CONSTRAINT chk_case_plan_item_agency CHECK (responsible_agency_type IN ('POLICE','HEALTH','EDUCATION','SOCIAL_SERVICES','JUSTICE','LOCAL_AUTHORITY'))
    )`);
    await q.query(`CREATE UNIQUE INDEX idx_case_plan_item_plan ON case_plan_item (plan_id, position)`);

    await q.query(`CREATE TABLE case_review (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      plan_id uuid,
      summary text NOT NULL,
      items jsonb NOT NULL,
      next_round boolean NOT NULL,
      reviewed_by uuid NOT NULL,
      reviewed_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT case_review_case_id_fkey FOREIGN KEY (case_id) REFERENCES protection_case(id),
      CONSTRAINT case_review_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES case_plan(id),
      CONSTRAINT case_review_reviewed_by_fkey FOREIGN KEY (reviewed_by) REFERENCES app_user(id)
    )`);
    await q.query(`CREATE INDEX idx_case_review_case ON case_review (case_id, reviewed_at)`);

    await q.query(`CREATE TABLE case_note (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      type text NOT NULL,
      text text NOT NULL,
      occurred_at timestamptz NOT NULL,
      author_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT case_note_case_id_fkey FOREIGN KEY (case_id) REFERENCES protection_case(id),
      CONSTRAINT case_note_author_id_fkey FOREIGN KEY (author_id) REFERENCES app_user(id),
      CONSTRAINT chk_case_note_type CHECK (type IN ('VISIT','CALL','MEETING','OTHER'))
    )`);
    await q.query(`CREATE INDEX idx_case_note_case ON case_note (case_id, occurred_at)`);

    await q.query(`CREATE TABLE case_emergency_measure (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      measure_type text NOT NULL,
      description text NOT NULL,
      taken_at timestamptz NOT NULL,
      recorded_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT case_emergency_measure_case_id_fkey FOREIGN KEY (case_id) REFERENCES protection_case(id),
      CONSTRAINT case_emergency_measure_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES app_user(id),
      CONSTRAINT chk_case_emergency_measure_type CHECK (measure_type IN ('REMOVAL_FROM_HARM','TEMPORARY_ALTERNATIVE_CARE','MEDICAL_CARE','POLICE_PROTECTION','OTHER'))
    )`);
    await q.query(`CREATE INDEX idx_case_emergency_measure_case ON case_emergency_measure (case_id, taken_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['case_emergency_measure', 'case_note', 'case_review', 'case_plan_item', 'case_plan', 'case_assessment']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
