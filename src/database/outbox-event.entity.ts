import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Domain events written in the same transaction as the change that caused them; the worker's relay
 * delivers them to their consumers, so a crash or a lost Redis between the two loses nothing.
 */
@Entity('outbox_event')
@Index('idx_outbox_pending', ['id'], { where: 'processed_at IS NULL' })
@Index('idx_outbox_dead', ['deadAt'], { where: 'dead_at IS NOT NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  aggregateType: string;

  @Column({ type: 'text' })
  aggregateId: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** After a failed attempt: not to be tried again before this time (null: due now). */
  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  /** Set when the last allowed attempt failed: the relay leaves the event alone until an admin retries it. */
  @Column({ type: 'timestamptz', nullable: true })
  deadAt: Date | null;
}
