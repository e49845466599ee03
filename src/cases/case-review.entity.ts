import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../identity/user.entity';
import { Case } from './case.entity';
import { CasePlan } from './case-plan.entity';

export interface ReviewItem {
  index: number;
  done: boolean;
  note?: string;
}

/** The evaluation of an intervention round, recorded when the case leaves REVIEWING. */
@Entity('case_review')
@Index('idx_case_review_case', ['caseId', 'reviewedAt'])
export class CaseReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Case, 'id', { name: 'case_review_case_id_fkey' })
  caseId: string;

  /** The plan version in force when reviewed. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => CasePlan, 'id', { name: 'case_review_plan_id_fkey' })
  planId: string | null;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'jsonb' })
  items: ReviewItem[];

  /** Conclusion: another round (true) or ready to close (false). */
  @Column({ type: 'boolean' })
  nextRound: boolean;

  @Column({ type: 'uuid' })
  @ForeignKey(() => User, 'id', { name: 'case_review_reviewed_by_fkey' })
  reviewedBy: string;

  @Column({ type: 'timestamptz' })
  reviewedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
