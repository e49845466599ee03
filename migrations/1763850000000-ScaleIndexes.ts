import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the measurements at 1,000,000 cases asked for (docs/benchmarks.md, EXPLAIN ANALYZE before/after):
 * - the case list's default order (open first, worst risk, immediate danger, oldest): the first page of a
 *   national list reads 50 index entries instead of sorting every case;
 * - status and risk filters without a province (national supervisors), which also serve their count;
 * - reports by call, for duplicate detection by caller phone (hotline_call → report), which scanned report.
 */
export class ScaleIndexes1763850000000 implements MigrationInterface {
  name = 'ScaleIndexes1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idx_case_list_order ON protection_case (
      (CASE WHEN status = 'CLOSED' THEN 1 ELSE 0 END),
      (CASE risk_level WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END),
      immediate_danger DESC, opened_at, id)`);
    await q.query(`CREATE INDEX idx_case_status_risk ON protection_case (status, risk_level, opened_at)`);
    await q.query(`CREATE INDEX idx_report_call ON report (call_id) WHERE call_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_report_call`);
    await q.query(`DROP INDEX idx_case_status_risk`);
    await q.query(`DROP INDEX idx_case_list_order`);
  }
}
