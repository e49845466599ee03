import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tamper-evident audit: each row carries the hash of the row before it (chain_seq order) and its own hash over
 * its content. The link is made at commit by a deferred trigger that holds the one-row chain head for the last
 * moment of the transaction only, so concurrent writers never fork the chain and never wait on each other
 * mid-transaction. The append-only rule stays, except for sealing a row not yet sealed; verification (SQL
 * function audit_chain_first_break) recomputes every hash and reports the first row that does not fit.
 */
export class AuditHashChain1764650000002 implements MigrationInterface {
  name = 'AuditHashChain1764650000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN chain_seq bigint, ADD COLUMN prev_hash text, ADD COLUMN hash text`);
    await q.query(`CREATE UNIQUE INDEX idx_audit_chain_seq ON audit_log (chain_seq)`);
    await q.query(`CREATE TABLE audit_chain_head (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      seq bigint NOT NULL,
      hash text NOT NULL
    )`);
    // Everything a row says, in a form that does not depend on the session (time zone, jsonb key order).
    await q.query(`CREATE FUNCTION audit_row_hash(prev text, a audit_log) RETURNS text LANGUAGE sql STABLE AS $$
      SELECT encode(sha256(convert_to(concat_ws(chr(31),
        prev, a.chain_seq::text, a.id::text, (extract(epoch FROM a.at) * 1000000)::bigint::text,
        coalesce(a.actor_id::text, ''), coalesce(a.actor_username, ''), coalesce(a.actor_role, ''), a.action, a.subject_type,
        coalesce(a.subject_id, ''), coalesce(a.province_code, ''), coalesce(a.commune_code, ''),
        coalesce(a.before::text, ''), coalesce(a.after::text, ''), coalesce(a.request_id, ''), coalesce(a.ip, '')), 'UTF8')), 'hex')
    $$`);
    await q.query(`CREATE FUNCTION audit_chain_seal() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE head audit_chain_head; rec audit_log; digest text;
      BEGIN
        SELECT * INTO head FROM audit_chain_head WHERE id FOR UPDATE;
        SELECT * INTO rec FROM audit_log WHERE audit_log.id = NEW.id;
        rec.chain_seq := head.seq + 1;
        digest := audit_row_hash(head.hash, rec);
        UPDATE audit_log SET chain_seq = rec.chain_seq, prev_hash = head.hash, hash = digest WHERE audit_log.id = NEW.id;
        UPDATE audit_chain_head SET seq = rec.chain_seq, hash = digest WHERE audit_chain_head.id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER trg_audit_log_chain AFTER INSERT ON audit_log DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION audit_chain_seal()`);
    // Updates: only the sealing of an unsealed row, changing nothing else. Deletes and truncation: never.
    await q.query(`DROP TRIGGER trg_audit_log_append_only ON audit_log`);
    await q.query(`CREATE FUNCTION forbid_audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.hash IS NULL AND NEW.hash IS NOT NULL
           AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_username, NEW.actor_role, NEW.action, NEW.subject_type, NEW.subject_id,
                NEW.province_code, NEW.commune_code, NEW.before, NEW.after, NEW.request_id, NEW.ip)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.at, OLD.actor_id, OLD.actor_username, OLD.actor_role, OLD.action, OLD.subject_type, OLD.subject_id,
                OLD.province_code, OLD.commune_code, OLD.before, OLD.after, OLD.request_id, OLD.ip) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`CREATE TRIGGER trg_audit_log_append_only BEFORE DELETE OR TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_audit_change()`);
    await q.query(`CREATE TRIGGER trg_audit_log_update_only_seal BEFORE UPDATE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION forbid_audit_update()`);

    // The rows already written, sealed in the order they were written; the genesis link is a fixed value.
    await q.query(`INSERT INTO audit_chain_head (id, seq, hash) VALUES (true, 0, repeat('0', 64))`);
    await q.query(`DO $$
      DECLARE rec audit_log; head audit_chain_head; digest text;
      BEGIN
        FOR rec IN SELECT * FROM audit_log ORDER BY audit_log.id LOOP
          SELECT * INTO head FROM audit_chain_head WHERE audit_chain_head.id;
          rec.chain_seq := head.seq + 1;
          digest := audit_row_hash(head.hash, rec);
          UPDATE audit_log SET chain_seq = rec.chain_seq, prev_hash = head.hash, hash = digest WHERE audit_log.id = rec.id;
          UPDATE audit_chain_head SET seq = rec.chain_seq, hash = digest WHERE audit_chain_head.id;
        END LOOP;
      END $$`);

    // The first row (in chain order) whose hash or link does not hold, or whose place in the chain is missing.
    await q.query(`CREATE FUNCTION audit_chain_first_break() RETURNS TABLE (broken_id bigint, broken_seq bigint, reason text)
      LANGUAGE sql STABLE AS $$
      WITH chain AS (
        SELECT a.id, a.chain_seq, a.hash, a.prev_hash,
               lag(a.hash, 1, repeat('0', 64)) OVER w AS expected_prev,
               lag(a.chain_seq, 1, 0::bigint) OVER w AS previous_seq,
               audit_row_hash(a.prev_hash, a) AS recomputed
          FROM audit_log a WINDOW w AS (ORDER BY a.chain_seq NULLS LAST, a.id)
      ), checked AS (
        SELECT c.id, c.chain_seq,
               CASE WHEN c.chain_seq IS NULL OR c.hash IS NULL THEN 'NOT_SEALED'
                    WHEN c.chain_seq <> c.previous_seq + 1 THEN 'ROW_MISSING_BEFORE'
                    WHEN c.prev_hash IS DISTINCT FROM c.expected_prev THEN 'LINK_BROKEN'
                    WHEN c.hash <> c.recomputed THEN 'CONTENT_CHANGED' END AS reason
          FROM chain c
      )
      SELECT c.id, c.chain_seq, c.reason FROM checked c WHERE c.reason IS NOT NULL ORDER BY c.chain_seq NULLS LAST, c.id LIMIT 1
    $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_chain_first_break()`);
    await q.query(`DROP TRIGGER trg_audit_log_update_only_seal ON audit_log`);
    await q.query(`DROP TRIGGER trg_audit_log_append_only ON audit_log`);
    await q.query(`DROP FUNCTION forbid_audit_update()`);
    await q.query(`CREATE TRIGGER trg_audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_audit_change()`);
    await q.query(`DROP TRIGGER trg_audit_log_chain ON audit_log`);
    await q.query(`DROP FUNCTION audit_chain_seal()`);
    await q.query(`DROP FUNCTION audit_row_hash(text, audit_log)`);
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`DROP INDEX idx_audit_chain_seq`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN chain_seq, DROP COLUMN prev_hash, DROP COLUMN hash`);
  }
}
