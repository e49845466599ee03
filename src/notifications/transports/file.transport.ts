import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NotificationTransport, OutgoingMessage } from './notification-transport';

/**
 * The local transport: appends one JSON line per message to a file (NOTIFY_FILE), so local runs and tests see
 * what would have been sent without a mail server or an SMS gateway.
 */
export class FileTransport implements NotificationTransport {
  readonly name = 'file';
  private ready: Promise<unknown> | null = null;

  constructor(
    private readonly path: string,
    private readonly now: () => Date,
  ) {}

  async send(message: OutgoingMessage): Promise<void> {
    this.ready ??= mkdir(dirname(this.path), { recursive: true });
    await this.ready;
    await appendFile(this.path, `${JSON.stringify({ at: this.now().toISOString(), ...message })}\n`, 'utf8');
  }
}
