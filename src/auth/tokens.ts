import { createHash, randomBytes } from 'node:crypto';

/**
 * A one-time token for a link: 256 bits of randomness, URL-safe. Only its
 * hash is stored, so a database leak yields no usable link.
 */
export function newOneTimeToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
