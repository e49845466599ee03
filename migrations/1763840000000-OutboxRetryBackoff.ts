import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox retries with backoff instead of a cap: a failing event waits before its next attempt (so it neither
 * spins nor is given up after a burst of quick failures) and is retried until it succeeds.
 */
export class OutboxRetryBackoff1763840000000 implements MigrationInterface {
  name = 'OutboxRetryBackoff1763840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_event ADD COLUMN next_attempt_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_event DROP COLUMN next_attempt_at`);
  }
}
