import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Clock } from '../common/clock';
import { RefreshToken } from './refresh-token.entity';

export type RotationResult =
  { outcome: 'ROTATED'; userId: string; familyId: string; refreshToken: string } | { outcome: 'REUSED'; userId: string; familyId: string } | { outcome: 'INVALID' };

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Refresh tokens: one family per sign-in, rotated on each use, the family revoked when a used one comes back. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(userId: string, familyId: string, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await manager.getRepository(RefreshToken).insert({
      userId,
      familyId,
      tokenHash: hash(token),
      expiresAt: new Date(this.clock.now().getTime() + this.config.refreshTtlSeconds * 1000),
    });
    return token;
  }

  newFamily(): string {
    return randomUUID();
  }

  /** Exchanges a refresh token for a new one of the same family, once. */
  async rotate(token: string): Promise<RotationResult> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(RefreshToken);
      const row = await repo.findOne({ where: { tokenHash: hash(token) }, lock: { mode: 'pessimistic_write' } });
      const now = this.clock.now();
      if (!row || row.revokedAt || row.expiresAt.getTime() <= now.getTime()) return { outcome: 'INVALID' as const };
      if (row.usedAt) {
        await this.revokeFamily(row.familyId, manager);
        return { outcome: 'REUSED' as const, userId: row.userId, familyId: row.familyId };
      }
      await repo.update({ id: row.id }, { usedAt: now });
      const next = await this.issue(row.userId, row.familyId, manager);
      return { outcome: 'ROTATED' as const, userId: row.userId, familyId: row.familyId, refreshToken: next };
    });
  }

  async revokeFamily(familyId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  /** Every sign-in of the user (password change, deactivation). */
  async revokeAllOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(RefreshToken).update({ userId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }
}
