import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search indexes of cases keep at most 256 kB of new entries unsorted (GIN's pending list, 4 MB by
 * default). Every search reads the whole pending list: after 3,000 intakes it held 332 pages, and looking up
 * a name by its word pairs took 3.4 ms instead of 0.9. A smaller list is merged into the index more often, in
 * smaller pieces (an intake that happens to merge it waits less too).
 */
export class SearchPendingLists1764870000005 implements MigrationInterface {
  name = 'SearchPendingLists1764870000005';

  async up(q: QueryRunner): Promise<void> {
    for (const index of ['idx_case_search_trgm', 'idx_case_search_tokens']) {
      await q.query(`ALTER INDEX ${index} SET (gin_pending_list_limit = 256)`);
      await q.query(`SELECT gin_clean_pending_list('${index}'::regclass)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['idx_case_search_trgm', 'idx_case_search_tokens']) await q.query(`ALTER INDEX ${index} RESET (gin_pending_list_limit)`);
  }
}
