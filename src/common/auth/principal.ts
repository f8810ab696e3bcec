import type { AuthorityType, OrganisationKind, Role } from '../../../libs/domain/identity.js';

/** The authenticated caller, as the guards resolved it for this request (fresh from the database). */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  organisationCountry: string | null;
  authorityType: AuthorityType | null;
  /**
   * The organisation's current custodial certificate (the key the exchange holds for it), read with
   * the principal so that signing a step costs no lookup of its own; null when it keeps its own key.
   */
  custodialCertificateId: string | null;
  /** A second factor (TOTP) is enabled for this user. */
  totpEnabled: boolean;
  /** The organisation requires a second factor of its people. */
  organisationRequiresTotp: boolean;
  /** What the bearer token said, for the routes that work on the session itself; set on every authenticated request. */
  session?: TokenSession;
}

/** The session a bearer token belongs to. */
export interface TokenSession {
  /** When its sign-in happened (seconds since the epoch): renewals never reach past SESSION_MAX_SECONDS from it. */
  authTime: number;
  /** Let in only to enrol a second factor: its organisation required one it did not have at sign-in. */
  enrolmentOnly: boolean;
  /** Set for a certificate login (RFC 8705 `cnf.x5t#S256`): a machine holding a key, which no second factor applies to. */
  certificateThumbprint?: string;
}

/**
 * Whether this request may do nothing but enrol a second factor: the token says so, or the
 * organisation requires one that this person does not have (any more) since the token was
 * issued: a requirement switched on, or a factor reset by the operator, counts from the next
 * request, as a disabled account does. A certificate login is a machine proving a key: never.
 */
export function mustEnrolSecondFactor(principal: Principal): boolean {
  if (principal.session?.certificateThumbprint !== undefined) return false;
  return principal.session?.enrolmentOnly === true || (principal.organisationRequiresTotp && !principal.totpEnabled);
}
