import { MigrationInterface, QueryRunner } from 'typeorm';

/** The counted facts of obligations marked OVERDUE (migration 1764850000003), without or with the due day. */
const facts = (withDueDay: boolean) => `CREATE OR REPLACE FUNCTION supervision_overdue_facts(rows supervision_obligation[])
  RETURNS TABLE (day date, province_code text, commune_code text, metric text, k1 text, k2 text)
  LANGUAGE sql IMMUTABLE AS $$
  WITH o AS (
    SELECT coalesce(x.province_code, '') AS province_code, coalesce(x.commune_code, '') AS commune_code, x.risk_level,
           x.subject_type || '|' || coalesce(CASE WHEN x.subject_type = 'REFERRAL' THEN x.agency_type END, '') AS kind,
           x.escalation_level || '|' || x.case_status || '|' || x.key AS rest${
             withDueDay
               ? `,
           to_char(supervision_day(x.due_at - interval '1 microsecond'), 'YYYY-MM-DD') AS due_day`
               : ''
           }
      FROM unnest(rows) x)
  SELECT DATE '1970-01-01', province_code, commune_code, 'overdue', kind || '|' || rest, risk_level FROM o
  UNION ALL
  SELECT DATE '1970-01-01', province_code, commune_code, 'overdue_place', kind, risk_level FROM o${
    withDueDay
      ? `
  UNION ALL
  SELECT DATE '1970-01-01', province_code, commune_code, 'overdue_due', due_day, risk_level FROM o`
      : ''
  } $$`;

/**
 * The overdue obligations counted by the day they fell due as well ('overdue_due': k1 the Vietnamese day whose
 * end is at or after the due time, the day the trend puts them in; k2 the risk). The dashboard's trend reads
 * them for the obligations marked OVERDUE in the principal's area instead of placing every one of them in a
 * day on each request (30,000 nationally); those not marked yet, met or cancelled in the trend's days, or of
 * cases granted elsewhere are few and still read row by row.
 *
 * The projection's counter trigger now also sees a change of due time, and sums its deltas per key before
 * writing them: an escalation or a move that leaves a counter as it was writes nothing for it (it wrote a -1
 * and a +1 for each such row).
 */
export class OverdueTrendCounters1764870000002 implements MigrationInterface {
  name = 'OverdueTrendCounters1764870000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(facts(true));
    const counted = `(o.status, o.subject_type, o.agency_type, o.escalation_level, o.case_status, o.key, o.risk_level, o.province_code, o.commune_code, o.due_at)
                   IS DISTINCT FROM (n.status, n.subject_type, n.agency_type, n.escalation_level, n.case_status, n.key, n.risk_level, n.province_code, n.commune_code, n.due_at)`;
    await q.query(`CREATE OR REPLACE FUNCTION supervision_obligation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE b supervision_obligation[] := '{}'; a supervision_obligation[] := '{}';
      BEGIN
        IF TG_OP = 'INSERT' THEN
          a := ARRAY(SELECT ROW(n.*)::supervision_obligation FROM new_rows n WHERE n.status = 'OVERDUE');
        ELSIF TG_OP = 'DELETE' THEN
          b := ARRAY(SELECT ROW(o.*)::supervision_obligation FROM old_rows o WHERE o.status = 'OVERDUE');
        ELSE
          -- Most changes (a pending deadline met, a case renumbered) change no counted column of an overdue row.
          b := ARRAY(SELECT ROW(o.*)::supervision_obligation FROM old_rows o JOIN new_rows n ON n.deadline_id = o.deadline_id WHERE o.status = 'OVERDUE' AND ${counted});
          a := ARRAY(SELECT ROW(n.*)::supervision_obligation FROM old_rows o JOIN new_rows n ON n.deadline_id = o.deadline_id WHERE n.status = 'OVERDUE' AND ${counted});
        END IF;
        IF cardinality(a) + cardinality(b) > 0 THEN
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT f.day, f.province_code, f.commune_code, f.metric, f.k1, f.k2, sum(f.n)::int FROM (
            SELECT x.*, -1 AS n FROM supervision_overdue_facts(b) x
            UNION ALL
            SELECT x.*, 1 FROM supervision_overdue_facts(a) x) f
           GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(f.n) <> 0;
        END IF;
        RETURN NULL;
      END $$`);
    // The rebuild recounts every fact of the overdue rows (now with the due day): it clears this counter first.
    await q.query(`ALTER FUNCTION supervision_rebuild_overdue() RENAME TO supervision_rebuild_overdue_facts`);
    await q.query(`CREATE FUNCTION supervision_rebuild_overdue() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('supervision_read_models'));
        DELETE FROM stat_delta WHERE metric = 'overdue_due';
        DELETE FROM stat_count WHERE metric = 'overdue_due';
        PERFORM supervision_rebuild_overdue_facts();
      END $$`);
    await q.query(`SELECT supervision_rebuild_overdue()`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The summed trigger counts the same as before once the facts have no due day.
    await q.query(`DROP FUNCTION supervision_rebuild_overdue()`);
    await q.query(`ALTER FUNCTION supervision_rebuild_overdue_facts() RENAME TO supervision_rebuild_overdue`);
    await q.query(facts(false));
    await q.query(`DELETE FROM stat_delta WHERE metric = 'overdue_due'`);
    await q.query(`DELETE FROM stat_count WHERE metric = 'overdue_due'`);
  }
}
