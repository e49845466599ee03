import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Poison outbox events stop being retried: after the last allowed attempt an event is marked dead (with its
 * error), shown to admins and retried only when one asks. The partial index keeps listing and counting them
 * cheap beside millions of processed events.
 */
export class OutboxDeadEvents1764620000001 implements MigrationInterface {
  name = 'OutboxDeadEvents1764620000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_event ADD COLUMN dead_at timestamptz`);
    await q.query(`CREATE INDEX idx_outbox_dead ON outbox_event (dead_at) WHERE dead_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_outbox_dead`);
    await q.query(`ALTER TABLE outbox_event DROP COLUMN dead_at`);
  }
}
