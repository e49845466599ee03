import type { NextFunction, Request, Response } from 'express';
import { csrfMatches, csrfToken, loginCsrfMatches, loginCsrfToken, newLoginNonce, parseCookies, sessionMiddleware, WebRequest } from './session';

describe('session helpers', () => {
  it('parses cookies and ignores malformed ones', () => {
    expect(parseCookies('a=1; bvte_lang=en; bad=%E0%A4%A; =x')).toEqual({ a: '1', bvte_lang: 'en' });
    expect(parseCookies(undefined)).toEqual({});
  });
  it('binds the CSRF token to the session', () => {
    const t = csrfToken('secret', 'session-a');
    expect(csrfMatches('secret', 'session-a', t)).toBe(true);
    expect(csrfMatches('secret', 'session-b', t)).toBe(false);
    expect(csrfMatches('other', 'session-a', t)).toBe(false);
    expect(csrfMatches('secret', 'session-a', undefined)).toBe(false);
    expect(csrfMatches('secret', 'session-a', t.slice(1))).toBe(false);
  });

  it('binds the login token to the pre-login nonce, and never to a missing one', () => {
    const nonce = newLoginNonce();
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newLoginNonce()).not.toBe(nonce);
    const t = loginCsrfToken('secret', nonce);
    expect(loginCsrfMatches('secret', nonce, t)).toBe(true);
    expect(loginCsrfMatches('secret', newLoginNonce(), t)).toBe(false);
    expect(loginCsrfMatches('other', nonce, t)).toBe(false);
    expect(loginCsrfMatches('secret', undefined, t)).toBe(false);
    expect(loginCsrfMatches('secret', nonce, undefined)).toBe(false);
    // Not interchangeable with a session's token.
    expect(loginCsrfToken('secret', nonce)).not.toBe(csrfToken('secret', nonce));
  });
  it('reads the pre-login cookie only when it has the shape of a nonce', () => {
    const read = (cookie: string) => {
      const req = { headers: { cookie } } as unknown as Request;
      sessionMiddleware(req, {} as Response, (() => undefined) as NextFunction);
      return (req as WebRequest).loginNonce;
    };
    const nonce = newLoginNonce();
    expect(read(`bvte_login=${nonce}`)).toBe(nonce);
    expect(read('bvte_login=short')).toBeUndefined();
  });
});
