import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../identity/user.entity';
import { Case } from './case.entity';
import { PlanStatus } from './enums';

/**
 * One version of a case's support/intervention plan. Every submission is a new version; the supervisor
 * approves it (PLANNING → INTERVENING, or a revision during the intervention) or returns it with a reason.
 */
@Entity('case_plan')
@Check('chk_case_plan_status', `status IN ('SUBMITTED','RETURNED','APPROVED','SUPERSEDED')`)
@Index('idx_case_plan_version', ['caseId', 'versionNumber'], { unique: true })
export class CasePlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Case, 'id', { name: 'case_plan_case_id_fkey' })
  caseId: string;

  /** 1, 2, 3… per case. */
  @Column({ type: 'integer' })
  versionNumber: number;

  @Column({ type: 'text' })
  status: PlanStatus;

  @Column({ type: 'text', array: true })
  goals: string[];

  @Column({ type: 'uuid' })
  @ForeignKey(() => User, 'id', { name: 'case_plan_submitted_by_fkey' })
  submittedBy: string;

  @Column({ type: 'timestamptz' })
  submittedAt: Date;

  /** The supervisor who approved or returned it. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => User, 'id', { name: 'case_plan_decided_by_fkey' })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  returnReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
