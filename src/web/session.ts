import type { NextFunction, Request, Response } from 'express';
import { Locale, LOCALES } from './i18n';

// The CSRF helpers live in the kernel: the access guard (identity) checks them, the web pages issue them.
export { csrfMatches, csrfToken, loginCsrfMatches, loginCsrfToken, newLoginNonce } from '../kernel/csrf';

export const SESSION_COOKIE = 'bvte_session';
export const LANG_COOKIE = 'bvte_lang';
/** The pre-login cookie: a random nonce the login form's CSRF token is bound to (see loginCsrfToken). */
export const LOGIN_COOKIE = 'bvte_login';
const LOGIN_NONCE = /^[A-Za-z0-9_-]{43}$/;

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    const name = part.slice(0, Math.max(i, 0)).trim();
    if (i < 0 || !name) continue;
    try {
      out[name] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // a malformed cookie is ignored, not an error
    }
  }
  return out;
}

export interface WebRequest extends Request {
  sessionToken?: string;
  /** The pre-login cookie's nonce, when it has the right shape. */
  loginNonce?: string;
  locale: Locale;
}

/**
 * Reads the session cookie (used when no bearer token is sent) and the language choice. The access guard
 * authenticates the token and checks CSRF for unsafe methods.
 */
export function sessionMiddleware(req: Request, _res: Response, next: NextFunction): void {
  const cookies = parseCookies(req.headers.cookie);
  const r = req as WebRequest;
  if (cookies[SESSION_COOKIE] && !req.headers.authorization) r.sessionToken = cookies[SESSION_COOKIE];
  if (LOGIN_NONCE.test(cookies[LOGIN_COOKIE] ?? '')) r.loginNonce = cookies[LOGIN_COOKIE];
  const lang = cookies[LANG_COOKIE];
  r.locale = LOCALES.includes(lang as Locale) ? (lang as Locale) : 'vi';
  next();
}

/** Cookie attributes of the session: not readable by scripts, not sent on cross-site posts, HTTPS-only in production. */
export function sessionCookieOptions(maxAgeSeconds: number, secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: maxAgeSeconds * 1000 };
}

/**
 * The session middleware plus a check that the session was not ended by logging out: a revoked token is
 * dropped before any guard sees it. When the check cannot be made the session is dropped too (fail closed).
 */
export function createSessionMiddleware(isRevoked: (token: string) => Promise<boolean>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    sessionMiddleware(req, res, () => {
      const r = req as WebRequest;
      if (!r.sessionToken) return next();
      isRevoked(r.sessionToken)
        .then((revoked) => {
          if (revoked) r.sessionToken = undefined;
        })
        .catch(() => {
          r.sessionToken = undefined;
        })
        .finally(() => next());
    });
  };
}
