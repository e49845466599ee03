import { en } from './en';
import { vi } from './vi';
import { formatDateTime, translator } from './index';

describe('message catalogues', () => {
  it('have the same keys and no empty text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [k, v] of [...Object.entries(vi), ...Object.entries(en)]) expect([k, v.trim().length > 0]).toEqual([k, true]);
  });
  it('translate with parameters and fall back to the key', () => {
    expect(translator('vi')('nav.login')).toBe('Đăng nhập');
    expect(translator('en')('nav.login')).toBe('Log in');
    expect(translator('en')('no.such.key')).toBe('no.such.key');
  });
});

describe('formatDateTime', () => {
  it('shows Vietnam time as dd/MM/yyyy HH:mm', () => {
    expect(formatDateTime('2026-11-22T17:05:00Z')).toBe('23/11/2026 00:05');
    expect(formatDateTime(new Date('2026-01-02T01:00:00+07:00'))).toBe('02/01/2026 01:00');
    expect(formatDateTime(null)).toBe('');
  });
});
