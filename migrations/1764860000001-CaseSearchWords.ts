import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The words of a case's folded search text (case number, children's and reporter's names, phone), for the
 * list's search of a name by whole words (caseTextMatches): the trigram index answers parts of words, but a
 * common name's trigrams ("ngu", "anh", "thi") each list a good part of a million cases, a tenth of a second
 * to intersect, where the words' lists meet in a few milliseconds.
 */
export class CaseSearchWords1764860000001 implements MigrationInterface {
  name = 'CaseSearchWords1764860000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idx_case_search_words ON protection_case USING gin (to_tsvector('simple', search_text))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_case_search_words`);
  }
}
