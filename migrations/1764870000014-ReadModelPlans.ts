import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Costs of every intake found in its SQL and the read models' (pg_stat_statements, 1M bench database):
 *
 * - The triggers' statements were planned again on every call. Their parameters are arrays of ids (`= ANY(ids)`),
 *   whose generic plan PostgreSQL estimates for ten elements and so never prefers to the custom plan for one or
 *   two, although both are the same index lookups. Planning them cost ~1.3 ms per intake (the open children's
 *   insert alone 0.7 ms) against ~0.5 ms to run them. These functions now always use the generic plan.
 * - The fold chose a sequential scan of stat_delta to find the oldest deltas: the table is nearly empty once
 *   folded, so PostgreSQL expects a few hundred rows and reads the whole heap, which keeps the size of its
 *   largest backlog (1.2 GB, 557 ms per fold every 2 s after the bench seed, or after a retention run or an
 *   import in production). Its primary key finds them in < 1 ms whatever that size: the fold never scans the heap.
 * - The duplicate search read each candidate's child from `person` for its birth year and sex (50 lookups in a
 *   table of 3M rows per intake, often not in memory). The open children keep both, as they keep the name.
 * - The duplicate search now runs with its generic plan (GenericPlanPool). Its "recent open case in the commune"
 *   arm then chose the open cases' place index, reading every open case of the commune and sorting them. Its own
 *   index (migration 1764830000001) now holds the open cases only, in the arm's order: read newest first, up to
 *   the limit, whichever plan; a case closed leaves it.
 */
export class ReadModelPlans1764870000014 implements MigrationInterface {
  name = 'ReadModelPlans1764870000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE open_case_child ADD COLUMN birth_year integer, ADD COLUMN sex text`);
    await q.query(
      `UPDATE open_case_child oc SET birth_year = p.birth_year, sex = p.sex FROM person p WHERE p.id = oc.person_id AND (p.birth_year IS NOT NULL OR p.sex IS NOT NULL)`,
    );
    await q.query(refresh(true));
    await q.query(onPerson(true));
    await q.query(`DROP INDEX idx_case_commune_opened`);
    await q.query(`CREATE INDEX idx_case_commune_opened ON protection_case (commune_code, opened_at) WHERE status <> 'CLOSED'`);
    // After the functions are (re)created: CREATE OR REPLACE FUNCTION drops a function's settings.
    for (const fn of GENERIC_PLAN_FUNCTIONS) await q.query(`ALTER FUNCTION ${fn} SET plan_cache_mode = force_generic_plan`);
    await q.query(`ALTER FUNCTION supervision_fold(integer) SET enable_seqscan = off`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION supervision_fold(integer) RESET enable_seqscan`);
    for (const fn of GENERIC_PLAN_FUNCTIONS) await q.query(`ALTER FUNCTION ${fn} RESET plan_cache_mode`);
    await q.query(`DROP INDEX idx_case_commune_opened`);
    await q.query(`CREATE INDEX idx_case_commune_opened ON protection_case (commune_code, opened_at)`);
    await q.query(onPerson(false));
    await q.query(refresh(false));
    await q.query(`ALTER TABLE open_case_child DROP COLUMN birth_year, DROP COLUMN sex`);
  }
}

/** The functions every intake calls whose statements take arrays of ids (a later CREATE OR REPLACE must set it again). */
const GENERIC_PLAN_FUNCTIONS = [
  'audit_chain_seal()',
  'open_case_child_refresh(uuid[])',
  'supervision_call_facts(hotline_call[])',
  'supervision_child_shared(uuid[])',
  'supervision_case_person_changed()',
];

/** The projection's one writer (migrations 1764830000001, 1764870000007), with or without birth year and sex. */
function refresh(withFacts: boolean): string {
  return `CREATE OR REPLACE FUNCTION open_case_child_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
        DELETE FROM open_case_child WHERE case_id = ANY(ids);
        INSERT INTO open_case_child (case_id, person_id, province_code, commune_code, given_key, name_key${withFacts ? ', birth_year, sex' : ''})
          SELECT DISTINCT ON (o.id, p.id) o.id, p.id, o.province_code, o.commune_code, name_given_key(p.name_key), p.name_key${withFacts ? ', p.birth_year, p.sex' : ''}
            FROM protection_case o
            JOIN case_person cp ON cp.case_id = o.id AND cp.role = 'CHILD'
            JOIN person p ON p.id = cp.person_id
           WHERE o.id = ANY(ids) AND o.status <> 'CLOSED' AND name_given_key(p.name_key) IS NOT NULL;
      END $$`;
}

/** A child's change reaches the projection when it changes what the projection keeps. */
function onPerson(withFacts: boolean): string {
  const kept = withFacts ? '(n.name_key, n.birth_year, n.sex) IS DISTINCT FROM (o.name_key, o.birth_year, o.sex)' : 'n.name_key IS DISTINCT FROM o.name_key';
  return `CREATE OR REPLACE FUNCTION open_case_child_on_person() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM open_case_child_refresh(ARRAY(
          SELECT DISTINCT cp.case_id FROM new_persons n JOIN old_persons o ON o.id = n.id
            JOIN case_person cp ON cp.person_id = n.id AND cp.role = 'CHILD'
           WHERE ${kept}));
        RETURN NULL;
      END $$`;
}
