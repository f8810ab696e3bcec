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
}
