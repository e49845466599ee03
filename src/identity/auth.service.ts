import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Clock } from '../common/clock';
import { TooManyRequestsError, UnauthorizedError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { AuditService } from '../audit/audit.service';
import { User } from './user.entity';
import { hashPassword, verifyPassword } from './password';
import { LoginThrottle } from './login-throttle.service';
import { TokenDenylist } from './token-denylist';
import { SessionsService } from './sessions.service';
import { queryPrepared } from '../database/prepared';
import { MfaService } from './mfa.service';
import { mfaRequired } from './mfa.rules';

// Verifying against a real hash when the user is unknown keeps response times alike, so usernames cannot be probed.
let dummyHash: Promise<string> | null = null;

/** What a token of ours carries besides the standard claims. */
export interface TokenClaims {
  sub: string;
  role: string;
  /** Token id: what a logout puts on the denylist. */
  jti?: string;
  /** The user's session epoch when issued: raising it ends every session. */
  sv?: number;
  /** The sign-in (refresh-token family) the token belongs to. */
  fam?: string;
  /** `mfa-enrol`: signed in with the password only, allowed nothing but enrolling a second factor. */
  scope?: string;
  exp?: number;
}

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
  /** True when the role needs a second factor and the user has none yet: the token only enrols one. */
  mfaEnrolmentRequired?: boolean;
  user: Principal;
}

export const MFA_ENROL_SCOPE = 'mfa-enrol';

/**
 * A user as the principal of a request, with its state and whether the sign-in `$2` was ended: what authentication
 * reads on every request (authenticateToken), in one prepared statement. Named as Principal names its fields.
 */
const PRINCIPAL_SQL = `SELECT u.id, u.username, u.full_name AS "fullName", u.role, u.jurisdiction_level AS "jurisdictionLevel",
       u.province_code AS "provinceCode", u.commune_code AS "communeCode", u.agency_id AS "agencyId", a.type AS "agencyType",
       u.active, u.session_epoch AS "sessionEpoch", EXISTS (SELECT 1 FROM ended_sign_in e WHERE e.family_id = $2) AS "signInEnded"
  FROM app_user u LEFT JOIN agency a ON a.id = u.agency_id WHERE u.id = $1`;

type PrincipalRow = Principal & { active: boolean; sessionEpoch: number; signInEnded: boolean };

