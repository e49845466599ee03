import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Vacuum the deadlines and their projection after 2 % of their rows changed, not 20 %. Every step fired moves a
 * deadline's next_fire_at: the old entries of idx_deadline_fire stay behind, before now, until a vacuum, and the
 * firer's scans of "open and due by now" walk through them. With 40,000 of them (under the default threshold of
 * 47,000 at 235,000 deadlines) the worker's check for anything left due took 46–110 ms after each firing run.
 */
export class DeadlineVacuum1764870000004 implements MigrationInterface {
  name = 'DeadlineVacuum1764870000004';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['deadline', 'supervision_obligation'])
      await q.query(`ALTER TABLE ${table} SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['deadline', 'supervision_obligation']) await q.query(`ALTER TABLE ${table} RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`);
  }
}
