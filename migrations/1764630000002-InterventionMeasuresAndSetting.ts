import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_MEASURES = `'REMOVAL_FROM_HARM','TEMPORARY_ALTERNATIVE_CARE','MEDICAL_CARE','POLICE_PROTECTION','OTHER'`;
const MEASURES = `'MEDICAL_CARE','REMOVAL_FROM_HARM','TEMPORARY_ALTERNATIVE_CARE','FAMILY_REUNIFICATION','PARENT_COUNSELLING','LEGAL_AID',
'SOCIAL_SUPPORT','SAFETY_MONITORING','POLICE_PROTECTION','FIRST_AID','EVIDENCE_PRESERVATION','TEMPORARY_SEPARATION',
'SOCIAL_FACILITY_PLACEMENT','SERVICE_LINKING','OTHER'`.replace(/\s+/g, '');
const SETTINGS = `'FAMILY','SCHOOL','COMMUNITY','ONLINE','WORKPLACE','INSTITUTION','OTHER','UNKNOWN'`;

/**
 * Intervention measures as the law lists them (Law on Children art. 50(2) a–h, Decree 56/2017 art. 31(3)(a),
 * Circular 14/2020 art. 12) for urgent measures and plan items, and the setting of the abuse on reports
 * (indicator 0101 of Circular 13/2021). Existing measures keep their types, all still valid.
 */
export class InterventionMeasuresAndSetting1764630000002 implements MigrationInterface {
  name = 'InterventionMeasuresAndSetting1764630000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_emergency_measure DROP CONSTRAINT chk_case_emergency_measure_type`);
    await q.query(`ALTER TABLE case_emergency_measure ADD CONSTRAINT chk_case_emergency_measure_type CHECK (measure_type IN (${MEASURES}))`);
    await q.query(`ALTER TABLE case_plan_item ADD COLUMN measure_type text`);
    await q.query(`ALTER TABLE case_plan_item ADD CONSTRAINT chk_case_plan_item_measure_type CHECK (measure_type IN (${MEASURES}))`);
    await q.query(`ALTER TABLE report ADD COLUMN setting text NOT NULL DEFAULT 'UNKNOWN'`);
    await q.query(`ALTER TABLE report ADD CONSTRAINT chk_report_setting CHECK (setting IN (${SETTINGS}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report DROP COLUMN setting`);
    await q.query(`ALTER TABLE case_plan_item DROP COLUMN measure_type`);
    await q.query(`UPDATE case_emergency_measure SET measure_type = 'OTHER' WHERE measure_type NOT IN (${OLD_MEASURES})`);
    await q.query(`ALTER TABLE case_emergency_measure DROP CONSTRAINT chk_case_emergency_measure_type`);
    await q.query(`ALTER TABLE case_emergency_measure ADD CONSTRAINT chk_case_emergency_measure_type CHECK (measure_type IN (${OLD_MEASURES}))`);
  }
}
