import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Referral } from './referral.entity';

/**
 * The history of one referral: append-only (a trigger refuses UPDATE/DELETE). The agency reads it with the
 * referral; the case side also sees each change on the case timeline.
 */
@Entity('referral_event')
@Index('idx_referral_event_referral', ['referralId', 'at'])
export class ReferralEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Referral, 'id', { name: 'referral_event_referral_id_fkey' })
  referralId: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text', nullable: true })
  fromStatus: string | null;

  @Column({ type: 'text' })
  toStatus: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text', nullable: true })
  actorUsername: string | null;

  @Column({ type: 'jsonb', nullable: true })
  data: Record<string, unknown> | null;
}
