import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { csrfMatches } from '../kernel/csrf';
import { Reflector } from '@nestjs/core';
import { ALLOW_KEY, Audience } from '../common/access/allow.decorator';
import { ForbiddenError, UnauthorizedError } from '../common/errors';
import { AuthService, MFA_ENROL_SCOPE } from './auth.service';

const ENROLMENT_PATHS = new Set(['/api/v1/auth/mfa', '/api/v1/auth/mfa/confirm', '/api/v1/auth/logout', '/api/v1/auth/me']);

/**
 * Deny by default: a route without @Allow is refused; PUBLIC routes need nothing; any other route needs a
 * valid bearer token of a user whose role is listed (AUTHENTICATED = any role).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const audience = this.reflector.getAllAndOverride<Audience[] | undefined>(ALLOW_KEY, [context.getHandler(), context.getClass()]);
    if (!audience || audience.length === 0) throw new ForbiddenError('ROUTE_CLOSED');
    if (audience.includes('PUBLIC')) return true;
    const req = context.switchToHttp().getRequest();
    const header = String(req.headers?.authorization ?? '');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match?.[1] ?? req.sessionToken;
    if (!token) throw new UnauthorizedError();
    const { user, claims } = await this.auth.authenticateToken(token);
    req.user = user;
    req.accessToken = token;
    // Signed in with the password only while a second factor is required: enrolling it is all the token allows.
    if (claims.scope === MFA_ENROL_SCOPE && !ENROLMENT_PATHS.has(String(req.route?.path ?? ''))) {
      throw new ForbiddenError('MFA_ENROLMENT_REQUIRED');
    }
    // A browser session (cookie) must prove each unsafe request came from our own page.
    if (!match && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const given = req.headers['x-csrf-token'] ?? req.body?._csrf;
      if (!csrfMatches(this.config.jwtSecret, token, given)) throw new ForbiddenError('CSRF_FAILED');
    }
    if (audience.includes('AUTHENTICATED') || audience.includes(user.role)) return true;
    throw new ForbiddenError('ROLE_FORBIDDEN', { role: user.role });
  }
}
