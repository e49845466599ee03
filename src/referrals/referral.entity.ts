import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { RiskLevel } from '../cases/enums';
import { Case } from '../cases/case.entity';
import { User } from '../identity/user.entity';
import { Agency } from './agency.entity';
import { AgencyType, ReferralStatus } from './enums';
import { RoutingReason } from './routing.rules';

/** A case referred to one agency instance, from SENT to a final state (product.md §5). */
@Entity('referral')
@Check('chk_referral_agency_type', `agency_type IN ('POLICE','HEALTH','EDUCATION','SOCIAL_SERVICES','JUSTICE','LOCAL_AUTHORITY')`)
@Check('chk_referral_status', `status IN ('SENT','ACKNOWLEDGED','ACCEPTED','DECLINED','IN_PROGRESS','COMPLETED','CANCELLED')`)
@Check('chk_referral_risk', `risk_level IN ('LOW','MEDIUM','HIGH','CRITICAL')`)
@Check(
  'chk_referral_final_data',
  `(status <> 'DECLINED' OR decline_reason IS NOT NULL) AND (status <> 'COMPLETED' OR outcome_code IS NOT NULL) AND (status <> 'CANCELLED' OR cancel_reason IS NOT NULL)`,
)
@Index('idx_referral_case', ['caseId', 'createdAt'])
@Index('idx_referral_inbox', ['agencyId', 'status', 'sentAt'])
@Index('idx_referral_sent', ['sentAt'])
@Index('idx_referral_open', ['caseId', 'agencyType'], { unique: true, where: `status IN ('SENT','ACKNOWLEDGED','ACCEPTED','IN_PROGRESS')` })
export class Referral {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Case, 'id', { name: 'referral_case_id_fkey' })
  caseId: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => Agency, 'id', { name: 'referral_agency_id_fkey' })
  agencyId: string;

  @Column({ type: 'text' })
  agencyType: AgencyType;

  @Column({ type: 'text' })
  status: ReferralStatus;

  /** The case's risk when the referral was sent. */
  @Column({ type: 'text' })
  riskLevel: RiskLevel;

  /** Why the case went to this agency: the routing explanation, or the worker's reason for a referral by hand. */
  @Column({ type: 'text' })
  explanation: string;

  /** The worker's own words for a referral by hand; null when routing sent it. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** The rule versions that produced it (empty by hand). */
  @Column({ type: 'jsonb' })
  ruleRefs: RoutingReason[];

  /** The outbox event routing acted on, so a redelivered event refers nothing twice. */
  @Column({ type: 'bigint', nullable: true })
  sourceEventId: string | null;

  /** Null when routing sent it. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => User, 'id', { name: 'referral_created_by_fkey' })
  createdBy: string | null;

  @Column({ type: 'timestamptz' })
  sentAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  declinedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  declineReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  outcomeCode: string | null;

  @Column({ type: 'text', nullable: true })
  outcomeNote: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
