import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * stat_child is written for every child named in a report and read in two ways only: its shared children and its
 * children supported after a period (read-models.repository.ts), each through its own partial index, and by
 * report, person, case or id when a source row changes. Its indexes on the received time alone and by province or
 * commune were read by nothing (none was used in the 1M bench database's whole history) and cost three index
 * insertions per child on the intake's path.
 */
export class StatChildReadIndexes1764870000012 implements MigrationInterface {
  name = 'StatChildReadIndexes1764870000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_stat_child_received`);
    await q.query(`DROP INDEX idx_stat_child_province`);
    await q.query(`DROP INDEX idx_stat_child_commune`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idx_stat_child_received ON stat_child (received_at)`);
    await q.query(`CREATE INDEX idx_stat_child_province ON stat_child (province_code, received_at)`);
    await q.query(`CREATE INDEX idx_stat_child_commune ON stat_child (commune_code, received_at)`);
  }
}
