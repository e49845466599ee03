import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only: database triggers refuse DELETE, and UPDATE except the sealing of a new row at commit, which sets
 * its place in the hash chain (see migration AuditHashChain and audit-chain.ts).
 */
@Entity('audit_log')
@Index('idx_audit_chain_seq', ['chainSeq'], { unique: true })
@Index('idx_audit_subject', ['subjectType', 'subjectId', 'at'])
@Index('idx_audit_at', ['at'])
@Index('idx_audit_actor', ['actorId', 'at'])
// The rows the audit chain's commit trigger has still to seal: this transaction's (migration 1764870000006).
@Index('idx_audit_log_unsealed', ['id'], { where: 'hash IS NULL' })
export class AuditLog {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text', nullable: true })
  actorUsername: string | null;

  @Column({ type: 'text', nullable: true })
  actorRole: string | null;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  subjectType: string;

  @Column({ type: 'text', nullable: true })
  subjectId: string | null;

  /** Where the subject lives, so supervisors can read the audit of their jurisdiction. */
  @Column({ type: 'text', nullable: true })
  provinceCode: string | null;

  @Column({ type: 'text', nullable: true })
  communeCode: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  /** Position in the hash chain, set at commit. */
  @Column({ type: 'bigint', nullable: true })
  chainSeq: string | null;

  /** Hash of the previous row in the chain (64 zeros for the first). */
  @Column({ type: 'text', nullable: true })
  prevHash: string | null;

  /** SHA-256 over prevHash and this row's content. */
  @Column({ type: 'text', nullable: true })
  hash: string | null;
}
