import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AdminApprovalKind, AdminApprovalStatus } from './enums';
import { User } from './user.entity';

/** A change to an account that a second admin must approve (admin-approval.rules.ts), and who decided it. */
@Entity('admin_approval_request')
@Check('chk_admin_approval_kind', `kind IN ('CREATE_NATIONAL_SUPERVISOR','RESET_SUPERVISOR_PASSWORD','CREATE_ADMIN','RESET_ADMIN_PASSWORD')`)
@Check('chk_admin_approval_status', `status IN ('PENDING','APPROVED','REJECTED')`)
@Check('chk_admin_approval_second_admin', `status <> 'APPROVED' OR decided_by <> requested_by`)
@Index('idx_admin_approval_pending', ['requestedAt'], { where: `status = 'PENDING'` })
export class AdminApprovalRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: AdminApprovalKind;

  @Column({ type: 'text', default: AdminApprovalStatus.PENDING })
  status: AdminApprovalStatus;

  /** The account concerned, shown to the approving admin. */
  @Column({ type: 'text' })
  username: string;

  /** The account changed: the supervisor whose password is reset, or the new account once approved. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => User, 'id', { name: 'admin_approval_request_target_user_id_fkey' })
  targetUserId: string | null;

  /** What approval applies: the new account's fields, the password as a hash (never the password). */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'uuid' })
  @ForeignKey(() => User, 'id', { name: 'admin_approval_request_requested_by_fkey' })
  requestedBy: string;

  @Column({ type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => User, 'id', { name: 'admin_approval_request_decided_by_fkey' })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}
