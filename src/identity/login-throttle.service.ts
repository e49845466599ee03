import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Clock } from '../common/clock';
import { REDIS } from '../redis/redis.module';
import { clientPolicy, NOT_THROTTLED, retryAfterSeconds, THROTTLE_MEMORY_SECONDS, ThrottlePolicy, ThrottleState, usernameClientPolicy } from './login.rules';

export interface ThrottleVerdict {
  retryAfterSeconds: number;
  /** Which key holds the client back. */
  scope: 'USERNAME_CLIENT' | 'CLIENT' | null;
}

/**
 * Failed sign-ins counted in Redis (so every replica agrees) per (username, client) and per client. The rules
 * are in login.rules.ts; time comes from the clock so tests move it instead of waiting.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private usernameClientKey(username: string, client: string): string {
    return `${this.usernamePrefix(username)}${client}`;
  }

  /** The username is hashed: keys then have a fixed shape whatever was typed. */
  private usernamePrefix(username: string): string {
    const id = createHash('sha256').update(username.trim().toLowerCase()).digest('hex').slice(0, 32);
    return `${this.config.queuePrefix}:lt:uc:${id}:`;
  }

  private clientKey(client: string): string {
    return `${this.config.queuePrefix}:lt:c:${client}`;
  }

  private async read(key: string): Promise<ThrottleState> {
    const raw = await this.redis.get(key);
    if (!raw) return NOT_THROTTLED;
    const [failures, until] = raw.split(':').map(Number);
    return { failures: failures || 0, until: until || 0 };
  }

  async check(username: string, client: string): Promise<ThrottleVerdict> {
    const now = this.clock.now().getTime();
    const pair = retryAfterSeconds(await this.read(this.usernameClientKey(username, client)), now);
    if (pair > 0) return { retryAfterSeconds: pair, scope: 'USERNAME_CLIENT' };
    const whole = retryAfterSeconds(await this.read(this.clientKey(client)), now);
    if (whole > 0) return { retryAfterSeconds: whole, scope: 'CLIENT' };
    return { retryAfterSeconds: 0, scope: null };
  }

  /** Counts a failure; returns the delay it imposes from now on (0 while failures are still free). */
  async recordFailure(username: string, client: string): Promise<number> {
    const now = this.clock.now().getTime();
    const pair = await this.countFailure(this.usernameClientKey(username, client), now, usernameClientPolicy(this.config.loginFreeFailures, this.config.loginDelaySeconds));
    const whole = await this.countFailure(this.clientKey(client), now, clientPolicy(this.config.loginFreeFailures, this.config.loginDelaySeconds));
    return Math.max(retryAfterSeconds(pair, now), retryAfterSeconds(whole, now));
  }

  /** Read, apply the rule and write in one Redis script, so parallel guesses cannot undercount. */
  private async countFailure(key: string, now: number, policy: ThrottlePolicy): Promise<ThrottleState> {
    const raw = (await this.redis.eval(
      `local v = redis.call('GET', KEYS[1])
       local f, u = 0, 0
       if v then local i = string.find(v, ':'); f = tonumber(string.sub(v, 1, i - 1)) or 0; u = tonumber(string.sub(v, i + 1)) or 0 end
       f = f + 1
       local free, delay, cap, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
       if f >= free then u = now + math.min(delay * 2 ^ math.min(f - free, 30), cap) * 1000 end
       local out = string.format('%d:%d', f, u)
       redis.call('SET', KEYS[1], out, 'EX', ARGV[5])
       return out`,
      1,
      key,
      policy.freeFailures,
      policy.delaySeconds,
      policy.maxDelaySeconds,
      now,
      THROTTLE_MEMORY_SECONDS,
    )) as string;
    const [failures, until] = raw.split(':').map(Number);
    // The script mirrors afterFailure (login.rules.ts); the rule's unit tests state the policy.
    return { failures, until };
  }

  /**
   * A success forgets the username's failures from that client. The client's own count stays: a sprayer who owns
   * one account must not reset the count by signing in to it between guesses.
   */
  async recordSuccess(username: string, client: string): Promise<void> {
    await this.redis.del(this.usernameClientKey(username, client));
  }

  /** An administrator lifts throttles: of a username (from one client or all), or of a whole client. */
  async lift(target: { username?: string; client?: string }): Promise<number> {
    const keys: string[] = [];
    if (target.username && target.client) keys.push(this.usernameClientKey(target.username, target.client));
    else if (target.username) keys.push(...(await this.scan(`${this.usernamePrefix(target.username)}*`)));
    else if (target.client) keys.push(this.clientKey(target.client));
    if (target.username && target.client) keys.push(this.clientKey(target.client));
    if (!keys.length) return 0;
    return this.redis.del(...keys);
  }

  private async scan(pattern: string): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found;
  }
}
