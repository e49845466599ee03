import { DataSource, EntityManager } from 'typeorm';

export type ChainBreak = 'NOT_SEALED' | 'ROW_MISSING_BEFORE' | 'LINK_BROKEN' | 'CONTENT_CHANGED';

export interface ChainVerdict {
  ok: boolean;
  /** Rows in the audit log. */
  checked: number;
  /** The first row (in chain order) that does not fit, and why; null when the chain holds. */
  firstBroken: { id: string; chainSeq: string | null; reason: ChainBreak } | null;
  /** The hash of the last row: noted somewhere else, it also reveals rows cut off the end. */
  headHash: string | null;
}

/**
 * Recomputes every row's hash in PostgreSQL (the same function that sealed it) and reports the first break.
 * Shared by `npm run audit:verify` and the admin endpoint.
 */
export async function verifyAuditChain(db: DataSource | EntityManager): Promise<ChainVerdict> {
  const broken: { broken_id: string; broken_seq: string | null; reason: ChainBreak }[] = await db.query(`SELECT broken_id, broken_seq, reason FROM audit_chain_first_break()`);
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM audit_log`);
  const [head] = await db.query(`SELECT hash FROM audit_chain_head`);
  const first = broken[0];
  return {
    ok: !first,
    checked: n,
    firstBroken: first ? { id: String(first.broken_id), chainSeq: first.broken_seq === null ? null : String(first.broken_seq), reason: first.reason } : null,
    headHash: head?.hash ?? null,
  };
}
