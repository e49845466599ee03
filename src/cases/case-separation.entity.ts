import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { User } from '../identity/user.entity';
import { Case } from './case.entity';

/**
 * A decision of the commune chair to separate a child temporarily from the parents or carer (Decree 56/2017
 * art. 32, Form 07): at most 15 days unless an authority asks to extend it (the SEPARATION_END deadline), and
 * it ends when a new assessment finds the parents or carer safe again. One in force per case at a time.
 */
@Entity('case_separation')
@Check('chk_case_separation_period', `ends_at > starts_at AND (ended_at IS NULL OR ended_at >= starts_at)`)
@Check('chk_case_separation_end', `(ended_at IS NULL) = (end_reason IS NULL)`)
@Index('idx_case_separation_case', ['caseId', 'decidedAt'])
@Index('idx_case_separation_in_force', ['caseId'], { unique: true, where: 'ended_at IS NULL' })
export class CaseSeparation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Case, 'id', { name: 'case_separation_case_id_fkey' })
  caseId: string;

  /** Who decided: the commune chair's name and title, as signed. */
  @Column({ type: 'text' })
  decidedBy: string;

  @Column({ type: 'text', nullable: true })
  decisionNumber: string | null;

  @Column({ type: 'timestamptz' })
  decidedAt: Date;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  /** Until when the decision separates the child. */
  @Column({ type: 'timestamptz' })
  endsAt: Date;

  /** Where the child is placed meanwhile (temporary alternative care, a facility…). */
  @Column({ type: 'text' })
  placement: string;

  /** From whom: the parents, one of them, the carer. */
  @Column({ type: 'text', nullable: true })
  separatedFrom: string | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  endReason: string | null;

  @Column({ type: 'uuid' })
  @ForeignKey(() => User, 'id', { name: 'case_separation_recorded_by_fkey' })
  recordedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
