import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Case } from '../cases/case.entity';
import { RiskLevel } from '../cases/enums';
import { User } from '../identity/user.entity';
import { JurisdictionLevel } from '../identity/enums';
import { Agency } from '../referrals/agency.entity';
import { DEADLINE_KEYS_SQL, DeadlineKey, DeadlineKind, DeadlineStatus, DeadlineSubjectType } from './enums';

/** The policy as it was when the deadline started: later edits never move an existing deadline. */
export interface DeadlinePolicySnapshot {
  /** The duration that applied (the risk's override or the default). */
  duration: string;
  workingDays: boolean;
  escalateAfter: string[];
  policyVersion: number;
  /**
   * Years without public-holiday data the period ran through; every day there was counted as a working day,
   * so the deadline is due early rather than late (WorkingCalendar.addWorkingDaysAtMost). Absent when none.
   */
  holidayDataMissing?: number[];
  /** Whether a law set the limit, and which act and article; absent only on rows started before they existed. */
  kind?: DeadlineKind;
  legalBasis?: string;
}

/**
 * One obligation with a time limit (product.md §6): the source of truth for timers, escalation and the
 * overdue statistics. BullMQ jobs only wake the worker up; the row says what has fired.
 *
 * Steps: 0 = due (→ OVERDUE, the assignee is told), 1 and 2 = escalation levels. `nextFireAt` is the time of
 * the next step still to fire (null when none is left), which is what the reconciler scans.
 */
@Entity('deadline')
@Check('chk_deadline_key', `key IN (${DEADLINE_KEYS_SQL})`)
@Check('chk_deadline_subject_type', `subject_type IN ('CASE','REFERRAL')`)
@Check('chk_deadline_status', `status IN ('PENDING','MET','OVERDUE','CANCELLED')`)
@Check('chk_deadline_escalation_level', `escalation_level BETWEEN 0 AND 2`)
@Check('chk_deadline_escalation_scope', `escalation_scope IN ('COMMUNE','PROVINCE','NATIONAL')`)
@Check('chk_deadline_risk', `risk_level IN ('LOW','MEDIUM','HIGH','CRITICAL')`)
@Check(
  'chk_deadline_subject',
  `(subject_type = 'CASE' AND subject_id = case_id AND agency_id IS NULL AND key NOT LIKE 'REFERRAL\\_%') OR
        (subject_type = 'REFERRAL' AND agency_id IS NOT NULL AND key LIKE 'REFERRAL\\_%')`,
)
@Check(
  'chk_deadline_state',
  `(status <> 'MET' OR met_at IS NOT NULL) AND (status <> 'CANCELLED' OR cancelled_at IS NOT NULL) AND
        (status <> 'OVERDUE' OR overdue_at IS NOT NULL) AND (status <> 'PENDING' OR escalation_level = 0) AND
        (status IN ('PENDING','OVERDUE') OR next_fire_at IS NULL)`,
)
@Check('chk_deadline_times', `due_at >= started_at AND (escalate1_at IS NULL OR escalate1_at >= due_at) AND (escalate2_at IS NULL OR escalate2_at >= escalate1_at)`)
// One open deadline per obligation: redelivered or racing events cannot start it twice.
@Index('idx_deadline_open', ['key', 'subjectId'], { unique: true, where: `status IN ('PENDING','OVERDUE')` })
@Index('idx_deadline_fire', ['status', 'nextFireAt'])
// The open deadlines in the order their steps fall due, for the timers (migration 1764870000010).
@Index('idx_deadline_due', ['nextFireAt'], { where: `status IN ('PENDING','OVERDUE')` })
@Index('idx_deadline_case', ['caseId', 'status'])
@Index('idx_deadline_subject', ['subjectId', 'key'])
@Index('idx_deadline_agency', ['agencyId', 'status'], { where: 'agency_id IS NOT NULL' })
@Index('idx_deadline_started', ['startedAt'])
// On coalesce(met_at, cancelled_at), for the overdue trend; created by the migration (TypeORM cannot declare expression indexes).
@Index('idx_deadline_resolved', { synchronize: false })
export class Deadline {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  key: DeadlineKey;

  @Column({ type: 'text' })
  subjectType: DeadlineSubjectType;

  /** The case or the referral the obligation is about. */
  @Column({ type: 'uuid' })
  subjectId: string;

  /** The case, also for a referral's deadline: jurisdiction scoping and closing cancel through it. */
  @Column({ type: 'uuid' })
  @ForeignKey(() => Case, 'id', { name: 'deadline_case_id_fkey' })
  caseId: string;

  /** The agency a referral's deadline is owed by. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => Agency, 'id', { name: 'deadline_agency_id_fkey' })
  agencyId: string | null;

  /** The case's assignee when the deadline started (kept current on reassignment). */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => User, 'id', { name: 'deadline_assignee_id_fkey' })
  assigneeId: string | null;

  /** Where the case is, for escalation to the supervisors of that place. */
  @Column({ type: 'text', nullable: true })
  provinceCode: string | null;

  @Column({ type: 'text', nullable: true })
  communeCode: string | null;

  /** The risk level the duration was chosen for. */
  @Column({ type: 'text', nullable: true })
  riskLevel: RiskLevel | null;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  escalate1At: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  escalate2At: Date | null;

  @Column({ type: 'text' })
  status: DeadlineStatus;

  @Column({ type: 'integer', default: 0 })
  escalationLevel: number;

  /** The jurisdiction level the latest escalation went to; level 2 goes one above it. */
  @Column({ type: 'text', nullable: true })
  escalationScope: JurisdictionLevel | null;

  @Column({ type: 'timestamptz', nullable: true })
  nextFireAt: Date | null;

  /** Kept when a late obligation is met, for the timeliness statistics. */
  @Column({ type: 'timestamptz', nullable: true })
  overdueAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  metAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ type: 'jsonb' })
  policy: DeadlinePolicySnapshot;

  /** The outbox event that started it, so a redelivered event never starts it again. */
  @Column({ type: 'bigint', nullable: true })
  sourceEventId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
