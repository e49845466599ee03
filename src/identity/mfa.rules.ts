import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** TOTP as RFC 6238 with the parameters every authenticator app uses by default. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** One step either side: a phone clock a little off still works, an old code does not. */
export const TOTP_TOLERANCE_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten characters from an alphabet without look-alikes, shown as xxxxx-xxxxx (about 49 bits each). */
export function newRecoveryCode(random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(10);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** A code as typed: any case, with or without the dash or spaces. */
export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}

export function isTotpCode(input: string): boolean {
  return /^\d{6}$/.test(input.trim());
}

/** Recovery codes are random and long, so one fast hash suffices (no dictionary to try). */
export function hashRecoveryCode(input: string): string {
  return createHash('sha256')
    .update(`recovery:${normaliseRecoveryCode(input)}`)
    .digest('hex');
}

function key(material: string): Buffer {
  return createHash('sha256').update(`totp-secret-key:${material}`).digest();
}

/** AES-256-GCM: a copy of the database alone does not give anyone the second factor. */
export function encryptSecret(secret: string, keyMaterial: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(keyMaterial), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function decryptSecret(stored: string, keyMaterial: string): string {
  const [version, iv, tag, body] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('unknown secret format');
  const decipher = createDecipheriv('aes-256-gcm', key(keyMaterial), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** Whether a role must sign in with a second factor under the configured roles. */
export function mfaRequired(role: string, requiredRoles: readonly string[]): boolean {
  return requiredRoles.includes(role);
}
