import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The open deadlines by their next step's time, for the three questions the timers ask: is a step due, which
 * are due (claimed in firing order), which are due within the reconciler's horizon. They were answered from
 * idx_deadline_fire (status, next_fire_at), which cannot give both open statuses in time order; after 10,000
 * steps fell due at once the statistics still expected thousands due, and PostgreSQL scanned all 345,000
 * deadlines of the 1M bench database for each of the reconciler's two questions a minute (0.55 s each alone,
 * up to 1.4 s under the intake load). This index holds only open deadlines (the others have no next step,
 * chk_deadline_state), in time order: each question reads a few entries. idx_deadline_fire stays for the reads
 * by status.
 */
export class DeadlineDueIndex1764870000010 implements MigrationInterface {
  name = 'DeadlineDueIndex1764870000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idx_deadline_due ON deadline (next_fire_at) WHERE status IN ('PENDING','OVERDUE')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_deadline_due`);
  }
}
