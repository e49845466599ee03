import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open cases by place: duplicate detection compares a new report's children with those of the province's
 * open cases, which are a small part of all the cases ever recorded there.
 */
export class OpenCasePlaceIndex1763860000000 implements MigrationInterface {
  name = 'OpenCasePlaceIndex1763860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idx_case_open_place ON protection_case (province_code, commune_code) WHERE status <> 'CLOSED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_case_open_place`);
  }
}
