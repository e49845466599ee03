/** The BullMQ queue that sends notifications by email and SMS, one job per notification and channel. */
export const NOTIFICATIONS_QUEUE = 'notifications';

export const NotificationJob = {
  DELIVER: 'deliver',
  /** Periodic: re-enqueues deliveries whose job was lost (a flushed Redis). */
  SWEEP: 'sweep',
} as const;

export const NOTIFICATION_SWEEP_SCHEDULER = 'notifications-sweep';

/** Outbox event written with new deliveries, so their jobs are enqueued only after the notifications commit. */
export const NOTIFICATION_DELIVERIES_EVENT = 'NOTIFICATION_DELIVERIES';

export interface DeliveryJobData {
  notificationId: string;
  channel: string;
}

/** Deterministic job id: one job per delivery, however often it is enqueued. */
export function deliveryJobId(notificationId: string, channel: string): string {
  return `delivery:${notificationId}:${channel}`;
}

/** Retries with exponential backoff (2 s, 4 s, 8 s, …, about 17 minutes in all) before a delivery is FAILED. */
export const DELIVERY_JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
};
