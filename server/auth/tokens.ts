import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parse as parseCookie } from 'cookie';

/** A new random secret, URL-safe. */
export function secret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a high-entropy token (keys, display tokens): enough, since they cannot be guessed. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Constant-time comparison of a presented secret with the configured one. */
export function sameSecret(presented: string, expected: string): boolean {
  return sameHash(tokenHash(presented), tokenHash(expected));
}

/** Splits `<prefix>_<id>_<secret>` tokens; null when malformed. */
export function parseToken(token: string, prefix: string): { id: string; token: string } | null {
  const m = new RegExp(`^${prefix}_([a-z0-9]{8,32})_[A-Za-z0-9_-]{16,}$`).exec(token);
  return m?.[1] ? { id: m[1], token } : null;
}

/**
 * Reads one cookie from a Cookie header (the `cookie` package: a malformed value is no error, it
 * simply matches no session). Only a value shaped like our secrets is returned.
 */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  const value = parseCookie(header)[name];
  return value && /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : null;
}
