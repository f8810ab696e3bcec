import type { AuthorityDesignation, AuthorityType, EstablishmentInput, OrganisationKind, ProviderService, Role } from '../../../libs/domain/identity.js';

/**
 * The demo world (docs/api.md), for trying the product only. Every account shares one published
 * password, so a database seeded with it must never hold real cases. Contact details are for the
 * forms to print: the e-mail domains are fictitious, and the telephone numbers come from the
 * ranges set aside for fiction (UK 020 7946 0xxx, France 01 99 00 xx xx, US 555-01xx).
 */
export const DEMO_PASSWORD = 'demo-password-123';

export interface DemoOrganisation {
  key: string;
  name: string;
  kind: OrganisationKind;
  country: string | null;
  authorityType?: AuthorityType;
  designations?: AuthorityDesignation[];
  languages?: string[];
  contact?: { email: string; phone: string; address: string };
  cgnatOperator?: boolean;
  services?: ProviderService[];
  establishments?: EstablishmentInput[];
  users: { email: string; name: string; function?: string; roles: Role[] }[];
}

export const DEMO_WORLD: readonly DemoOrganisation[] = [
  {
    key: 'exchange',
    name: 'Evidence Exchange (operator)',
    kind: 'OPERATOR',
    country: null,
    users: [{ email: 'operator@exchange.demo', name: 'Exchange Operator', function: 'Operations', roles: ['OPERATOR'] }],
  },
  {
    key: 'ofac',
    name: 'Police nationale, OFAC',
    kind: 'AUTHORITY',
    country: 'FR',
    authorityType: 'POLICE',
    // France's 24/7 point of contact under the Convention on Cybercrime (Art 35) sits with the cybercrime
    // office; in the demo it is also France's competent authority for removal orders (Reg. 2021/784 Art 12).
    designations: ['CONTACT_POINT_24_7', 'TCO_COMPETENT_AUTHORITY'],
    languages: ['fr', 'en'],
    contact: { email: 'permanence.ofac@interieur.fr.demo', phone: '+33 1 99 00 10 10', address: '101 rue des Trois Fontanot, 92000 Nanterre, France' },
    users: [
      { email: 'officer@ofac.fr.demo', name: 'Camille Laurent', function: 'Commandant de police, enquêteur', roles: ['OFFICER'] },
      { email: 'duty@ofac.fr.demo', name: 'Nadia Benali', function: 'Capitaine de police, officier de permanence', roles: ['OFFICER'] },
    ],
  },
  {
    key: 'tj-paris',
    name: 'Tribunal judiciaire de Paris',
    kind: 'AUTHORITY',
    country: 'FR',
    authorityType: 'INVESTIGATING_JUDGE',
    languages: ['fr'],
    contact: { email: 'instruction.cybercriminalite@tj-paris.fr.demo', phone: '+33 1 99 00 20 20', address: 'Parvis du Tribunal de Paris, 75017 Paris, France' },
    users: [{ email: 'judge@tj-paris.fr.demo', name: 'Hélène Rousseau', function: 'Juge d\'instruction', roles: ['VALIDATOR'] }],
  },
  {
    key: 'parquet-paris',
    name: 'Parquet de Paris',
    kind: 'AUTHORITY',
    country: 'FR',
    authorityType: 'PROSECUTOR',
    languages: ['fr'],
    contact: { email: 'j3.cybercriminalite@parquet-paris.fr.demo', phone: '+33 1 99 00 30 30', address: 'Parvis du Tribunal de Paris, 75017 Paris, France' },
    users: [{ email: 'prosecutor@parquet-paris.fr.demo', name: 'Julien Moreau', function: 'Vice-procureur, section J3 (cybercriminalité)', roles: ['PROSECUTOR', 'VALIDATOR'] }],
  },
  {
    key: 'bepi',
    name: 'Ministère de la Justice, DACG-BEPI',
    kind: 'AUTHORITY',
    country: 'FR',
    authorityType: 'CENTRAL_AUTHORITY',
    languages: ['fr', 'en'],
    contact: { email: 'entraide.bepi@justice.fr.demo', phone: '+33 1 99 00 40 40', address: '13 place Vendôme, 75042 Paris Cedex 01, France' },
    users: [{ email: 'bepi@justice.fr.demo', name: 'Sophie Marchand', function: 'Magistrate, Bureau de l\'entraide pénale internationale', roles: ['CERTIFIER'] }],
  },
  {
    key: 'nca',
    name: 'National Crime Agency',
    kind: 'AUTHORITY',
    country: 'GB',
    authorityType: 'POLICE',
    // The United Kingdom's 24/7 point of contact (Convention on Cybercrime Art 35) is with the NCA.
    designations: ['CONTACT_POINT_24_7'],
    languages: ['en'],
    contact: { email: 'nccu.247@nca.uk.demo', phone: '+44 20 7946 0100', address: 'Units 1-6 Citadel Place, Tinworth Street, London SE11 5EF, United Kingdom' },
    users: [{ email: 'officer@nca.uk.demo', name: 'Oliver Hughes', function: 'Senior Investigating Officer, National Cyber Crime Unit', roles: ['OFFICER'] }],
  },
  {
    key: 'crown-court',
    name: 'Crown Court at Southwark',
    kind: 'AUTHORITY',
    country: 'GB',
    authorityType: 'COURT',
    languages: ['en'],
    contact: { email: 'listing.southwark@crowncourt.uk.demo', phone: '+44 20 7946 0200', address: '1 English Grounds, London SE1 2HU, United Kingdom' },
    users: [{ email: 'judge@crowncourt.uk.demo', name: 'HHJ Eleanor Price', function: 'Circuit Judge', roles: ['VALIDATOR'] }],
  },
  {
    key: 'home-office-da',
    name: 'Home Office, UK Designated Authority',
    kind: 'AUTHORITY',
    country: 'GB',
    authorityType: 'DESIGNATED_AUTHORITY',
    languages: ['en'],
    contact: { email: 'ukda.opo@homeoffice.uk.demo', phone: '+44 20 7946 0300', address: '2 Marsham Street, London SW1P 4DF, United Kingdom' },
    users: [{ email: 'da@homeoffice.uk.demo', name: 'Priya Shah', function: 'Investigatory Powers Unit, for the Secretary of State', roles: ['CERTIFIER'] }],
  },
  {
    key: 'ukca',
    name: 'UK Central Authority, Home Office',
    kind: 'AUTHORITY',
    country: 'GB',
    authorityType: 'CENTRAL_AUTHORITY',
    languages: ['en'],
    contact: { email: 'ukca-mla@homeoffice.uk.demo', phone: '+44 20 7946 0400', address: '2 Marsham Street, London SW1P 4DF, United Kingdom' },
    users: [{ email: 'ukca@homeoffice.uk.demo', name: 'Daniel Okafor', function: 'Casework Manager, UK Central Authority', roles: ['CERTIFIER'] }],
  },
  {
    key: 'doj-ie',
    name: 'Department of Justice',
    kind: 'AUTHORITY',
    country: 'IE',
    authorityType: 'ENFORCING_AUTHORITY',
    // Also Ireland's competent authority for removal orders in the demo: it receives the copy of an
    // order to a provider represented in Ireland and may scrutinise it (Reg. 2021/784 Arts 4, 12).
    designations: ['TCO_COMPETENT_AUTHORITY'],
    languages: ['en'],
    contact: { email: 'eevidence@justice.ie.demo', phone: '+353 20 910 0000', address: '51 St Stephen\'s Green, Dublin 2, D02 HK52, Ireland' },
    users: [{ email: 'reviewer@justice.ie.demo', name: 'Aoife Byrne', function: 'Higher Executive Officer, International Cooperation', roles: ['REVIEWER'] }],
  },
  {
    key: 'doj-oia',
    name: 'U.S. Department of Justice, Office of International Affairs',
    kind: 'AUTHORITY',
    country: 'US',
    // The US central authority for mutual legal assistance, and the designated authority of the data access agreements.
    authorityType: 'CENTRAL_AUTHORITY',
    designations: ['DESIGNATED_AUTHORITY'],
    languages: ['en'],
    contact: { email: 'oia.cloud@justice.us.demo', phone: '+1 202 555 0140', address: '1301 New York Avenue NW, Washington, DC 20530, United States' },
    users: [{ email: 'oia@justice.us.demo', name: 'Michael Torres', function: 'Trial Attorney, Office of International Affairs', roles: ['CERTIFIER'] }],
  },
  {
    key: 'examplegram',
    name: 'Examplegram',
    kind: 'PROVIDER',
    country: 'US',
    // A social network: it hosts what its users publish (a hosting service provider, Reg. 2021/784 Art 2(1)).
    services: ['HOSTING', 'SOCIAL_NETWORK', 'MESSAGING'],
    establishments: [
      { country: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['en', 'fr'] },
      { country: 'US', role: 'MAIN_ESTABLISHMENT', languages: ['en'] },
    ],
    users: [{ email: 'legal@examplegram.demo', name: 'Examplegram Law Enforcement Response', function: 'Law enforcement response team', roles: ['RESPONDER', 'ORG_ADMIN'] }],
  },
  {
    key: 'nordtel',
    name: 'Nordtel',
    kind: 'PROVIDER',
    country: 'DE',
    cgnatOperator: true,
    // An access provider: it carries traffic and hosts nothing, so a removal order cannot reach it.
    services: ['INTERNET_ACCESS', 'ELECTRONIC_COMMUNICATIONS'],
    establishments: [{ country: 'DE', role: 'DESIGNATED_ESTABLISHMENT', languages: ['de', 'en'] }],
    users: [{ email: 'legal@nordtel.demo', name: 'Nordtel Behördenanfragen', function: 'Behördenanfragen', roles: ['RESPONDER', 'ORG_ADMIN'] }],
  },
  {
    key: 'albionmail',
    name: 'Albion Mail',
    kind: 'PROVIDER',
    country: 'GB',
    services: ['MESSAGING'],
    establishments: [{ country: 'GB', role: 'MAIN_ESTABLISHMENT', languages: ['en'] }],
    users: [{ email: 'legal@albionmail.demo', name: 'Albion Mail Legal', function: 'Legal team', roles: ['RESPONDER', 'ORG_ADMIN'] }],
  },
];
