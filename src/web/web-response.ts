import type { Request, Response } from 'express';
import { ForbiddenError } from '../common/errors';
import { LANG_COOKIE, LOGIN_COOKIE, SESSION_COOKIE, sessionCookieOptions } from './session';
import { WebResult } from './web.service';

/** Writes a page or a redirect; pages carry personal data, so nothing is cached. */
export function send(res: Response, result: WebResult, secureCookies: boolean): void {
  res.setHeader('Cache-Control', 'no-store');
  // The pre-login cookie lives as long as the browser session; it is no credential, only what ties the login
  // form's token to this browser.
  const { maxAge: _loginMaxAge, ...loginCookie } = sessionCookieOptions(0, secureCookies);
  if (result.loginNonce) res.cookie(LOGIN_COOKIE, result.loginNonce, loginCookie);
  if (result.loginNonce === null) res.clearCookie(LOGIN_COOKIE, loginCookie);
  if (result.kind === 'page') {
    res.status(result.status).type('html').send(result.body.value);
    return;
  }
  if (result.session) res.cookie(SESSION_COOKIE, result.session.token, sessionCookieOptions(result.session.maxAgeSeconds, secureCookies));
  if (result.session === null) {
    const { maxAge: _maxAge, ...options } = sessionCookieOptions(0, secureCookies);
    res.clearCookie(SESSION_COOKIE, options);
  }
  if (result.locale) res.cookie(LANG_COOKIE, result.locale, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/', maxAge: 365 * 86400_000 });
  res.redirect(303, result.location);
}

/**
 * Forms that need no session (login, online report) still refuse posts made by another site's page: browsers
 * send Origin on cross-site posts, and it must name this host.
 */
export function assertSameOrigin(req: Request): void {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return;
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    host = null;
  }
  // Behind a reverse proxy the public host may arrive as X-Forwarded-Host (a cross-site form cannot set it).
  const forwarded = String(req.headers['x-forwarded-host'] ?? '')
    .split(',')[0]
    .trim();
  if (host !== req.headers.host && (!forwarded || host !== forwarded)) throw new ForbiddenError('FORM_FROM_ANOTHER_SITE');
}
