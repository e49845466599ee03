import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Clock } from '../common/clock';
import { TooManyRequestsError, UnauthorizedError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { AuditService } from '../audit/audit.service';
import { Agency } from '../kernel/agency.entity';
import { User } from './user.entity';
import { afterFailure, afterSuccess, isLocked } from './login.rules';
import { hashPassword, verifyPassword } from './password';

// Verifying against a real hash when the user is unknown keeps response times alike, so usernames cannot be probed.
let dummyHash: Promise<string> | null = null;

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `ttlSeconds` lets the web UI issue a session token for a shift instead of the API's short-lived token. */
  async login(username: string, password: string, meta: RequestMeta, ttlSeconds?: number): Promise<{ accessToken: string; expiresIn: number; user: Principal }> {
    const now = this.clock.now();
    const repo = this.dataSource.getRepository(User);
    const user = await repo.findOneBy({ username: username.trim().toLowerCase() });
    const refuse = () => new UnauthorizedError('Wrong username or password');
    if (!user) {
      dummyHash ??= hashPassword('not-a-real-password-0');
      await verifyPassword(await dummyHash, password);
      await this.audit.record({ actor: null, action: 'LOGIN_FAILED', subjectType: 'USER', subjectId: null, after: { username: username.slice(0, 64) }, meta });
      throw refuse();
    }
    if (isLocked(user, now)) {
      const seconds = Math.ceil((user.lockedUntil!.getTime() - now.getTime()) / 1000);
      await this.audit.record({ actor: null, action: 'LOGIN_LOCKED', subjectType: 'USER', subjectId: user.id, meta });
      throw new TooManyRequestsError(`Too many failed logins: this account is locked for ${Math.ceil(seconds / 60)} more minute(s), or until an administrator unlocks it`, seconds);
    }
    const ok = user.active && (await verifyPassword(user.passwordHash, password));
    if (!ok) {
      const next = afterFailure(user, now, { maxFailures: this.config.loginMaxFailures, lockSeconds: this.config.loginLockSeconds });
      await repo.update({ id: user.id }, { failedLogins: next.failedLogins, lockedUntil: next.lockedUntil });
      await this.audit.record({ actor: null, action: 'LOGIN_FAILED', subjectType: 'USER', subjectId: user.id, after: { failedLogins: next.failedLogins }, meta });
      throw refuse();
    }
    await repo.update({ id: user.id }, { ...afterSuccess(), lastLoginAt: now });
    await this.audit.record({ actor: user, action: 'LOGIN', subjectType: 'USER', subjectId: user.id, meta });
    const expiresIn = ttlSeconds ?? this.config.jwtTtlSeconds;
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role }, { expiresIn });
    return { accessToken, expiresIn, user: await this.toPrincipal(user) };
  }

  /** Verifies a bearer token and loads the current state of its user (deactivation takes effect at once). */
  async authenticate(token: string): Promise<Principal> {
    let payload: { sub?: string };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch (e) {
      throw new UnauthorizedError(
        (e as Error)?.name === 'TokenExpiredError' ? 'Your session has expired: log in again' : 'The access token is not valid: log in again',
      );
    }
    const user = payload.sub && /^[0-9a-f-]{36}$/i.test(payload.sub) ? await this.dataSource.getRepository(User).findOneBy({ id: payload.sub }) : null;
    if (!user || !user.active) throw new UnauthorizedError('This account no longer exists or has been deactivated');
    return this.toPrincipal(user);
  }

  async toPrincipal(user: User): Promise<Principal> {
    const agency = user.agencyId ? await this.dataSource.getRepository(Agency).findOneBy({ id: user.agencyId }) : null;
    return {
      id: user.id,
      username: user.username,
      fullName: user.fullName,
      role: user.role,
      jurisdictionLevel: user.jurisdictionLevel,
      provinceCode: user.provinceCode,
      communeCode: user.communeCode,
      agencyId: user.agencyId,
      agencyType: agency?.type ?? null,
    };
  }
}
