import { NotificationChannel } from '../enums';

export interface OutgoingMessage {
  channel: NotificationChannel;
  /** Email address or phone number. */
  to: string;
  subject: string;
  text: string;
}

/**
 * One way of sending a message out (SMTP, an SMS gateway, the local file). Throwing means "try again later":
 * the delivery job retries with backoff and, after the last attempt, the delivery is FAILED.
 */
export interface NotificationTransport {
  readonly name: string;
  send(message: OutgoingMessage): Promise<void>;
  close?(): Promise<void> | void;
}
