/**
 * Who takes part in the exchange, and which roles each kind of organisation may hold.
 * docs/domain.md "The parties"; docs/api.md "Authentication" (roles).
 */

export const ORGANISATION_KINDS = ['AUTHORITY', 'PROVIDER', 'OPERATOR'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** The legal character of an authority decides what it may issue, validate or review. */
export const AUTHORITY_TYPES = [
  'POLICE',
  'PROSECUTOR',
  'INVESTIGATING_JUDGE',
  'COURT',
  'ENFORCING_AUTHORITY',
  'CENTRAL_AUTHORITY',
  'DESIGNATED_AUTHORITY',
] as const;
export type AuthorityType = (typeof AUTHORITY_TYPES)[number];

/**
 * How a provider is reachable in a country. Reg. 2023/1543 orders go to the designated
 * establishment or legal representative named under Directive 2023/1544; the main
 * establishment is where the provider is headquartered.
 */
export const ESTABLISHMENT_ROLES = ['DESIGNATED_ESTABLISHMENT', 'LEGAL_REPRESENTATIVE', 'MAIN_ESTABLISHMENT'] as const;
export type EstablishmentRole = (typeof ESTABLISHMENT_ROLES)[number];

export const ROLES = ['OFFICER', 'VALIDATOR', 'PROSECUTOR', 'RESPONDER', 'REVIEWER', 'ORG_ADMIN', 'OPERATOR'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles an organisation of each kind may grant. The operator runs the exchange and never
 * acts on orders; providers answer orders; only authorities draft, validate or review them.
 */
const ROLES_BY_KIND: Record<OrganisationKind, readonly Role[]> = {
  AUTHORITY: ['OFFICER', 'VALIDATOR', 'PROSECUTOR', 'REVIEWER', 'ORG_ADMIN'],
  PROVIDER: ['RESPONDER', 'ORG_ADMIN'],
  OPERATOR: ['OPERATOR', 'ORG_ADMIN'],
};

/** The roles in `roles` that an organisation of `kind` may not hold (empty when all fit). */
export function rolesNotAllowedFor(kind: OrganisationKind, roles: readonly Role[]): Role[] {
  const allowed = ROLES_BY_KIND[kind];
  return roles.filter((role) => !allowed.includes(role));
}

/** Only operators create operator accounts; an organisation's own admin cannot mint one. */
export function mayGrantRoles(grantorRoles: readonly Role[], requested: readonly Role[]): boolean {
  if (grantorRoles.includes('OPERATOR')) return true;
  return grantorRoles.includes('ORG_ADMIN') && !requested.includes('OPERATOR');
}

/**
 * What an organisation's system account (certificate login, no password) may do: the everyday
 * role of its kind, never ORG_ADMIN. A police system drafts; a court's or prosecutor's system
 * issues and validates under that organisation's certificate; a provider's system answers.
 */
export function serviceAccountRoles(kind: OrganisationKind, authorityType: AuthorityType | null): Role[] {
  if (kind === 'PROVIDER') return ['RESPONDER'];
  if (kind === 'OPERATOR') return ['OPERATOR'];
  switch (authorityType) {
    case 'POLICE':
      return ['OFFICER'];
    case 'PROSECUTOR':
      return ['PROSECUTOR', 'VALIDATOR'];
    case 'ENFORCING_AUTHORITY':
      return ['REVIEWER'];
    case 'INVESTIGATING_JUDGE':
    case 'COURT':
    case 'CENTRAL_AUTHORITY':
    case 'DESIGNATED_AUTHORITY':
      return ['VALIDATOR'];
    default:
      return [];
  }
}

export interface EstablishmentInput {
  country: string;
  role: EstablishmentRole;
  languages: string[];
}

export interface OrganisationInput {
  name: string;
  kind: OrganisationKind;
  country?: string | null;
  authorityType?: AuthorityType | null;
  establishments?: EstablishmentInput[];
  cgnatOperator?: boolean;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Rules that span fields: an authority states its legal character and its State; a provider
 * is reachable through at most one establishment of each role per country; the attributes of
 * one kind make no sense on the other.
 */
export function organisationProblems(input: OrganisationInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.kind !== 'OPERATOR' && !input.country) problems.push({ field: 'country', message: 'is required' });
  if (input.kind === 'AUTHORITY') {
    if (!input.authorityType) problems.push({ field: 'authorityType', message: 'is required for an authority' });
    if (input.establishments?.length) problems.push({ field: 'establishments', message: 'only providers have establishments' });
    if (input.cgnatOperator) problems.push({ field: 'cgnatOperator', message: 'only providers operate carrier-grade NAT' });
  }
  if (input.kind === 'PROVIDER' && input.authorityType) {
    problems.push({ field: 'authorityType', message: 'only authorities have an authority type' });
  }
  const seen = new Set<string>();
  (input.establishments ?? []).forEach((establishment, index) => {
    const key = `${establishment.country}/${establishment.role}`;
    if (seen.has(key)) {
      problems.push({ field: `establishments[${index}]`, message: `repeats the ${establishment.role} in ${establishment.country}` });
    }
    seen.add(key);
  });
  return problems;
}
