import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../common/clock';
import { NotificationChannel } from '../enums';
import { FileTransport } from './file.transport';
import { NotificationTransport } from './notification-transport';
import { SmtpTransport } from './smtp.transport';

/**
 * The transport of each channel, from configuration: email by SMTP when SMTP_URL is set, else the local file;
 * SMS to the local file (no SMS gateway is configured yet: one plugs in here behind the same interface).
 * A channel without a transport (production without SMTP_URL or NOTIFY_FILE) is skipped, not retried.
 */
@Injectable()
export class NotificationTransports implements OnApplicationShutdown {
  private readonly transports = new Map<NotificationChannel, NotificationTransport>();

  constructor(@Inject(APP_CONFIG) config: AppConfig, clock: Clock) {
    const file = config.notifyFile ? new FileTransport(config.notifyFile, () => clock.now()) : null;
    const email = config.smtpUrl ? new SmtpTransport(config.smtpUrl, config.smtpFrom) : file;
    if (email) this.transports.set(NotificationChannel.EMAIL, email);
    if (file) this.transports.set(NotificationChannel.SMS, file);
  }

  forChannel(channel: NotificationChannel): NotificationTransport | null {
    return this.transports.get(channel) ?? null;
  }

  async onApplicationShutdown(): Promise<void> {
    for (const t of new Set(this.transports.values())) await t.close?.();
  }
}
