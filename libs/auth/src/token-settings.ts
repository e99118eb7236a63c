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
