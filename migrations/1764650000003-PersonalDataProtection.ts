import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal Data Protection Law 91/2025 and Decree 356/2025: consent per person and disclosure, the disclosures
 * made, a retention policy as data, and the record of cases whose identifying data was anonymised under it.
 */
export class PersonalDataProtection1764650000003 implements MigrationInterface {
  name = 'PersonalDataProtection1764650000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE consent_record (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL CONSTRAINT consent_record_case_id_fkey REFERENCES protection_case(id),
      person_id uuid NOT NULL CONSTRAINT consent_record_person_id_fkey REFERENCES person(id),
      disclosure text NOT NULL,
      given_by text NOT NULL,
      given_by_name text,
      given_at timestamptz NOT NULL,
      withdrawn_at timestamptz,
      recorded_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT chk_consent_record_given_by CHECK (given_by IN ('CHILD','LEGAL_REPRESENTATIVE'))
    )`);
    await q.query(`CREATE INDEX idx_consent_record_case ON consent_record (case_id, person_id)`);
    await q.query(`CREATE TABLE disclosure_record (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL CONSTRAINT disclosure_record_case_id_fkey REFERENCES protection_case(id),
      person_id uuid NOT NULL CONSTRAINT disclosure_record_person_id_fkey REFERENCES person(id),
      disclosure text NOT NULL,
      recipient text NOT NULL,
      legal_basis text,
      disclosed_by uuid NOT NULL,
      disclosed_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX idx_disclosure_record_case ON disclosure_record (case_id)`);
    await q.query(`CREATE TABLE retention_policy (
      key text PRIMARY KEY,
      duration text NOT NULL,
      legal_basis text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid
    )`);
    await q.query(`INSERT INTO retention_policy (key, duration, legal_basis) VALUES
      ('CLOSED_CASE_IDENTIFYING_DATA', 'P5Y', 'Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 và Nghị định 356/2025/NĐ-CP: dữ liệu chỉ lưu trong thời gian cần cho mục đích xử lý (chính sách của hệ thống, quản trị viên điều chỉnh)')`);
    await q.query(`CREATE TABLE case_anonymisation (
      case_id uuid PRIMARY KEY CONSTRAINT case_anonymisation_case_id_fkey REFERENCES protection_case(id),
      anonymised_at timestamptz NOT NULL,
      policy_duration text NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_anonymisation`);
    await q.query(`DROP TABLE retention_policy`);
    await q.query(`DROP TABLE disclosure_record`);
    await q.query(`DROP TABLE consent_record`);
  }
}
