import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-ins ended by a logout or a reused refresh token, kept until their tokens expire. The Redis denylist
 * answers first on every replica; this table keeps the logout when Redis loses its keys (flushed, restored).
 */
export class EndedSignIns1764650000004 implements MigrationInterface {
  name = 'EndedSignIns1764650000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ended_sign_in (
      family_id uuid PRIMARY KEY,
      ended_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX idx_ended_sign_in_expires ON ended_sign_in (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ended_sign_in`);
  }
}
