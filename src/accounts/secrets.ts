// Passwords and bearer secrets. Passwords are hashed with argon2id at OWASP ASVS 5.0's parameters
// (m = 19,456 KiB, t = 2, p = 1; about 60 ms here) in a PHC string. Session and API-token secrets
// are 256 random bits: a slow hash adds nothing to that entropy, so they are stored as SHA-256.

import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';

const ARGON2ID = 2;
export const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** ASVS 6.2.1 and 6.2.9: at least 12 characters, and long passphrases allowed; no composition rules. */
export const PASSWORD_CHARS_MIN = 12;
export const PASSWORD_CHARS_MAX = 128;

export function passwordProblem(password: string): 'too_short' | 'too_long' | null {
  const chars = [...password].length;
  if (chars < PASSWORD_CHARS_MIN) return 'too_short';
  if (chars > PASSWORD_CHARS_MAX) return 'too_long';
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await argon2Verify(phc, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so that timing does not tell. */
let dummy_phc: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummy_phc ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy_phc;
}

/** 256 random bits, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** One call, no Hash object: the principal cache keys every request by it. */
export function secretHash(secret: string): string {
  return hash('sha256', secret, 'hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** API tokens read `hzn_<token id>_<secret>`: the id finds the row, the secret proves possession. */
export const TOKEN_PREFIX = 'hzn_';

export function formatToken(id: string, secret: string): string {
  return `${TOKEN_PREFIX}${id}_${secret}`;
}

export function parseToken(text: string): { id: string; secret: string } | null {
  const match = /^hzn_([A-Za-z0-9]{8,32})_([A-Za-z0-9_-]{40,64})$/.exec(text);
  return match === null ? null : { id: match[1]!, secret: match[2]! };
}
