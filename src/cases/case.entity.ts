import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { CaseStatus, ClosureReason, ProtectionLevel, RiskLevel } from './enums';
import { AbuseType } from '../kernel/enums';

/** A child-protection case: one or more reports about the same child(ren) and situation. */
@Entity('protection_case')
@Check('chk_case_status', `status IN ('RECEIVED','ASSESSING','PLANNING','INTERVENING','REVIEWING','CLOSED')`)
@Check('chk_case_risk', `risk_level IN ('LOW','MEDIUM','HIGH','CRITICAL')`)
@Index('idx_case_number', ['caseNumber'], { unique: true })
@Index('idx_case_scope_status', ['provinceCode', 'communeCode', 'status'])
@Index('idx_case_assignee', ['assigneeId', 'status'])
@Index('idx_case_opened', ['openedAt'])
@Index('idx_case_commune_opened', ['communeCode', 'openedAt'], { where: `status <> 'CLOSED'` })
// Trigram and word indexes for search without diacritics, created by the migrations (TypeORM cannot declare
// gin_trgm_ops or an expression index).
@Index('idx_case_search_trgm', { synchronize: false })
@Index('idx_case_search_tokens', { synchronize: false })
@Index('idx_case_status_risk', ['status', 'riskLevel', 'openedAt'])
@Index('idx_case_open_place', ['provinceCode', 'communeCode'], { where: `status <> 'CLOSED'` })
@Index('idx_case_closed_retention', ['closedAt', 'id'], { where: `status = 'CLOSED'` })
// The list's order as an expression index (migrations 1763850000000, 1764690000001); TypeORM cannot declare expressions.
@Index('idx_case_list_order', { synchronize: false })
export class Case {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  caseNumber: string;

  @Column({ type: 'text' })
  status: CaseStatus;

  @Column({ type: 'text' })
  riskLevel: RiskLevel;

  @Column({ type: 'boolean', default: false })
  immediateDanger: boolean;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  abuseTypes: AbuseType[];

  /** Null province = national triage queue of hotline 111. */
  @Column({ type: 'text', nullable: true })
  provinceCode: string | null;

  @Column({ type: 'text', nullable: true })
  communeCode: string | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ type: 'text', nullable: true })
  protectionLevel: ProtectionLevel | null;

  @Column({ type: 'timestamptz' })
  openedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  closureReason: ClosureReason | null;

  @Column({ type: 'text', nullable: true })
  closureNote: string | null;

  /** Result of the latest verification: null until assessed. */
  @Column({ type: 'boolean', nullable: true })
  lastAssessmentFounded: boolean | null;

  /** Set when urgent protection measures have been applied. */
  @Column({ type: 'timestamptz', nullable: true })
  emergencyAt: Date | null;

  /** Folded (no diacritics) names, phones and case number for text search; maintained by the service. */
  @Column({ type: 'text', default: '' })
  searchText: string;

  /** The address's folded tokens, for the duplicate search; set by a trigger on every write of the address. */
  @Column({ type: 'text', array: true, nullable: true, select: false, insert: false, update: false })
  addressTokens: string[] | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
