import type { OrganisationKind, Role } from '../api/types';

/** The roles an organisation of each kind may grant (libs/domain/identity.ts, mirrored for the form). */
export const ROLES_BY_KIND: Record<OrganisationKind, readonly Role[]> = {
  AUTHORITY: ['OFFICER', 'VALIDATOR', 'PROSECUTOR', 'REVIEWER', 'CERTIFIER', 'ORG_ADMIN'],
  PROVIDER: ['RESPONDER', 'ORG_ADMIN'],
  OPERATOR: ['OPERATOR', 'ORG_ADMIN'],
};
