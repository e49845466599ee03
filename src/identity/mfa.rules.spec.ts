import { decryptSecret, encryptSecret, hashRecoveryCode, isTotpCode, mfaRequired, newRecoveryCode, normaliseRecoveryCode } from './mfa.rules';

describe('second factor rules', () => {
  it('makes recovery codes of ten unambiguous characters that differ each time', () => {
    const codes = new Set(Array.from({ length: 50 }, () => newRecoveryCode()));
    expect(codes.size).toBe(50);
    for (const code of codes) expect(code).toMatch(/^[a-km-np-z2-9]{5}-[a-km-np-z2-9]{5}$/);
  });

  it('accepts a recovery code however it is typed', () => {
    expect(normaliseRecoveryCode(' ABCDE-fghjk ')).toBe('abcdefghjk');
    expect(hashRecoveryCode('ABCDE FGHJK')).toBe(hashRecoveryCode('abcde-fghjk'));
    expect(hashRecoveryCode('abcde-fghjk')).not.toContain('abcde');
  });

  it.each([
    ['123456', true],
    [' 123456 ', true],
    ['12345', false],
    ['1234567', false],
    ['abcdef', false],
  ])('recognises %p as a TOTP code: %p', (input, expected) => {
    expect(isTotpCode(input)).toBe(expected);
  });

  it('encrypts the secret so that only the key opens it, and tampering is detected', () => {
    const stored = encryptSecret('JBSWY3DPEHPK3PXP', 'key-material-key-material-key-material');
    expect(stored).not.toContain('JBSWY3DPEHPK3PXP');
    expect(decryptSecret(stored, 'key-material-key-material-key-material')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => decryptSecret(stored, 'another-key-another-key-another-key-00')).toThrow();
    const parts = stored.split('.');
    parts[3] = Buffer.from('AAAAAAAAAAAAAAAA').toString('base64url');
    expect(() => decryptSecret(parts.join('.'), 'key-material-key-material-key-material')).toThrow();
  });

  it('requires the factor only for the configured roles', () => {
    expect(mfaRequired('ADMIN', ['SUPERVISOR', 'ADMIN'])).toBe(true);
    expect(mfaRequired('CASE_WORKER', ['SUPERVISOR', 'ADMIN'])).toBe(false);
    expect(mfaRequired('ADMIN', [])).toBe(false);
  });
});
