import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The words of a case's folded search text and each pair of neighbouring words, as the lexemes of one GIN
 * index, for the list's search of a name by whole words (caseTextMatches). A name typed as several words is
 * looked up by its pairs ("bui thanh", "thanh long"): each lists a few thousand cases, where a common word
 * ("thanh", "van") lists hundreds of thousands, and intersecting those took 8–19 ms of a million cases.
 * It replaces idx_case_search_words (the words alone, migration 1764860000001).
 */
export class CaseSearchWordPairs1764870000003 implements MigrationInterface {
  name = 'CaseSearchWordPairs1764870000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION case_search_tokens(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT array_to_tsvector(ARRAY(
        SELECT DISTINCT x FROM (SELECT array_remove(regexp_split_to_array(coalesce(t, ''), '[^a-z0-9]+'), '') AS a) w,
        LATERAL (SELECT w.a[i] FROM generate_subscripts(w.a, 1) i
                 UNION ALL
                 SELECT w.a[i] || ' ' || w.a[i + 1] FROM generate_subscripts(w.a, 1) i WHERE i < cardinality(w.a)) s(x))) $$`);
    await q.query(`CREATE INDEX idx_case_search_tokens ON protection_case USING gin (case_search_tokens(search_text))`);
    await q.query(`DROP INDEX idx_case_search_words`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idx_case_search_words ON protection_case USING gin (to_tsvector('simple', search_text))`);
    await q.query(`DROP INDEX idx_case_search_tokens`);
    await q.query(`DROP FUNCTION case_search_tokens(text)`);
  }
}
