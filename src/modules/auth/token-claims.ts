/** What an access token asserts. Roles are re-read from the database on every request. */
export interface AccessTokenClaims {
  sub: string;
  org: string;
  /** RFC 8705 confirmation: set when the token came from certificate login, binding it to that certificate. */
  cnf?: { 'x5t#S256': string };
  /** When the sign-in behind this token happened (OpenID Connect's name), seconds since the epoch; a renewal keeps it. */
  auth_time?: number;
  /** `totp-enrolment`: the token opens only what enrolling a second factor needs (its organisation requires one). */
  scope?: typeof TOTP_ENROLMENT_SCOPE;
}

export const TOTP_ENROLMENT_SCOPE = 'totp-enrolment';

export const TOKEN_ISSUER = 'evidence-exchange';
export const TOKEN_AUDIENCE = 'evidence-exchange-api';
