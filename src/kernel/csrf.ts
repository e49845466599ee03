import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** CSRF token bound to the session: an HMAC of the session token, checked on every unsafe cookie request. */
export function csrfToken(secret: string, sessionToken: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionToken}`).digest('base64url').slice(0, 32);
}

export function csrfMatches(secret: string, sessionToken: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfToken(secret, sessionToken));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Login CSRF: without it another site's page could sign a visitor in as the attacker (whose later reports
 * the attacker would then read). The login form carries an HMAC of a nonce kept in a pre-login cookie;
 * another site can neither read the cookie nor compute the token, and a browser that sends no Origin still
 * signs in, because nothing depends on that header.
 */
export function newLoginNonce(): string {
  return randomBytes(32).toString('base64url');
}

export function loginCsrfToken(secret: string, nonce: string): string {
  return createHmac('sha256', secret).update(`login-csrf:${nonce}`).digest('base64url').slice(0, 32);
}

export function loginCsrfMatches(secret: string, nonce: string | undefined, given: unknown): boolean {
  if (!nonce || typeof given !== 'string') return false;
  const expected = Buffer.from(loginCsrfToken(secret, nonce));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
