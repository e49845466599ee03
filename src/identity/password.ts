import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP-recommended minimums; cheap enough for login, costly for offline guessing.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, OPTIONS);
}

export async function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}

/** Password policy for accounts created by admins. */
export function passwordProblems(plain: string): string[] {
  const problems: string[] = [];
  if (plain.length < 10) problems.push('password must be at least 10 characters');
  if (!/[A-Za-z]/.test(plain) || !/[0-9]/.test(plain)) problems.push('password must contain letters and digits');
  return problems;
}
