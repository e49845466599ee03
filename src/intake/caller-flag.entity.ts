import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CallerFlagType } from './enums';

/**
 * A supervisor's note on a phone number (e.g. repeated prank calls) that operators see while that number calls,
 * until it expires or is cleared. Scoped to the supervisor's province (null: set nationally, seen everywhere).
 */
@Entity('caller_flag')
@Check('chk_caller_flag_type', `type IN ('PRANK','SILENT','ABUSIVE','NEEDS_CARE','OTHER')`)
@Check('chk_caller_flag_times', `until > created_at`)
@Index('idx_caller_flag_phone', ['phone', 'until'])
export class CallerFlag {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Normalised like hotline_call.caller_phone (0xxxxxxxxx). */
  @Column({ type: 'text' })
  phone: string;

  @Column({ type: 'text' })
  type: CallerFlagType;

  @Column({ type: 'text' })
  note: string;

  @Column({ type: 'text', nullable: true })
  provinceCode: string | null;

  @Column({ type: 'timestamptz' })
  until: Date;

  @Column({ type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  clearedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  clearedBy: string | null;
}
