import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters of the cases with an obligation marked OVERDUE ('overdue_case', undated like the other overdue
 * counters): per place × assignee (k1, '' for none) × risk|case state (k2). The dashboard's distinct overdue
 * cases and each assignee's overdue cases read them instead of walking every overdue obligation of the scope on
 * each request (30,000 nationally at a million cases, three times per dashboard).
 *
 * A case is counted while it has one OVERDUE obligation or more: `supervision_overdue_case` keeps how many
 * (rows with n > 0 only), and a statement that takes a case across zero, or moves an overdue case to another
 * place, assignee, risk or state, writes the deltas. Every writer of a case's obligation rows holds the case
 * row first (FOR SHARE for a deadline, FOR UPDATE for the case itself), and n is changed by an upsert that
 * locks its row, so two statements on one case never both see it cross zero.
 */
export class OverdueCaseCounters1764870000001 implements MigrationInterface {
  name = 'OverdueCaseCounters1764870000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE supervision_overdue_case (case_id uuid PRIMARY KEY, n integer NOT NULL)`);
    // The obligation rows of the cases a statement touched, before and after: per case the change in its
    // overdue count, and its counted columns on each side (all rows of a case carry the case's columns).
    await q.query(`CREATE FUNCTION supervision_overdue_case_count(before supervision_obligation[], after supervision_obligation[]) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE zeros uuid[];
      BEGIN
        WITH side AS (
          SELECT x.case_id, x.side, count(*) FILTER (WHERE x.status = 'OVERDUE')::int AS n,
                 min(coalesce(x.province_code, '')) AS p, min(coalesce(x.commune_code, '')) AS c,
                 min(coalesce(x.assignee_id::text, '')) AS a, min(x.risk_level || '|' || x.case_status) AS k
            FROM (SELECT b.case_id, b.status, b.province_code, b.commune_code, b.assignee_id, b.risk_level, b.case_status, 0 AS side FROM unnest(before) b
                  UNION ALL
                  SELECT a.case_id, a.status, a.province_code, a.commune_code, a.assignee_id, a.risk_level, a.case_status, 1 FROM unnest(after) a) x
           GROUP BY x.case_id, x.side),
        m AS (
          SELECT coalesce(o.case_id, n.case_id) AS case_id, coalesce(n.n, 0) - coalesce(o.n, 0) AS d,
                 coalesce(o.p, n.p) AS op, coalesce(o.c, n.c) AS oc, coalesce(o.a, n.a) AS oa, coalesce(o.k, n.k) AS ok,
                 coalesce(n.p, o.p) AS np, coalesce(n.c, o.c) AS nc, coalesce(n.a, o.a) AS na, coalesce(n.k, o.k) AS nk,
                 (o.p, o.c, o.a, o.k) IS DISTINCT FROM (n.p, n.c, n.a, n.k) AND o.case_id IS NOT NULL AND n.case_id IS NOT NULL AS moved
            FROM (SELECT * FROM side WHERE side = 0) o FULL JOIN (SELECT * FROM side WHERE side = 1) n ON n.case_id = o.case_id),
        up AS (
          INSERT INTO supervision_overdue_case AS s (case_id, n)
          SELECT m.case_id, m.d FROM m
           WHERE m.d <> 0 OR (m.moved AND EXISTS (SELECT 1 FROM supervision_overdue_case x WHERE x.case_id = m.case_id))
          ON CONFLICT (case_id) DO UPDATE SET n = s.n + excluded.n
          RETURNING s.case_id, s.n),
        delta AS (
          INSERT INTO stat_delta (day, province_code, commune_code, metric, k1, k2, n)
          SELECT DATE '1970-01-01', g.p, g.c, 'overdue_case', g.a, g.k, sum(g.n)::int FROM (
            SELECT m.op AS p, m.oc AS c, m.oa AS a, m.ok AS k, -1 AS n FROM m JOIN up ON up.case_id = m.case_id WHERE up.n - m.d > 0 AND (up.n <= 0 OR m.moved)
            UNION ALL
            SELECT m.np, m.nc, m.na, m.nk, 1 FROM m JOIN up ON up.case_id = m.case_id WHERE up.n > 0 AND (up.n - m.d <= 0 OR m.moved)) g
           GROUP BY g.p, g.c, g.a, g.k HAVING sum(g.n) <> 0)
        SELECT array_agg(up.case_id) FILTER (WHERE up.n <= 0) INTO zeros FROM up;
        IF zeros IS NOT NULL THEN
          DELETE FROM supervision_overdue_case WHERE case_id = ANY(zeros) AND n <= 0;
        END IF;
      END $$`);
    // Only rows that are or were OVERDUE can change the count; a case moved with an overdue obligation has that
    // row in the statement too (the case's trigger rewrites all its rows at once).
    await q.query(`CREATE FUNCTION supervision_obligation_cases_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE b supervision_obligation[]; a supervision_obligation[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          a := ARRAY(SELECT ROW(n.*)::supervision_obligation FROM new_rows n WHERE n.status = 'OVERDUE');
          b := '{}';
        ELSIF TG_OP = 'DELETE' THEN
          b := ARRAY(SELECT ROW(o.*)::supervision_obligation FROM old_rows o WHERE o.status = 'OVERDUE');
          a := '{}';
        ELSE
          SELECT coalesce(array_agg(ROW(o.*)::supervision_obligation), '{}'), coalesce(array_agg(ROW(n.*)::supervision_obligation), '{}') INTO b, a
            FROM old_rows o JOIN new_rows n ON n.deadline_id = o.deadline_id
           WHERE (o.status = 'OVERDUE' OR n.status = 'OVERDUE')
             AND (o.status, o.province_code, o.commune_code, o.assignee_id, o.risk_level, o.case_status)
                 IS DISTINCT FROM (n.status, n.province_code, n.commune_code, n.assignee_id, n.risk_level, n.case_status);
        END IF;
        IF cardinality(a) + cardinality(b) > 0 THEN
          PERFORM supervision_overdue_case_count(b, a);
        END IF;
        RETURN NULL;
      END $$`);
    for (const [op, event, tables] of [
      ['ins', 'INSERT', 'NEW TABLE AS new_rows'],
      ['upd', 'UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
      ['del', 'DELETE', 'OLD TABLE AS old_rows'],
    ])
      await q.query(
        `CREATE TRIGGER trg_supervision_obligation_cases_${op} AFTER ${event} ON supervision_obligation REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION supervision_obligation_cases_changed()`,
      );
    // Recounted from the projection by the rebuild, after the projection itself: every overdue row counted as
    // if just marked, through the same function as the trigger (its deltas are folded like any others).
    await q.query(`CREATE FUNCTION supervision_rebuild_overdue_cases() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('supervision_read_models'));
        LOCK TABLE supervision_obligation IN SHARE MODE;
        DELETE FROM supervision_overdue_case;
        DELETE FROM stat_delta WHERE metric = 'overdue_case';
        DELETE FROM stat_count WHERE metric = 'overdue_case';
        PERFORM supervision_overdue_case_count('{}', ARRAY(SELECT s FROM supervision_obligation s WHERE s.status = 'OVERDUE'));
      END $$`);
    await q.query(`CREATE OR REPLACE FUNCTION supervision_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM supervision_rebuild_sources();
        PERFORM supervision_rebuild_overdue();
        PERFORM supervision_rebuild_overdue_cases();
      END $$`);
    await q.query(`SELECT supervision_rebuild_overdue_cases()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION supervision_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM supervision_rebuild_sources();
        PERFORM supervision_rebuild_overdue();
      END $$`);
    await q.query(`DROP FUNCTION supervision_rebuild_overdue_cases()`);
    for (const op of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER trg_supervision_obligation_cases_${op} ON supervision_obligation`);
    await q.query(`DROP FUNCTION supervision_obligation_cases_changed()`);
    await q.query(`DROP FUNCTION supervision_overdue_case_count(supervision_obligation[], supervision_obligation[])`);
    await q.query(`DROP TABLE supervision_overdue_case`);
    await q.query(`DELETE FROM stat_delta WHERE metric = 'overdue_case'`);
    await q.query(`DELETE FROM stat_count WHERE metric = 'overdue_case'`);
  }
}
