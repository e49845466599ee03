import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters of the obligations marked OVERDUE, kept like the other read models (stat_delta folded into
 * stat_count, undated): 'overdue' by kind | agency type | escalation level | case state | key × risk, and
 * 'overdue_place' by kind | agency type × risk, read per commune. The overdue dashboard's totals read them
 * instead of grouping every overdue obligation in its scope on each request (28,572 nationally at a million
 * cases). Obligations past due but not marked yet are few and are read from the projection.
 *
 * The projection's own trigger writes the deltas, so every writer of `supervision_obligation` (the deadline
 * and case triggers, the rebuild) keeps them. `supervision_rebuild()` now recounts them from the projection.
 */
export class OverdueCounters1764850000003 implements MigrationInterface {
  name = 'OverdueCounters1764850000003';

  async up(q: QueryRunner): Promise<void> {
    // The counted facts of the given obligations (the triggers and the rebuild pass the overdue ones; the
    // dashboard passes the few past due that the counters do not hold yet, to add them the same way).
    await q.query(`CREATE FUNCTION supervision_overdue_facts(rows supervision_obligation[]) RETURNS TABLE (day date, province_code text, commune_code text, metric text, k1 text, k2 text)
      LANGUAGE sql IMMUTABLE AS $$
      WITH o AS (
        SELECT coalesce(x.province_code, '') AS province_code, coalesce(x.commune_code, '') AS commune_code, x.risk_level,
               x.subject_type || '|' || coalesce(CASE WHEN x.subject_type = 'REFERRAL' THEN x.agency_type END, '') AS kind,
               x.escalation_level || '|' || x.case_status || '|' || x.key AS rest
          FROM unnest(rows) x)
      SELECT DATE '1970-01-01', province_code, commune_code, 'overdue', kind || '|' || rest, risk_level FROM o
      UNION ALL
      SELECT DATE '1970-01-01', province_code, commune_code, 'overdue_place', kind, risk_level FROM o $$`);
    await q.query(`CREATE FUNCTION supervision_obligation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT f.*, 1 FROM supervision_overdue_facts(ARRAY(SELECT ROW(n.*)::supervision_obligation FROM new_rows n WHERE n.status = 'OVERDUE')) f;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT f.*, -1 FROM supervision_overdue_facts(ARRAY(SELECT ROW(o.*)::supervision_obligation FROM old_rows o WHERE o.status = 'OVERDUE')) f;
        ELSE
          -- Most changes (a pending deadline met, a case renumbered) change no counted column of an overdue row.
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT f.*, -1 FROM supervision_overdue_facts(ARRAY(
            SELECT ROW(o.*)::supervision_obligation FROM old_rows o JOIN new_rows n ON n.deadline_id = o.deadline_id
             WHERE o.status = 'OVERDUE'
               AND (o.status, o.subject_type, o.agency_type, o.escalation_level, o.case_status, o.key, o.risk_level, o.province_code, o.commune_code)
                   IS DISTINCT FROM (n.status, n.subject_type, n.agency_type, n.escalation_level, n.case_status, n.key, n.risk_level, n.province_code, n.commune_code))) f
          UNION ALL
          SELECT f.*, 1 FROM supervision_overdue_facts(ARRAY(
            SELECT ROW(n.*)::supervision_obligation FROM old_rows o JOIN new_rows n ON n.deadline_id = o.deadline_id
             WHERE n.status = 'OVERDUE'
               AND (o.status, o.subject_type, o.agency_type, o.escalation_level, o.case_status, o.key, o.risk_level, o.province_code, o.commune_code)
                   IS DISTINCT FROM (n.status, n.subject_type, n.agency_type, n.escalation_level, n.case_status, n.key, n.risk_level, n.province_code, n.commune_code))) f;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER trg_supervision_obligation_counters_ins AFTER INSERT ON supervision_obligation REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION supervision_obligation_changed()`,
    );
    await q.query(
      `CREATE TRIGGER trg_supervision_obligation_counters_upd AFTER UPDATE ON supervision_obligation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION supervision_obligation_changed()`,
    );
    await q.query(
      `CREATE TRIGGER trg_supervision_obligation_counters_del AFTER DELETE ON supervision_obligation REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION supervision_obligation_changed()`,
    );
    // The rebuild of the other read models refills the projection (whose trigger then writes deltas); the
    // overdue counters are then recounted from the projection at once, replacing those deltas.
    await q.query(`ALTER FUNCTION supervision_rebuild() RENAME TO supervision_rebuild_sources`);
    await q.query(`CREATE FUNCTION supervision_rebuild_overdue() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('supervision_read_models'));
        LOCK TABLE supervision_obligation IN SHARE MODE;
        DELETE FROM stat_delta WHERE metric IN ('overdue', 'overdue_place');
        DELETE FROM stat_count WHERE metric IN ('overdue', 'overdue_place');
        CREATE TEMP TABLE supervision_overdue ON COMMIT DROP AS
        SELECT f.day, f.province_code, f.commune_code, f.metric, f.k1, f.k2, count(*) AS count
          FROM supervision_obligation s CROSS JOIN LATERAL supervision_overdue_facts(ARRAY[s]) f WHERE s.status = 'OVERDUE' GROUP BY 1, 2, 3, 4, 5, 6;
        INSERT INTO stat_count (metric, grain, bucket, province_code, commune_code, k1, k2, n)
        SELECT metric, 'D', day, province_code, commune_code, k1, k2, count FROM supervision_overdue
        UNION ALL
        SELECT metric, 'M', date_trunc('month', day)::date, province_code, '*', k1, k2, sum(count) FROM supervision_overdue GROUP BY 1, 2, 3, 4, 5, 6, 7;
        DROP TABLE supervision_overdue;
      END $$`);
    await q.query(`CREATE FUNCTION supervision_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM supervision_rebuild_sources();
        PERFORM supervision_rebuild_overdue();
      END $$`);
    // The dashboard's first page, worst first, read in that order from the overdue rows of the country, a
    // province or a commune (the expressions of worstFirstSql).
    const order = `escalation_level DESC, due_at, (CASE risk_level WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'LOW' THEN 3 ELSE 9 END), immediate_danger DESC, deadline_id`;
    await q.query(`CREATE INDEX idx_obligation_overdue_worst ON supervision_obligation (${order}) WHERE status = 'OVERDUE'`);
    await q.query(`CREATE INDEX idx_obligation_overdue_province_worst ON supervision_obligation (province_code, ${order}) WHERE status = 'OVERDUE'`);
    await q.query(`CREATE INDEX idx_obligation_overdue_commune_worst ON supervision_obligation (commune_code, ${order}) WHERE status = 'OVERDUE'`);
    // Distinct overdue cases, and cases per assignee, read from the index alone.
    await q.query(
      `CREATE INDEX idx_obligation_overdue_cases ON supervision_obligation (case_id, assignee_id) INCLUDE (case_status, risk_level, subject_type, agency_type, province_code, commune_code) WHERE status = 'OVERDUE'`,
    );
    // The trend reads the open obligations past due from the index alone; the status first makes those past due
    // but not marked yet (normally none) one range of it, not a filter over the marked ones.
    await q.query(`DROP INDEX idx_obligation_open_due`);
    await q.query(
      `CREATE INDEX idx_obligation_open_due ON supervision_obligation (status, due_at) INCLUDE (resolved_at, risk_level, subject_type, agency_type, province_code, commune_code, case_id) WHERE status IN ('PENDING', 'OVERDUE')`,
    );
    await q.query(`SELECT supervision_rebuild_overdue()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_obligation_open_due`);
    await q.query(`CREATE INDEX idx_obligation_open_due ON supervision_obligation (due_at) WHERE status IN ('PENDING', 'OVERDUE')`);
    for (const name of ['idx_obligation_overdue_worst', 'idx_obligation_overdue_province_worst', 'idx_obligation_overdue_commune_worst', 'idx_obligation_overdue_cases'])
      await q.query(`DROP INDEX ${name}`);
    await q.query(`DROP FUNCTION supervision_rebuild()`);
    await q.query(`DROP FUNCTION supervision_rebuild_overdue()`);
    await q.query(`ALTER FUNCTION supervision_rebuild_sources() RENAME TO supervision_rebuild`);
    for (const op of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER trg_supervision_obligation_counters_${op} ON supervision_obligation`);
    await q.query(`DROP FUNCTION supervision_obligation_changed()`);
    await q.query(`DROP FUNCTION supervision_overdue_facts(supervision_obligation[])`);
    await q.query(`DELETE FROM stat_delta WHERE metric IN ('overdue', 'overdue_place')`);
    await q.query(`DELETE FROM stat_count WHERE metric IN ('overdue', 'overdue_place')`);
  }
}
