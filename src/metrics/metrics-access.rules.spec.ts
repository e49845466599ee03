import { mayReadMetrics } from './metrics-access.rules';

const TOKEN = 'x'.repeat(40);

describe('mayReadMetrics', () => {
  it.each([
    ['IPv4 loopback', '127.0.0.1', {}, null, true],
    ['IPv6 loopback', '::1', {}, null, true],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1', {}, null, true],
    ['another machine without a token', '10.0.0.7', {}, TOKEN, false],
    ['another machine with the token', '10.0.0.7', { authorization: `Bearer ${TOKEN}` }, TOKEN, true],
    ['another machine with a wrong token', '10.0.0.7', { authorization: 'Bearer nope' }, TOKEN, false],
    ['another machine when no token is configured', '10.0.0.7', { authorization: 'Bearer anything' }, null, false],
    ['a local proxy relaying a visitor', '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }, null, false],
    ['a local proxy relaying (RFC 7239)', '127.0.0.1', { forwarded: 'for=203.0.113.9' }, TOKEN, false],
    ['a local proxy relaying the token', '127.0.0.1', { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${TOKEN}` }, TOKEN, true],
    ['no peer address', undefined, {}, null, false],
  ])('%s', (_name, remoteAddress, headers, token, allowed) => {
    expect(mayReadMetrics({ remoteAddress, headers }, token)).toBe(allowed);
  });
});
