import type { AuthorityType, EstablishmentInput, OrganisationKind, Role } from '../../../libs/domain/identity.js';

/**
 * The demo world (docs/api.md), for trying the product only. Every account shares one published
 * password, so a database seeded with it must never hold real cases.
 */
export const DEMO_PASSWORD = 'demo-password-123';

export interface DemoOrganisation {
  key: string;
  name: string;
  kind: OrganisationKind;
  country: string | null;
  authorityType?: AuthorityType;
  cgnatOperator?: boolean;
  establishments?: EstablishmentInput[];
  users: { email: string; name: string; roles: Role[] }[];
}

export const DEMO_WORLD: readonly DemoOrganisation[] = [
  {
    key: 'exchange',
    name: 'Evidence Exchange (operator)',
    kind: 'OPERATOR',
    country: null,
    users: [{ email: 'operator@exchange.demo', name: 'Exchange Operator', roles: ['OPERATOR'] }],
  },
  {
    key: 'ofac',
    name: 'Police nationale, OFAC',
    kind: 'AUTHORITY',
    country: 'FR',
    authorityType: 'POLICE',
    users: [{ email: 'officer@ofac.fr.demo', name: 'Camille Laurent', roles: ['OFFICER'] }],
  },
  {
    key: 'tj-paris',
    name: 'Tribunal judiciaire de Paris',
    kind: 'AUTHORITY',
    country: 'FR',
    authorityType: 'INVESTIGATING_JUDGE',
    users: [{ email: 'judge@tj-paris.fr.demo', name: 'Hélène Rousseau', roles: ['VALIDATOR'] }],
  },
  {
    key: 'parquet-paris',
    name: 'Parquet de Paris',
    kind: 'AUTHORITY',
    country: 'FR',
    authorityType: 'PROSECUTOR',
    users: [{ email: 'prosecutor@parquet-paris.fr.demo', name: 'Julien Moreau', roles: ['PROSECUTOR', 'VALIDATOR'] }],
  },
  {
    key: 'nca',
    name: 'National Crime Agency',
    kind: 'AUTHORITY',
    country: 'GB',
    authorityType: 'POLICE',
    users: [{ email: 'officer@nca.uk.demo', name: 'Oliver Hughes', roles: ['OFFICER'] }],
  },
  {
    key: 'crown-court',
    name: 'Crown Court at Southwark',
    kind: 'AUTHORITY',
    country: 'GB',
    authorityType: 'COURT',
    users: [{ email: 'judge@crowncourt.uk.demo', name: 'HHJ Eleanor Price', roles: ['VALIDATOR'] }],
  },
  {
    key: 'doj-ie',
    name: 'Department of Justice',
    kind: 'AUTHORITY',
    country: 'IE',
    authorityType: 'ENFORCING_AUTHORITY',
    users: [{ email: 'reviewer@justice.ie.demo', name: 'Aoife Byrne', roles: ['REVIEWER'] }],
  },
  {
    key: 'examplegram',
    name: 'Examplegram',
    kind: 'PROVIDER',
    country: 'US',
    establishments: [
      { country: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['en', 'fr'] },
      { country: 'US', role: 'MAIN_ESTABLISHMENT', languages: ['en'] },
    ],
    users: [{ email: 'legal@examplegram.demo', name: 'Examplegram Law Enforcement Response', roles: ['RESPONDER', 'ORG_ADMIN'] }],
  },
  {
    key: 'nordtel',
    name: 'Nordtel',
    kind: 'PROVIDER',
    country: 'DE',
    cgnatOperator: true,
    establishments: [{ country: 'DE', role: 'DESIGNATED_ESTABLISHMENT', languages: ['de', 'en'] }],
    users: [{ email: 'legal@nordtel.demo', name: 'Nordtel Behördenanfragen', roles: ['RESPONDER', 'ORG_ADMIN'] }],
  },
  {
    key: 'albionmail',
    name: 'Albion Mail',
    kind: 'PROVIDER',
    country: 'GB',
    establishments: [{ country: 'GB', role: 'MAIN_ESTABLISHMENT', languages: ['en'] }],
    users: [{ email: 'legal@albionmail.demo', name: 'Albion Mail Legal', roles: ['RESPONDER', 'ORG_ADMIN'] }],
  },
];
