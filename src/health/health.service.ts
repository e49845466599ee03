import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '../redis/redis.module';

export interface HealthReport {
  status: 'ok' | 'down';
  postgres: 'up' | 'down';
  redis: 'up' | 'down';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async check(): Promise<HealthReport> {
    const [postgres, redis] = await Promise.all([
      withTimeout(this.dataSource.query('SELECT 1'), 2000).then(() => 'up' as const, () => 'down' as const),
      withTimeout(this.redis.ping(), 2000).then(() => 'up' as const, () => 'down' as const),
    ]);
    return { status: postgres === 'up' && redis === 'up' ? 'ok' : 'down', postgres, redis };
  }
}
