import { MigrationInterface, QueryRunner } from 'typeorm';

const EXTENSIONS = [
  { from: 'START', duration: 'P2M', approval: null, legalBasis: 'Bộ luật Tố tụng hình sự 2015, Điều 147 khoản 2' },
  { from: 'DUE', duration: 'P2M', approval: 'Viện kiểm sát', legalBasis: 'Bộ luật Tố tụng hình sự 2015, Điều 147 khoản 2' },
];

/**
 * The police side of a referral: the extensions of the time to decide on a crime report (Criminal Procedure
 * Code art. 147(2)) as policy data, and a case note that records the reporter was told the decision
 * (art. 145(4); Circular 43/2021 art. 12(2)).
 */
export class PoliceDecisionsAndReporterNotice1764630000004 implements MigrationInterface {
  name = 'PoliceDecisionsAndReporterNotice1764630000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE deadline_policy SET basis_by_agency_type = jsonb_set(basis_by_agency_type, '{POLICE,extensions}', $1::jsonb), version = version + 1
        WHERE key = 'REFERRAL_COMPLETE' AND basis_by_agency_type ? 'POLICE' AND NOT (basis_by_agency_type->'POLICE' ? 'extensions')`,
      [JSON.stringify(EXTENSIONS)],
    );
    await q.query(`ALTER TABLE case_note DROP CONSTRAINT chk_case_note_type`);
    await q.query(`ALTER TABLE case_note ADD CONSTRAINT chk_case_note_type CHECK (type IN ('VISIT','CALL','MEETING','REPORTER_NOTIFIED','OTHER'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE case_note SET type = 'OTHER' WHERE type = 'REPORTER_NOTIFIED'`);
    await q.query(`ALTER TABLE case_note DROP CONSTRAINT chk_case_note_type`);
    await q.query(`ALTER TABLE case_note ADD CONSTRAINT chk_case_note_type CHECK (type IN ('VISIT','CALL','MEETING','OTHER'))`);
    await q.query(
      `UPDATE deadline_policy SET basis_by_agency_type = basis_by_agency_type #- '{POLICE,extensions}', version = version + 1
        WHERE key = 'REFERRAL_COMPLETE' AND basis_by_agency_type ? 'POLICE'`,
    );
  }
}
