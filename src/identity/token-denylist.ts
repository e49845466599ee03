import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { REDIS } from '../redis/redis.module';
import { EndedSignIn } from './ended-sign-in.entity';

/**
 * Access tokens ended before they expire. A signed token stays valid by itself until `exp`, so its id (and, for a
 * whole sign-in, its family) is kept in Redis until then: every API replica sees a logout at once.
 */
@Injectable()
export class TokenDenylist {
  private readonly logger = new Logger(TokenDenylist.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  private key(kind: 'jti' | 'fam', id: string): string {
    return `${this.config.queuePrefix}:deny:${kind}:${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
  }

  /** Ends one token until its expiry (`ttlSeconds` ≥ 1). */
  async denyToken(jti: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.key('jti', jti), '1', 'EX', Math.max(1, Math.ceil(ttlSeconds)));
  }

  /**
   * Ends every access token of one sign-in; they live at most as long as the longest token lifetime. Also kept
   * in PostgreSQL, so a flushed Redis does not bring a logged-out session back.
   */
  async denyFamily(familyId: string): Promise<void> {
    const ttl = Math.max(this.config.jwtTtlSeconds, this.config.webSessionSeconds);
    const now = Date.now();
    await this.dataSource.getRepository(EndedSignIn).upsert({ familyId, endedAt: new Date(now), expiresAt: new Date(now + ttl * 1000) }, ['familyId']);
    await this.dataSource.query(`DELETE FROM ended_sign_in WHERE expires_at < now()`);
    await this.redis.set(this.key('fam', familyId), '1', 'EX', ttl);
  }

  /**
   * Whether the token was ended. When Redis cannot answer, PostgreSQL's record of ended sign-ins decides: a
   * hotline operator keeps working through a Redis outage, and a logged-out session stays out (only a single
   * access token rotated away by a refresh lives on until its short expiry).
   */
  async isDenied(jti: string, familyId: string | null, endedInDatabase?: boolean): Promise<boolean> {
    // Read with the user when the caller could (authentication does): PostgreSQL's record is asked either way.
    if (endedInDatabase === true) return true;
    const keys = [this.key('jti', jti), ...(familyId ? [this.key('fam', familyId)] : [])];
    try {
      if ((await this.redis.exists(...keys)) > 0) return true;
    } catch (error) {
      this.logger.warn({ err: error }, 'Redis unreachable: token revocation checked against PostgreSQL only');
    }
    if (endedInDatabase === false) return false;
    return !!familyId && (await this.dataSource.getRepository(EndedSignIn).existsBy({ familyId }));
  }
}
