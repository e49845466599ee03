import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The duplicate search's name arm reads the open children sharing a given name in a province (or the country),
 * ranks them by their name parts and keeps the best 50. The rank, order and filters only need the case, its
 * commune and the name, so the indexes carry them: PostgreSQL answers from the index alone instead of visiting
 * a page of the table per child (in the 1M bench database a common given name in a province is ~500 children
 * on ~420 pages: 1.4 ms of the search's ~5, against 0.6).
 */
export class OpenChildNamesCovering1764870000011 implements MigrationInterface {
  name = 'OpenChildNamesCovering1764870000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_open_case_child_given`);
    await q.query(`CREATE INDEX idx_open_case_child_given ON open_case_child (province_code, given_key) INCLUDE (commune_code, case_id, name_key)`);
    await q.query(`DROP INDEX idx_open_case_child_given_national`);
    await q.query(`CREATE INDEX idx_open_case_child_given_national ON open_case_child (given_key) INCLUDE (province_code, commune_code, case_id, name_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_open_case_child_given_national`);
    await q.query(`CREATE INDEX idx_open_case_child_given_national ON open_case_child (given_key)`);
    await q.query(`DROP INDEX idx_open_case_child_given`);
    await q.query(`CREATE INDEX idx_open_case_child_given ON open_case_child (province_code, given_key)`);
  }
}
