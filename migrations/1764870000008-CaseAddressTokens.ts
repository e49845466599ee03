import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case keeps its address's folded tokens, so the duplicate search's "recent case in the commune with an address
 * sharing a word" compares arrays instead of folding every recent address of the commune on every intake (1.9 of
 * 2.7 ms for a commune with 330 recent cases). The tokens are set by a trigger on every write of an address, by
 * fold_tokens(), which is also what the code's nameTokensSql() names: one SQL fold, tested against the code's.
 * Rows written before are not filled here: the search folds the address itself where the tokens are missing, so
 * such a case is still found, and 30 days after this migration every case the search reads has its tokens. (An
 * UPDATE of every recent open case would run the case's read-model triggers on each, in the migration's lock.)
 */
export class CaseAddressTokens1764870000008 implements MigrationInterface {
  name = 'CaseAddressTokens1764870000008';

  async up(q: QueryRunner): Promise<void> {
    // As nameTokens() in code: decomposed, marks and zero-width characters dropped, đ as d, lower case, split on
    // what is not a letter or digit (the array may hold an empty first token).
    await q.query(`CREATE FUNCTION fold_tokens(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT regexp_split_to_array(lower(translate(regexp_replace(normalize(t, NFD), '[\\u0300-\\u036f\\u200b-\\u200d\\u2060\\ufeff]', '', 'g'), 'ĐđÐð', 'dddd')), '[^[:alnum:]]+')
    $$`);
    await q.query(`ALTER TABLE protection_case ADD COLUMN address_tokens text[]`);
    await q.query(`CREATE FUNCTION case_address_tokens() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.address_tokens := fold_tokens(NEW.address);
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER trg_case_address_tokens BEFORE INSERT OR UPDATE OF address ON protection_case
      FOR EACH ROW EXECUTE FUNCTION case_address_tokens()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trg_case_address_tokens ON protection_case`);
    await q.query(`DROP FUNCTION case_address_tokens()`);
    await q.query(`ALTER TABLE protection_case DROP COLUMN address_tokens`);
    await q.query(`DROP FUNCTION fold_tokens(text)`);
  }
}
