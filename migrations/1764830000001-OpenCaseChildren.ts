import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duplicate detection at national scale. A name only matches when the candidate's given name (its last
 * token) is one of the intake's name tokens (intake/duplicate-scoring.rules.ts matchNames), so candidates are
 * found by given name among the children of OPEN cases: a small projection, kept by statement-level triggers
 * in the same transaction as every change to a case's place or status, its child links or a child's name.
 * Before, a trigram comparison over every open child of a province read ~7,600 rows per intake (110 ms at
 * 1,000,000 cases); this reads the few dozen that share a given name.
 */
export class OpenCaseChildren1764830000001 implements MigrationInterface {
  name = 'OpenCaseChildren1764830000001';

  async up(q: QueryRunner): Promise<void> {
    // The last token of a folded name key, as nameTokens() splits it.
    await q.query(`CREATE FUNCTION name_given_key(k text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT substring(k from '([[:alnum:]]+)[^[:alnum:]]*$') $$`);
    await q.query(`CREATE TABLE open_case_child (
      case_id uuid NOT NULL REFERENCES protection_case (id) ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
      province_code text,
      commune_code text,
      given_key text NOT NULL,
      PRIMARY KEY (case_id, person_id)
    )`);
    await q.query(`CREATE FUNCTION open_case_child_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
        DELETE FROM open_case_child WHERE case_id = ANY(ids);
        INSERT INTO open_case_child (case_id, person_id, province_code, commune_code, given_key)
          SELECT DISTINCT ON (o.id, p.id) o.id, p.id, o.province_code, o.commune_code, name_given_key(p.name_key)
            FROM protection_case o
            JOIN case_person cp ON cp.case_id = o.id AND cp.role = 'CHILD'
            JOIN person p ON p.id = cp.person_id
           WHERE o.id = ANY(ids) AND o.status <> 'CLOSED' AND name_given_key(p.name_key) IS NOT NULL;
      END $$`);
    await q.query(`CREATE FUNCTION open_case_child_on_link() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM open_case_child_refresh(ARRAY(SELECT DISTINCT case_id FROM new_links WHERE role = 'CHILD'));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM open_case_child_refresh(ARRAY(SELECT DISTINCT case_id FROM old_links WHERE role = 'CHILD'));
        ELSE
          PERFORM open_case_child_refresh(ARRAY(
            SELECT case_id FROM new_links WHERE role = 'CHILD' UNION SELECT case_id FROM old_links WHERE role = 'CHILD'));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER trg_open_case_child_link_ins AFTER INSERT ON case_person REFERENCING NEW TABLE AS new_links
      FOR EACH STATEMENT EXECUTE FUNCTION open_case_child_on_link()`);
    await q.query(`CREATE TRIGGER trg_open_case_child_link_del AFTER DELETE ON case_person REFERENCING OLD TABLE AS old_links
      FOR EACH STATEMENT EXECUTE FUNCTION open_case_child_on_link()`);
    await q.query(`CREATE TRIGGER trg_open_case_child_link_upd AFTER UPDATE ON case_person REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
      FOR EACH STATEMENT EXECUTE FUNCTION open_case_child_on_link()`);
    // A child's name changed (corrected, or erased under the retention rules).
    await q.query(`CREATE FUNCTION open_case_child_on_person() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM open_case_child_refresh(ARRAY(
          SELECT DISTINCT cp.case_id FROM new_persons n JOIN old_persons o ON o.id = n.id
            JOIN case_person cp ON cp.person_id = n.id AND cp.role = 'CHILD'
           WHERE n.name_key IS DISTINCT FROM o.name_key));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER trg_open_case_child_person AFTER UPDATE ON person REFERENCING OLD TABLE AS old_persons NEW TABLE AS new_persons
      FOR EACH STATEMENT EXECUTE FUNCTION open_case_child_on_person()`);
    // A case closed, reopened or placed.
    await q.query(`CREATE FUNCTION open_case_child_on_case() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM open_case_child_refresh(ARRAY(
          SELECT n.id FROM new_cases n JOIN old_cases o ON o.id = n.id
           WHERE (n.status = 'CLOSED') IS DISTINCT FROM (o.status = 'CLOSED')
              OR n.province_code IS DISTINCT FROM o.province_code OR n.commune_code IS DISTINCT FROM o.commune_code));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER trg_open_case_child_case AFTER UPDATE ON protection_case REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases
      FOR EACH STATEMENT EXECUTE FUNCTION open_case_child_on_case()`);
    await q.query(`INSERT INTO open_case_child (case_id, person_id, province_code, commune_code, given_key)
      SELECT DISTINCT ON (o.id, p.id) o.id, p.id, o.province_code, o.commune_code, name_given_key(p.name_key)
        FROM protection_case o
        JOIN case_person cp ON cp.case_id = o.id AND cp.role = 'CHILD'
        JOIN person p ON p.id = cp.person_id
       WHERE o.status <> 'CLOSED' AND name_given_key(p.name_key) IS NOT NULL`);
    await q.query(`CREATE INDEX idx_open_case_child_given ON open_case_child (province_code, given_key)`);
    await q.query(`CREATE INDEX idx_open_case_child_given_national ON open_case_child (given_key)`);
    await q.query(`CREATE INDEX idx_open_case_child_person ON open_case_child (person_id)`);
    // "Opened in the same commune recently": one index range instead of two bitmaps.
    await q.query(`CREATE INDEX idx_case_commune_opened ON protection_case (commune_code, opened_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_case_commune_opened`);
    await q.query(`DROP TRIGGER trg_open_case_child_case ON protection_case`);
    await q.query(`DROP TRIGGER trg_open_case_child_person ON person`);
    await q.query(`DROP TRIGGER trg_open_case_child_link_upd ON case_person`);
    await q.query(`DROP TRIGGER trg_open_case_child_link_del ON case_person`);
    await q.query(`DROP TRIGGER trg_open_case_child_link_ins ON case_person`);
    await q.query(`DROP FUNCTION open_case_child_on_case()`);
    await q.query(`DROP FUNCTION open_case_child_on_person()`);
    await q.query(`DROP FUNCTION open_case_child_on_link()`);
    await q.query(`DROP FUNCTION open_case_child_refresh(uuid[])`);
    await q.query(`DROP TABLE open_case_child`);
    await q.query(`DROP FUNCTION name_given_key(text)`);
  }
}
