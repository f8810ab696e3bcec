/** What an access token asserts. Roles are re-read from the database on every request. */
export interface AccessTokenClaims {
  sub: string;
  org: string;
  /** RFC 8705 confirmation: set when the token came from certificate login, binding it to that certificate. */
  cnf?: { 'x5t#S256': string };
}

export const TOKEN_ISSUER = 'evidence-exchange';
export const TOKEN_AUDIENCE = 'evidence-exchange-api';
