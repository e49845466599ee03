import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in that no attacker can lock, revocable sessions and a second factor:
 * - the account-wide lockout goes (throttling lives in Redis, per username and client);
 * - `session_epoch` ends every session of a user at once (password change, deactivation);
 * - refresh tokens rotate within a family, so a reused one reveals a theft and ends the family;
 * - a TOTP secret (encrypted) and hashed one-time recovery codes.
 */
export class SignInSecurity1764650000001 implements MigrationInterface {
  name = 'SignInSecurity1764650000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP COLUMN failed_logins, DROP COLUMN locked_until`);
    await q.query(`ALTER TABLE app_user
      ADD COLUMN session_epoch integer NOT NULL DEFAULT 0,
      ADD COLUMN mfa_secret text,
      ADD COLUMN mfa_pending_secret text,
      ADD COLUMN mfa_enabled_at timestamptz,
      ADD COLUMN mfa_last_time_step bigint`);
    await q.query(`CREATE TABLE refresh_token (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL CONSTRAINT refresh_token_user_id_fkey REFERENCES app_user(id) ON DELETE CASCADE,
      family_id uuid NOT NULL,
      token_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX idx_refresh_token_hash ON refresh_token (token_hash)`);
    await q.query(`CREATE INDEX idx_refresh_token_family ON refresh_token (family_id)`);
    await q.query(`CREATE INDEX idx_refresh_token_user ON refresh_token (user_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE TABLE mfa_recovery_code (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL CONSTRAINT mfa_recovery_code_user_id_fkey REFERENCES app_user(id) ON DELETE CASCADE,
      code_hash text NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX idx_mfa_recovery_code_user ON mfa_recovery_code (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mfa_recovery_code`);
    await q.query(`DROP TABLE refresh_token`);
    await q.query(`ALTER TABLE app_user DROP COLUMN session_epoch, DROP COLUMN mfa_secret, DROP COLUMN mfa_pending_secret,
      DROP COLUMN mfa_enabled_at, DROP COLUMN mfa_last_time_step`);
    await q.query(`ALTER TABLE app_user ADD COLUMN failed_logins integer NOT NULL DEFAULT 0, ADD COLUMN locked_until timestamptz`);
  }
}
