import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests for account changes that a second admin approves: creating a national supervisor or an admin,
 * resetting a supervisor's or another admin's password. The table records who asked, who decided and when.
 */
export class AdminApprovals1764600000001 implements MigrationInterface {
  name = 'AdminApprovals1764600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE admin_approval_request (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL,
      status text NOT NULL DEFAULT 'PENDING',
      username text NOT NULL,
      target_user_id uuid,
      payload jsonb NOT NULL,
      requested_by uuid NOT NULL,
      requested_at timestamptz NOT NULL,
      decided_by uuid,
      decided_at timestamptz,
      CONSTRAINT admin_approval_request_target_user_id_fkey FOREIGN KEY (target_user_id) REFERENCES app_user(id),
      CONSTRAINT admin_approval_request_requested_by_fkey FOREIGN KEY (requested_by) REFERENCES app_user(id),
      CONSTRAINT admin_approval_request_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES app_user(id),
      CONSTRAINT chk_admin_approval_kind CHECK (kind IN ('CREATE_NATIONAL_SUPERVISOR','RESET_SUPERVISOR_PASSWORD','CREATE_ADMIN','RESET_ADMIN_PASSWORD')),
      CONSTRAINT chk_admin_approval_status CHECK (status IN ('PENDING','APPROVED','REJECTED')),
      CONSTRAINT chk_admin_approval_second_admin CHECK (status <> 'APPROVED' OR decided_by <> requested_by)
    )`);
    await q.query(`CREATE INDEX idx_admin_approval_pending ON admin_approval_request (requested_at) WHERE status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin_approval_request`);
  }
}
