import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for supervision and statistics, each measured with EXPLAIN ANALYZE on a seeded national dataset
 * (400k cases, 480k reports, 1.2M calls, 800k deadlines over five years):
 * - deadline by the time it was met or cancelled: the overdue trend reads the open deadlines and those
 *   resolved within its window (a BitmapOr with idx_deadline_fire instead of a scan of every deadline);
 * - deadline by start: timeliness of the obligations started in a period;
 * - referral by sending time: referrals of a period;
 * - case_person by report: children of the reports of a period (commune-level statistics).
 */
export class Supervision1763820000000 implements MigrationInterface {
  name = 'Supervision1763820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idx_deadline_resolved ON deadline ((coalesce(met_at, cancelled_at)))`);
    await q.query(`CREATE INDEX idx_deadline_started ON deadline (started_at)`);
    await q.query(`CREATE INDEX idx_referral_sent ON referral (sent_at)`);
    await q.query(`CREATE INDEX idx_case_person_report ON case_person (report_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_case_person_report`);
    await q.query(`DROP INDEX idx_referral_sent`);
    await q.query(`DROP INDEX idx_deadline_started`);
    await q.query(`DROP INDEX idx_deadline_resolved`);
  }
}
