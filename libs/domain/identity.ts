/**
 * Who takes part in the exchange, and which roles each kind of organisation may hold.
 * docs/domain.md "The parties"; docs/api.md "Authentication" (roles).
 */

export const ORGANISATION_KINDS = ['AUTHORITY', 'PROVIDER', 'OPERATOR'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * The legal character of an authority decides what it may issue, validate or review. A central
 * authority sends and receives letters of request (mutual legal assistance); a designated authority
 * certifies orders under a data access agreement (UK-US Agreement Art 5; 18 USC 2523).
 */
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

/**
 * What an authority is designated for beside its legal character: the UK Home Office and the US
 * Department of Justice are both central and designated authority; a police unit may be its
 * State's 24/7 point of contact (Convention on Cybercrime Art 35). An authority acts as its type
 * and as each of its designations. TCO_COMPETENT_AUTHORITY: an authority a Member State designated
 * as competent to issue removal orders and to scrutinise them (Regulation (EU) 2021/784 Arts 12, 13).
 */
export const AUTHORITY_DESIGNATIONS = ['CENTRAL_AUTHORITY', 'DESIGNATED_AUTHORITY', 'CONTACT_POINT_24_7', 'TCO_COMPETENT_AUTHORITY'] as const;
export type AuthorityDesignation = (typeof AUTHORITY_DESIGNATIONS)[number];

/** What a route may ask an authority to act as: a type, or a designation. */
export type AuthorityCapacity = AuthorityType | AuthorityDesignation;

export function actsAs(authority: { authorityType: AuthorityType | null; designations?: readonly AuthorityDesignation[] | null }, capacities: readonly AuthorityCapacity[]): boolean {
  return capacities.some((capacity) => capacity === authority.authorityType || (authority.designations ?? []).includes(capacity as AuthorityDesignation));
}

const CAPACITY_WORDS: Partial<Record<AuthorityCapacity, string>> = {
  CONTACT_POINT_24_7: '24/7 point of contact',
  TCO_COMPETENT_AUTHORITY: 'competent authority for removal orders (Reg. 2021/784 Art 12)',
};

/**
 * What a provider offers, as the directory records it: the kinds of service of Reg. 2023/1543
 * Art 3(3) and of Reg. 2021/784 Art 2(1). Routing reads it: a removal order goes only to a hosting
 * service provider, a Second Protocol Art 6 request only to a domain name registrar or registry.
 */
export const PROVIDER_SERVICES = [
  'HOSTING',
  'ELECTRONIC_COMMUNICATIONS',
  'INTERNET_ACCESS',
  'DOMAIN_NAMES',
  'IP_NUMBERING',
  'MESSAGING',
  'SOCIAL_NETWORK',
  'CLOUD_STORAGE',
] as const;
export type ProviderService = (typeof PROVIDER_SERVICES)[number];

/**
 * Services that are a kind of another: a social network stores what its users post and
 * disseminates it to the public, so it is a hosting service (Reg. 2021/784 Art 2(1)-(3)) whether
 * or not the directory also says "hosting". (Cloud storage is not: what it stores is not, as such,
 * disseminated to the public.)
 */
const IMPLIED_SERVICES: Partial<Record<ProviderService, readonly ProviderService[]>> = { SOCIAL_NETWORK: ['HOSTING'] };

/** Whether a provider recorded with `services` offers `service`, directly or as a kind of it. */
export function offersService(services: readonly ProviderService[], service: ProviderService): boolean {
  return services.includes(service) || services.some((offered) => IMPLIED_SERVICES[offered]?.includes(service));
}

/** A type or designation in words, for messages: `central authority`, `24/7 point of contact`. */
export function capacityWords(capacities: readonly AuthorityCapacity[]): string {
  return capacities.map((capacity) => CAPACITY_WORDS[capacity] ?? capacity.toLowerCase().replace(/_/g, ' ')).join(' or ');
}

/** CERTIFIER: a person of a central or designated authority who certifies or forwards orders. */
export const ROLES = ['OFFICER', 'VALIDATOR', 'PROSECUTOR', 'RESPONDER', 'REVIEWER', 'CERTIFIER', 'ORG_ADMIN', 'OPERATOR'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles an organisation of each kind may grant. The operator runs the exchange and never
 * acts on orders; providers answer orders; only authorities draft, validate or review them.
 */
const ROLES_BY_KIND: Record<OrganisationKind, readonly Role[]> = {
  AUTHORITY: ['OFFICER', 'VALIDATOR', 'PROSECUTOR', 'REVIEWER', 'CERTIFIER', 'ORG_ADMIN'],
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
      return ['VALIDATOR'];
    case 'CENTRAL_AUTHORITY':
    case 'DESIGNATED_AUTHORITY':
      return ['CERTIFIER'];
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
  designations?: AuthorityDesignation[];
  establishments?: EstablishmentInput[];
  cgnatOperator?: boolean;
  services?: ProviderService[];
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
  if (input.kind !== 'PROVIDER' && input.services?.length) {
    problems.push({ field: 'services', message: 'only providers offer services' });
  }
  if (input.kind !== 'AUTHORITY' && input.designations?.length) {
    problems.push({ field: 'designations', message: 'only authorities are designated as central authority, designated authority or 24/7 point of contact' });
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
