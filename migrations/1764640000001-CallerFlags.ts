import { MigrationInterface, QueryRunner } from 'typeorm';

/** Supervisors' flags on phone numbers (repeated prank calls and the like), with an expiry. */
export class CallerFlags1764640000001 implements MigrationInterface {
  name = 'CallerFlags1764640000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE caller_flag (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      phone text NOT NULL,
      type text NOT NULL,
      note text NOT NULL,
      province_code text,
      until timestamptz NOT NULL,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      cleared_at timestamptz,
      cleared_by uuid,
      CONSTRAINT chk_caller_flag_type CHECK (type IN ('PRANK','SILENT','ABUSIVE','NEEDS_CARE','OTHER')),
      CONSTRAINT chk_caller_flag_times CHECK (until > created_at)
    )`);
    await q.query(`CREATE INDEX idx_caller_flag_phone ON caller_flag (phone, until)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE caller_flag`);
  }
}
