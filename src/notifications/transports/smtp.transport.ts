import { createTransport, Transporter } from 'nodemailer';
import { NotificationTransport, OutgoingMessage } from './notification-transport';

/** Email through the SMTP server of SMTP_URL (nodemailer). */
export class SmtpTransport implements NotificationTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    // Short timeouts: a dead server fails the attempt quickly and the job retries with backoff.
    this.transporter = createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  }

  async send(message: OutgoingMessage): Promise<void> {
    await this.transporter.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }

  close(): void {
    this.transporter.close();
  }
}
