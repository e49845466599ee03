/** Ways a notification reaches a person besides the in-app inbox. */
export enum NotificationChannel {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
}

export enum DeliveryStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  /** Gave up after the last retry. */
  FAILED = 'FAILED',
  /** No transport is configured for the channel (e.g. no SMS gateway, no SMTP and no file in production). */
  SKIPPED = 'SKIPPED',
}

/** Notification types written by this codebase; the column is free text so other modules can add theirs. */
export const NotificationType = {
  DEADLINE_OVERDUE: 'DEADLINE_OVERDUE',
  DEADLINE_ESCALATED: 'DEADLINE_ESCALATED',
  REFERRAL_DECLINED: 'REFERRAL_DECLINED',
  REFERRAL_COMPLETED: 'REFERRAL_COMPLETED',
  ROUTING_NO_AGENCY: 'ROUTING_NO_AGENCY',
} as const;
