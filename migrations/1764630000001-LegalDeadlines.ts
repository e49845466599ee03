import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_KEYS = `'CASE_ASSESSMENT','CASE_PLAN','CASE_REVIEW','REFERRAL_ACKNOWLEDGE','REFERRAL_COMPLETE'`;
const NEW_KEYS = `${OLD_KEYS},'URGENT_PROTECTION','PLAN_APPROVAL','SEPARATION_END','REPORTER_NOTIFICATION'`;

const D56 = 'Nghị định 56/2017/NĐ-CP';
const BLTTHS = 'Bộ luật Tố tụng hình sự 2015';
const TT43 = 'Thông tư 43/2021/TT-BCA';

/** What each existing policy rests on (domain.md, December 2026). */
const BASIS: [key: string, kind: string, legalBasis: string][] = [
  ['CASE_ASSESSMENT', 'POLICY', `Mục tiêu của hệ thống; ${D56}, Điều 26 khoản 1, 2 (đánh giá ngay, không quy định số giờ)`],
  ['CASE_PLAN', 'LEGAL', `${D56}, Điều 28 khoản 1`],
  ['CASE_REVIEW', 'POLICY', `Mục tiêu của hệ thống; ${D56}, Điều 30 không quy định thời hạn`],
  ['REFERRAL_ACKNOWLEDGE', 'POLICY', 'Mục tiêu của hệ thống'],
  ['REFERRAL_COMPLETE', 'POLICY', 'Mục tiêu của hệ thống'],
];

/**
 * Deadlines as the law writes them (Decree 56/2017 arts. 26, 28, 32; Criminal Procedure Code art. 147):
 * each policy says whether it is law and on which article; limits may differ by agency type (the police);
 * new obligations for urgent protection, plan approval, temporary separation and telling the reporter.
 * Pending deadlines keep their due times; only the defaults for new ones change, and only where an
 * administrator had not edited them.
 */
export class LegalDeadlines1764630000001 implements MigrationInterface {
  name = 'LegalDeadlines1764630000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline_policy
      ADD COLUMN kind text, ADD COLUMN legal_basis text,
      ADD COLUMN by_agency_type jsonb NOT NULL DEFAULT '{}', ADD COLUMN basis_by_agency_type jsonb NOT NULL DEFAULT '{}'`);
    for (const [key, kind, basis] of BASIS) {
      await q.query(`UPDATE deadline_policy SET kind = $2, legal_basis = $3 WHERE key = $1`, [key, kind, basis]);
    }
    await q.query(`UPDATE deadline_policy SET kind = 'POLICY', legal_basis = 'Mục tiêu của hệ thống' WHERE kind IS NULL`);
    // The decree's 5 working days replace the 7 we had, unless an administrator chose another value.
    await q.query(`UPDATE deadline_policy SET duration = 'P5D', version = version + 1 WHERE key = 'CASE_PLAN' AND duration = 'P7D' AND working_days`);
    await q.query(`UPDATE deadline_policy SET by_agency_type = $2, basis_by_agency_type = $3, version = version + 1 WHERE key = $1 AND by_agency_type = '{}'`, [
      'REFERRAL_ACKNOWLEDGE',
      JSON.stringify({ POLICE: 'P3D' }),
      JSON.stringify({ POLICE: { kind: 'LEGAL', legalBasis: `${TT43}, Điều 8` } }),
    ]);
    await q.query(`UPDATE deadline_policy SET by_agency_type = $2, basis_by_agency_type = $3, version = version + 1 WHERE key = $1 AND by_agency_type = '{}'`, [
      'REFERRAL_COMPLETE',
      JSON.stringify({ POLICE: 'P20D' }),
      JSON.stringify({ POLICE: { kind: 'LEGAL', legalBasis: `${BLTTHS}, Điều 147 khoản 1` } }),
    ]);
    await q.query(`ALTER TABLE deadline_policy
      ALTER COLUMN kind SET NOT NULL, ALTER COLUMN legal_basis SET NOT NULL,
      ALTER COLUMN by_agency_type DROP DEFAULT, ALTER COLUMN basis_by_agency_type DROP DEFAULT`);
    await q.query(`ALTER TABLE deadline_policy DROP CONSTRAINT chk_deadline_policy_key`);
    await q.query(`ALTER TABLE deadline_policy
      ADD CONSTRAINT chk_deadline_policy_key CHECK (key IN (${NEW_KEYS})),
      ADD CONSTRAINT chk_deadline_policy_kind CHECK (kind IN ('LEGAL','POLICY')),
      ADD CONSTRAINT chk_deadline_policy_by_agency_type CHECK (jsonb_typeof(by_agency_type) = 'object' AND jsonb_typeof(basis_by_agency_type) = 'object')`);

    // Deadlines already started say what they rest on too: the policy they were started under.
    for (const [key, kind, basis] of BASIS) {
      await q.query(`UPDATE deadline SET policy = policy || jsonb_build_object('kind', $2::text, 'legalBasis', $3::text) WHERE key = $1`, [key, kind, basis]);
    }

    await q.query(`ALTER TABLE deadline DROP CONSTRAINT chk_deadline_key, DROP CONSTRAINT chk_deadline_subject`);
    await q.query(`ALTER TABLE deadline
      ADD CONSTRAINT chk_deadline_key CHECK (key IN (${NEW_KEYS})),
      ADD CONSTRAINT chk_deadline_subject CHECK (
        (subject_type = 'CASE' AND subject_id = case_id AND agency_id IS NULL AND key NOT LIKE 'REFERRAL\\_%') OR
        (subject_type = 'REFERRAL' AND agency_id IS NOT NULL AND key LIKE 'REFERRAL\\_%'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM deadline WHERE key NOT IN (${OLD_KEYS})`);
    await q.query(`DELETE FROM deadline_policy WHERE key NOT IN (${OLD_KEYS})`);
    await q.query(`ALTER TABLE deadline DROP CONSTRAINT chk_deadline_key, DROP CONSTRAINT chk_deadline_subject`);
    await q.query(`ALTER TABLE deadline
      ADD CONSTRAINT chk_deadline_key CHECK (key IN (${OLD_KEYS})),
      ADD CONSTRAINT chk_deadline_subject CHECK (
        (subject_type = 'CASE' AND subject_id = case_id AND agency_id IS NULL AND key LIKE 'CASE\\_%') OR
        (subject_type = 'REFERRAL' AND agency_id IS NOT NULL AND key LIKE 'REFERRAL\\_%'))`);
    await q.query(`UPDATE deadline SET policy = policy - 'kind' - 'legalBasis'`);
    await q.query(`UPDATE deadline_policy SET duration = 'P7D', version = version + 1 WHERE key = 'CASE_PLAN' AND duration = 'P5D' AND working_days`);
    await q.query(
      `ALTER TABLE deadline_policy DROP CONSTRAINT chk_deadline_policy_key, DROP CONSTRAINT chk_deadline_policy_kind, DROP CONSTRAINT chk_deadline_policy_by_agency_type`,
    );
    await q.query(`ALTER TABLE deadline_policy ADD CONSTRAINT chk_deadline_policy_key CHECK (key IN (${OLD_KEYS}))`);
    await q.query(`ALTER TABLE deadline_policy DROP COLUMN kind, DROP COLUMN legal_basis, DROP COLUMN by_agency_type, DROP COLUMN basis_by_agency_type`);
  }
}
