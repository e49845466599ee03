import { csrfMatches, csrfToken, parseCookies } from './session';

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
});
