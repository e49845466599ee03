import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deadline's change (met, cancelled, fired) locks its case and referral before the obligation rows the read
 * models keep, the order every other writer takes them in: a case transition or a referral action holds its row
 * and then updates those rows through its trigger, and the worker meeting a deadline took them the other way
 * round, which deadlocked under load (a 500 for the social worker or the agency officer).
 */
export class DeadlineLocksCaseFirst1764830000002 implements MigrationInterface {
  name = 'DeadlineLocksCaseFirst1764830000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION supervision_deadline_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM 1 FROM protection_case c WHERE c.id IN (SELECT case_id FROM new_rows) FOR SHARE;
          PERFORM 1 FROM referral rf WHERE rf.id IN (SELECT subject_id FROM new_rows WHERE subject_type = 'REFERRAL') FOR SHARE;
          INSERT INTO supervision_obligation
          SELECT d.id, d.case_id, d.subject_type, d.subject_id, d.key, d.status, d.policy->>'kind', d.policy->>'legalBasis', d.started_at, d.due_at,
                 d.escalation_level, d.met_at, coalesce(d.met_at, d.cancelled_at),
                 c.case_number, c.status, c.risk_level, c.immediate_danger, c.province_code, c.commune_code, c.opened_at, c.assignee_id,
                 rf.status, rf.agency_id, rf.agency_type
            FROM new_rows d JOIN protection_case c ON c.id = d.case_id
            LEFT JOIN referral rf ON rf.id = d.subject_id AND d.subject_type = 'REFERRAL';
        ELSIF TG_OP = 'DELETE' THEN
          DELETE FROM supervision_obligation s USING old_rows o WHERE s.deadline_id = o.id;
        ELSE
          -- The case and the referral first, then the obligation rows: an API transaction holding either updates
          -- the same rows through its trigger, so taking them in the other order can deadlock.
          PERFORM 1 FROM protection_case c WHERE c.id IN (SELECT case_id FROM new_rows) ORDER BY c.id FOR SHARE;
          PERFORM 1 FROM referral rf WHERE rf.id IN (SELECT subject_id FROM new_rows WHERE subject_type = 'REFERRAL') ORDER BY rf.id FOR SHARE;
          UPDATE supervision_obligation s
             SET key = n.key, status = n.status, deadline_kind = n.policy->>'kind', legal_basis = n.policy->>'legalBasis', started_at = n.started_at,
                 due_at = n.due_at, escalation_level = n.escalation_level, met_at = n.met_at, resolved_at = coalesce(n.met_at, n.cancelled_at)
            FROM new_rows n
           WHERE s.deadline_id = n.id
             AND (s.key, s.status, s.deadline_kind, s.legal_basis, s.started_at, s.due_at, s.escalation_level, s.met_at, s.resolved_at)
                 IS DISTINCT FROM (n.key, n.status, n.policy->>'kind', n.policy->>'legalBasis', n.started_at, n.due_at, n.escalation_level, n.met_at, coalesce(n.met_at, n.cancelled_at));
        END IF;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION supervision_deadline_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM 1 FROM protection_case c WHERE c.id IN (SELECT case_id FROM new_rows) FOR SHARE;
          PERFORM 1 FROM referral rf WHERE rf.id IN (SELECT subject_id FROM new_rows WHERE subject_type = 'REFERRAL') FOR SHARE;
          INSERT INTO supervision_obligation
          SELECT d.id, d.case_id, d.subject_type, d.subject_id, d.key, d.status, d.policy->>'kind', d.policy->>'legalBasis', d.started_at, d.due_at,
                 d.escalation_level, d.met_at, coalesce(d.met_at, d.cancelled_at),
                 c.case_number, c.status, c.risk_level, c.immediate_danger, c.province_code, c.commune_code, c.opened_at, c.assignee_id,
                 rf.status, rf.agency_id, rf.agency_type
            FROM new_rows d JOIN protection_case c ON c.id = d.case_id
            LEFT JOIN referral rf ON rf.id = d.subject_id AND d.subject_type = 'REFERRAL';
        ELSIF TG_OP = 'DELETE' THEN
          DELETE FROM supervision_obligation s USING old_rows o WHERE s.deadline_id = o.id;
        ELSE
          UPDATE supervision_obligation s
             SET key = n.key, status = n.status, deadline_kind = n.policy->>'kind', legal_basis = n.policy->>'legalBasis', started_at = n.started_at,
                 due_at = n.due_at, escalation_level = n.escalation_level, met_at = n.met_at, resolved_at = coalesce(n.met_at, n.cancelled_at)
            FROM new_rows n
           WHERE s.deadline_id = n.id
             AND (s.key, s.status, s.deadline_kind, s.legal_basis, s.started_at, s.due_at, s.escalation_level, s.met_at, s.resolved_at)
                 IS DISTINCT FROM (n.key, n.status, n.policy->>'kind', n.policy->>'legalBasis', n.started_at, n.due_at, n.escalation_level, n.met_at, coalesce(n.met_at, n.cancelled_at));
        END IF;
        RETURN NULL;
      END $$`);
  }
}
