import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overdue dashboard of a province or commune reads its own obligations: open ones by due time, and those
 * met or cancelled lately (the trend), each through an index led by the place (CaseAccessPolicy.scopeParts):
 * the status second, so the pending ones past due are one range and not a filter over the overdue ones.
 */
export class ObligationPlaceIndexes1764850000002 implements MigrationInterface {
  name = 'ObligationPlaceIndexes1764850000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idx_obligation_open_province_due ON supervision_obligation (province_code, status, due_at) WHERE status IN ('PENDING', 'OVERDUE')`);
    await q.query(`CREATE INDEX idx_obligation_open_commune_due ON supervision_obligation (commune_code, status, due_at) WHERE status IN ('PENDING', 'OVERDUE')`);
    await q.query(`CREATE INDEX idx_obligation_resolved_province ON supervision_obligation (province_code, resolved_at) WHERE resolved_at IS NOT NULL`);
    await q.query(`CREATE INDEX idx_obligation_resolved_commune ON supervision_obligation (commune_code, resolved_at) WHERE resolved_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['idx_obligation_open_province_due', 'idx_obligation_open_commune_due', 'idx_obligation_resolved_province', 'idx_obligation_resolved_commune'])
      await q.query(`DROP INDEX ${name}`);
  }
}
