import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../identity/user.entity';
import { Case } from './case.entity';
import { ProtectionLevel, RiskLevel } from './enums';

/** A recorded verification and risk assessment (Decree 56/2017): one row per assessment, never changed. */
@Entity('case_assessment')
@Check('chk_case_assessment_risk', `risk_level IN ('LOW','MEDIUM','HIGH','CRITICAL')`)
@Check('chk_case_assessment_protection', `protection_level IN ('PREVENTION','SUPPORT','INTERVENTION')`)
@Index('idx_case_assessment_case', ['caseId', 'assessedAt'])
export class CaseAssessment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Case, 'id', { name: 'case_assessment_case_id_fkey' })
  caseId: string;

  @Column({ type: 'text' })
  riskLevel: RiskLevel;

  /** Whether the information was verified: abuse happened or the child is at risk and needs protection. */
  @Column({ type: 'boolean' })
  founded: boolean;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  factorsChecked: string[];

  @Column({ type: 'boolean', nullable: true })
  childSafeNow: boolean | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  personsMet: string[];

  @Column({ type: 'text', nullable: true })
  protectionLevel: ProtectionLevel | null;

  @Column({ type: 'uuid' })
  @ForeignKey(() => User, 'id', { name: 'case_assessment_assessed_by_fkey' })
  assessedBy: string;

  @Column({ type: 'timestamptz' })
  assessedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
