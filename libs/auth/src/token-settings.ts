import { createSecretKey, KeyObject } from 'node:crypto';

/** Access tokens live 15 minutes (api.md). */
export const ACCESS_TOKEN_SECONDS = 15 * 60;
/** A refresh token must be used within a day... */
export const REFRESH_TOKEN_SECONDS = 24 * 60 * 60;
/** ...and a sign-in lasts at most a week of refreshing. */
export const SESSION_SECONDS = 7 * 24 * 60 * 60;

/** The claims of an access token. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  role: string;
}

/**
 * The HS256 key as a `KeyObject`, made once at start-up. Given the secret as
 * a string, jsonwebtoken 9 first tries to read it as a public (or private)
 * key on every verification (and signature), which throws, and only then
 * makes a secret key of it: a large share of each request's CPU. The bytes
 * are the same (`Buffer.from(string)` is what jsonwebtoken uses), so tokens
 * signed before and after verify alike.
 */
export function jwtKeyOf(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}
