import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Vacuum the deadlines after 5 % of them changed, not 20 %. Every step fired moves a deadline's next_fire_at:
 * the old entries of idx_deadline_fire stay behind, before now, until a vacuum, and the firer's scans of "open
 * and due by now" walk through them. With 41,700 dead rows (under the default threshold of 47,000 at 235,000
 * deadlines) the worker's check for anything left due took 46–110 ms after each firing run. Not lower: at 2 %
 * (and the projection's table too) autovacuum ran on both while the bench fired 10,000 deadlines at once, all
 * escalated after 11.4 s, against 6.8 s in a run of the lateness tests alone.
 */
export class DeadlineVacuum1764870000004 implements MigrationInterface {
  name = 'DeadlineVacuum1764870000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_threshold = 1000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`);
  }
}
