import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../cases/case.entity';
import { User } from '../identity/user.entity';
import { Deadline } from '../deadlines/deadline.entity';

/**
 * One in-app message to one user. `dedupeKey` names the occurrence that caused it (e.g. a deadline step), so
 * a step fired again, or an event delivered twice, never notifies the same person twice.
 */
@Entity('notification')
@Index('idx_notification_dedupe', ['dedupeKey', 'userId'], { unique: true })
@Index('idx_notification_inbox', ['userId', 'readAt', 'createdAt'])
@Index('idx_notification_deadline', ['deadlineId'], { where: 'deadline_id IS NOT NULL' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => User, 'id', { name: 'notification_user_id_fkey' })
  userId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => Case, 'id', { name: 'notification_case_id_fkey' })
  caseId: string | null;

  /** No foreign key: a notification outlives whatever the referral module does with its rows. */
  @Column({ type: 'uuid', nullable: true })
  referralId: string | null;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => Deadline, 'id', { name: 'notification_deadline_id_fkey' })
  deadlineId: string | null;

  @Column({ type: 'text' })
  dedupeKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
