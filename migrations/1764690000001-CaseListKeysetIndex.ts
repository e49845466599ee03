import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case list's order index, with every key ascending: `NOT immediate_danger` instead of `immediate_danger
 * DESC` orders the same rows the same way, and lets a single row comparison on the five keys continue the list
 * from a cursor as an index range read (keyset pagination), which a mixed-direction index cannot serve.
 */
export class CaseListKeysetIndex1764690000001 implements MigrationInterface {
  name = 'CaseListKeysetIndex1764690000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_case_list_order`);
    await q.query(`CREATE INDEX idx_case_list_order ON protection_case (
      (CASE WHEN status = 'CLOSED' THEN 1 ELSE 0 END),
      (CASE risk_level WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END),
      (NOT immediate_danger), opened_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_case_list_order`);
    await q.query(`CREATE INDEX idx_case_list_order ON protection_case (
      (CASE WHEN status = 'CLOSED' THEN 1 ELSE 0 END),
      (CASE risk_level WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END),
      immediate_danger DESC, opened_at, id)`);
  }
}
