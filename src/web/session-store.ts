import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/config';
import { REDIS } from '../redis/redis.module';

/**
 * Ended browser sessions. A session token is a signed token that stays valid until it expires, so logging out
 * records it here (hashed) until then; the session middleware refuses it afterwards, on every replica.
 */
@Injectable()
export class WebSessionStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private key(token: string): string {
    return `${this.config.queuePrefix}:web:ended:${createHash('sha256').update(token).digest('hex')}`;
  }

  async end(token: string): Promise<void> {
    await this.redis.set(this.key(token), '1', 'EX', this.config.webSessionSeconds);
  }

  async isEnded(token: string): Promise<boolean> {
    return (await this.redis.exists(this.key(token))) === 1;
  }
}
