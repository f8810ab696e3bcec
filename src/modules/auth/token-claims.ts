/** What an access token asserts. Roles are re-read from the database on every request. */
export interface AccessTokenClaims {
  sub: string;
  org: string;
}

export const TOKEN_ISSUER = 'evidence-exchange';
export const TOKEN_AUDIENCE = 'evidence-exchange-api';