function principalOf({ active: _active, sessionEpoch: _epoch, signInEnded: _ended, ...principal }: PrincipalRow): Principal {
  return principal;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly throttle: LoginThrottle,
    private readonly denylist: TokenDenylist,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `options.ttlSeconds` lets the web UI issue a session token for a shift instead of the API's short-lived
   * token (the web has no refresh token: logging out or the cookie's end closes it).
   */
  async login(username: string, password: string, meta: RequestMeta, options: { ttlSeconds?: number; otp?: string } = {}): Promise<LoginResult> {
    const client = meta.ip || 'unknown';
    const name = username.trim().toLowerCase();
    const held = await this.throttle.check(name, client);
    if (held.retryAfterSeconds > 0) {
      throw new TooManyRequestsError('LOGIN_THROTTLED', held.retryAfterSeconds, { seconds: held.retryAfterSeconds });
    }
    const repo = this.dataSource.getRepository(User);
    const user = await repo.findOneBy({ username: name });
    if (!user) {
      dummyHash ??= hashPassword('not-a-real-password-0');
      await verifyPassword(await dummyHash, password);
      await this.failed(name, client, null, meta, 'PASSWORD');
      throw new UnauthorizedError('LOGIN_FAILED');
    }
    const ok = user.active && (await verifyPassword(user.passwordHash, password));
    if (!ok) {
      await this.failed(name, client, user.id, meta, 'PASSWORD');
      throw new UnauthorizedError('LOGIN_FAILED');
    }

    const enrolmentRequired = !user.mfaSecret && mfaRequired(user.role, this.config.mfaRequiredRoles);
    const familyId = this.sessions.newFamily();
    const result = await this.dataSource.transaction(async (manager) => {
      let factor: string | null = null;
      if (user.mfaSecret) {
        if (!options.otp) {
          throw new UnauthorizedError('MFA_REQUIRED');
        }
        factor = await this.mfa.verifyAtSignIn(user, options.otp, manager);
        if (!factor) return null;
      }
      await manager.getRepository(User).update({ id: user.id }, { lastLoginAt: this.clock.now() });
      await this.audit.record({ actor: user, action: 'LOGIN', subjectType: 'USER', subjectId: user.id, after: factor ? { factor } : null, meta }, manager);
      const refreshToken = options.ttlSeconds || enrolmentRequired ? undefined : await this.sessions.issue(user.id, familyId, manager);
      return { refreshToken };
    });
    if (!result) {
      await this.failed(name, client, user.id, meta, 'SECOND_FACTOR');
      throw new UnauthorizedError('MFA_INVALID');
    }
    await this.throttle.recordSuccess(name, client);
    const expiresIn = options.ttlSeconds ?? this.config.jwtTtlSeconds;
    const accessToken = await this.sign(user, familyId, expiresIn, enrolmentRequired ? MFA_ENROL_SCOPE : undefined);
    return {
      accessToken,
      expiresIn,
      ...(result.refreshToken ? { refreshToken: result.refreshToken } : {}),
      ...(enrolmentRequired ? { mfaEnrolmentRequired: true } : {}),
      user: await this.toPrincipal(user),
    };
  }

  private async failed(username: string, client: string, userId: string | null, meta: RequestMeta, step: 'PASSWORD' | 'SECOND_FACTOR'): Promise<void> {
    const delay = await this.throttle.recordFailure(username, client);
    await this.audit.record({ actor: null, action: 'LOGIN_FAILED', subjectType: 'USER', subjectId: userId, after: { username: username.slice(0, 64), step }, meta });
    if (delay > 0) {
      await this.audit.record({ actor: null, action: 'LOGIN_THROTTLED', subjectType: 'USER', subjectId: userId, after: { username: username.slice(0, 64), seconds: delay }, meta });
    }
  }

  private sign(user: User, familyId: string, expiresIn: number, scope?: string): Promise<string> {
    const claims: TokenClaims = { sub: user.id, role: user.role, jti: randomUUID(), sv: user.sessionEpoch, fam: familyId, ...(scope ? { scope } : {}) };
    return this.jwt.signAsync(claims, { expiresIn });
  }

  /** A new access token and refresh token for a refresh token, which is spent; a spent one ends its sign-in. */
  async refresh(refreshToken: string, meta: RequestMeta): Promise<LoginResult> {
    const rotated = await this.sessions.rotate(refreshToken);
    if (rotated.outcome === 'INVALID') throw new UnauthorizedError('REFRESH_TOKEN_INVALID');
    if (rotated.outcome === 'REUSED') {
      await this.denylist.denyFamily(rotated.familyId);
      await this.audit.record({ actor: null, action: 'REFRESH_TOKEN_REUSED', subjectType: 'USER', subjectId: rotated.userId, meta });
      throw new UnauthorizedError('REFRESH_TOKEN_REUSED');
    }
    const user = await this.dataSource.getRepository(User).findOneBy({ id: rotated.userId });
    if (!user || !user.active) throw new UnauthorizedError('ACCOUNT_INACTIVE');
    const expiresIn = this.config.jwtTtlSeconds;
    return { accessToken: await this.sign(user, rotated.familyId, expiresIn), expiresIn, refreshToken: rotated.refreshToken, user: await this.toPrincipal(user) };
  }

  /** Ends the sign-in the token belongs to at once, on every replica: the token, its siblings and its refresh tokens. */
  async logout(token: string, actor: Principal, meta: RequestMeta): Promise<void> {
    const claims = this.jwt.decode<TokenClaims>(token);
    const remaining = (claims.exp ?? 0) - Math.floor(Date.now() / 1000);
    await this.denylist.denyToken(claims.jti ?? token, Math.max(remaining, 1));
    if (claims.fam) {
      await this.denylist.denyFamily(claims.fam);
      await this.sessions.revokeFamily(claims.fam);
    }
    await this.audit.record({ actor, action: 'LOGOUT', subjectType: 'USER', subjectId: actor.id, meta });
  }

  /** Verifies a bearer token and loads the current state of its user (deactivation takes effect at once). */
  async authenticate(token: string): Promise<Principal> {
    return (await this.authenticateToken(token)).user;
  }

  async authenticateToken(token: string): Promise<{ user: Principal; claims: TokenClaims }> {
    let payload: TokenClaims;
    try {
      payload = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch (e) {
      throw new UnauthorizedError((e as Error)?.name === 'TokenExpiredError' ? 'SESSION_EXPIRED' : 'TOKEN_INVALID');
    }
    const familyId = typeof payload.fam === 'string' ? payload.fam : null;
    const found = typeof payload.sub === 'string' && /^[0-9a-f-]{36}$/i.test(payload.sub) ? await this.readPrincipal(payload.sub, familyId) : null;
    if (!found || !found.active) throw new UnauthorizedError('ACCOUNT_INACTIVE');
    if ((payload.sv ?? 0) !== found.sessionEpoch) throw new UnauthorizedError('SESSION_ENDED');
    if (await this.denylist.isDenied(typeof payload.jti === 'string' ? payload.jti : token, familyId, found.signInEnded)) {
      throw new UnauthorizedError('SESSION_LOGGED_OUT');
    }
    return { user: principalOf(found), claims: payload };
  }

  /** The principal of a user just signed in (its state was checked by the caller). */
  async toPrincipal(user: User): Promise<Principal> {
    return principalOf((await this.readPrincipal(user.id, null))!);
  }

  private async readPrincipal(userId: string, familyId: string | null): Promise<PrincipalRow | null> {
    const [row] = await queryPrepared<PrincipalRow>(this.dataSource, PRINCIPAL_SQL, [userId, familyId], 'auth_principal_v2');
    return row ?? null;
  }
}
