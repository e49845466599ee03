import { MigrationInterface, QueryRunner } from 'typeorm';

/** Temporary separation of a child from the parents or carer, the commune chair's decision (Decree 56/2017 art. 32). */
export class TemporarySeparation1764630000003 implements MigrationInterface {
  name = 'TemporarySeparation1764630000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE case_separation (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      decided_by text NOT NULL,
      decision_number text,
      decided_at timestamptz NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      placement text NOT NULL,
      separated_from text,
      reason text NOT NULL,
      ended_at timestamptz,
      end_reason text,
      recorded_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL,
      CONSTRAINT case_separation_case_id_fkey FOREIGN KEY (case_id) REFERENCES protection_case(id),
      CONSTRAINT case_separation_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES app_user(id),
      CONSTRAINT chk_case_separation_period CHECK (ends_at > starts_at AND (ended_at IS NULL OR ended_at >= starts_at)),
      CONSTRAINT chk_case_separation_end CHECK ((ended_at IS NULL) = (end_reason IS NULL))
    )`);
    await q.query(`CREATE INDEX idx_case_separation_case ON case_separation (case_id, decided_at)`);
    await q.query(`CREATE UNIQUE INDEX idx_case_separation_in_force ON case_separation (case_id) WHERE ended_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_separation`);
  }
}
