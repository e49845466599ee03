import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { DeliveryStatus, NotificationChannel } from './enums';
import { Notification } from './notification.entity';

/** Sending one notification through one channel; each is its own queue job, so channels never wait on each other. */
@Entity('notification_delivery')
@Check('chk_notification_delivery_channel', `channel IN ('EMAIL','SMS')`)
@Check('chk_notification_delivery_status', `status IN ('PENDING','SENT','FAILED','SKIPPED')`)
@Check('chk_notification_delivery_sent', `(status = 'SENT') = (sent_at IS NOT NULL)`)
@Index('idx_notification_delivery_pending', ['createdAt'], { where: `status = 'PENDING'` })
export class NotificationDelivery {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => Notification, 'id', { name: 'notification_delivery_notification_id_fkey' })
  notificationId: string;

  @PrimaryColumn({ type: 'text' })
  channel: NotificationChannel;

  /** The email address or phone number used (the user's at the time of the notification). */
  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'text' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
