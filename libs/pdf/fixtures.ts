/**
 * Complete, fixed document models for specs, golden pages and the benchmark, from the demo world:
 * the content order from OFAC to Examplegram validated by the Paris investigating judge, and for
 * the other routes' forms the order that route carries (a UK overseas production order certified
 * by the Home Office, a French letter of request to the UK Central Authority, an Art 29 request
 * through the UK 24/7 point of contact, a voluntary disclosure request to a US provider).
 */
import type { DocumentForm, DocumentModel, PartyInfo } from './model.js';

const contact = (email: string, phone: string, address: string) => ({ email, phone, address });

export const SAMPLE_PARTIES = {
  ofac: { id: '4e7ac3b8-acd1-4bde-a7df-0baef9d36844', name: 'Police nationale, OFAC', country: 'FR', authorityType: 'POLICE', contact: contact('permanence.ofac@interieur.fr.demo', '+33 1 99 00 10 10', '101 rue des Trois Fontanot, 92000 Nanterre, France'), representative: { name: 'Camille Laurent', function: 'Commandant de police, enquêteur' } },
  tjParis: { id: '1ab1c665-6fed-419c-b3a6-d41531c09eef', name: 'Tribunal judiciaire de Paris', country: 'FR', authorityType: 'INVESTIGATING_JUDGE', contact: contact('instruction.cybercriminalite@tj-paris.fr.demo', '+33 1 99 00 20 20', 'Parvis du Tribunal de Paris, 75017 Paris, France'), representative: { name: 'Hélène Rousseau', function: 'Juge d\'instruction' } },
  parquet: { id: '9b2f0d3e-5c1a-4e8b-9f7d-2a6c4e8b1d30', name: 'Parquet de Paris', country: 'FR', authorityType: 'PROSECUTOR', contact: contact('j3.cybercriminalite@parquet-paris.fr.demo', '+33 1 99 00 30 30', 'Parvis du Tribunal de Paris, 75017 Paris, France'), representative: { name: 'Julien Moreau', function: 'Vice-procureur, section J3 (cybercriminalité)' } },
  bepi: { id: '6d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6', name: 'Ministère de la Justice, DACG-BEPI', country: 'FR', authorityType: 'CENTRAL_AUTHORITY', contact: contact('entraide.bepi@justice.fr.demo', '+33 1 99 00 40 40', '13 place Vendôme, 75042 Paris Cedex 01, France'), representative: { name: 'Sophie Marchand', function: 'Magistrate, Bureau de l\'entraide pénale internationale' } },
  nca: { id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', name: 'National Crime Agency', country: 'GB', authorityType: 'POLICE', contact: contact('nccu.247@nca.uk.demo', '+44 20 7946 0100', 'Units 1-6 Citadel Place, Tinworth Street, London SE11 5EF, United Kingdom'), representative: { name: 'Oliver Hughes', function: 'Senior Investigating Officer, National Cyber Crime Unit' } },
  crownCourt: { id: '3d4e5f6a-7b8c-4d9e-8f1a-2b3c4d5e6f7a', name: 'Crown Court at Southwark', country: 'GB', authorityType: 'COURT', contact: contact('listing.southwark@crowncourt.uk.demo', '+44 20 7946 0200', '1 English Grounds, London SE1 2HU, United Kingdom'), representative: { name: 'HHJ Eleanor Price', function: 'Circuit Judge' } },
  homeOffice: { id: '4e5f6a7b-8c9d-4e0f-9a2b-3c4d5e6f7a8b', name: 'Home Office, UK Designated Authority', country: 'GB', authorityType: 'DESIGNATED_AUTHORITY', contact: contact('ukda.opo@homeoffice.uk.demo', '+44 20 7946 0300', '2 Marsham Street, London SW1P 4DF, United Kingdom'), representative: { name: 'Priya Shah', function: 'Investigatory Powers Unit, for the Secretary of State' } },
  dojIe: { id: '8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f', name: 'Department of Justice', country: 'IE', authorityType: 'ENFORCING_AUTHORITY', contact: contact('eevidence@justice.ie.demo', '+353 20 910 0000', '51 St Stephen\'s Green, Dublin 2, D02 HK52, Ireland'), representative: null },
  ukca: { id: '5f6a7b8c-9d0e-4f1a-8b3c-4d5e6f7a8b9c', name: 'UK Central Authority, Home Office', country: 'GB', authorityType: 'CENTRAL_AUTHORITY', contact: contact('ukca-mla@homeoffice.uk.demo', '+44 20 7946 0400', '2 Marsham Street, London SW1P 4DF, United Kingdom'), representative: null },
} satisfies Record<string, PartyInfo>;

const P = SAMPLE_PARTIES;
const EXAMPLEGRAM = { id: '651e03c2-e2b0-472c-b5f7-2e1fdbcd9181', name: 'Examplegram', country: 'US', authorityType: null, contact: null, representative: null };
const ALBION = { id: '7a8b9c0d-1e2f-4a3b-9c5d-6e7f8a9b0c1d', name: 'Albion Mail', country: 'GB', authorityType: null, contact: null, representative: null };

const PRESERVATION_FORMS: readonly DocumentForm[] = ['EPOC_PR', 'ANNEX_V', 'ANNEX_VI', 'PRESERVATION_REQUEST'];

export function sampleModel(form: DocumentForm = 'EPOC', overrides: Partial<DocumentModel> = {}): DocumentModel {
  const base: DocumentModel = {
    form,
    audience: 'ADDRESSEE',
    order: {
      id: '0b6f3f0e-8a1c-4f7e-9d51-3c2a7e5b9f10',
      reference: 'EVX-2026-7KQ3M9XD',
      type: PRESERVATION_FORMS.includes(form) ? 'PRESERVATION' : 'PRODUCTION',
      caseReference: 'OFAC-2026-0412',
      tier: 'HIGH',
      dataCategories: ['TRAFFIC', 'CONTENT'],
      targets: [
        { kind: 'ACCOUNT', value: 'suspect.account.42' },
        { kind: 'IP_ADDRESS', value: '203.0.113.7', sourcePort: 51234, timestamp: '2026-09-01T10:15:30Z', destinationIp: '198.51.100.20', destinationPort: 443, protocol: 'TCP' },
      ],
      timeRange: { from: '2026-08-01T00:00:00Z', to: '2026-08-31T23:59:59Z' },
      offence: { description: 'Escroquerie en bande organisée au moyen de fausses annonces (40 victimes)', legalProvisions: 'Code pénal, art. 313-1 et 313-2', maxSentenceMonths: 120 },
      emergency: null,
      targetIsUsPerson: false,
      targetLocation: 'FR',
      language: 'en',
    },
    route: {
      instrument: 'EU_PRODUCTION_ORDER',
      name: 'European Production Order (EPOC)',
      legalBasis: 'Regulation (EU) 2023/1543 Arts 3(1), 4, 5, 7, 10',
      catalogueVersion: '2026.12.1',
      transmission: 'Decentralised IT system (e-CODEX) to the designated establishment or legal representative',
      certifiedBy: null,
    },
    issuingAuthority: P.ofac,
    validatingAuthority: P.tjParis,
    evidenceRecipient: P.ofac,
    addressee: { ...EXAMPLEGRAM, establishmentCountry: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['en', 'fr'] },
    hops: [],
    enforcing: { required: true, state: 'IE' },
    clocks: {
      issuedAt: '2026-09-01T08:00:00.000Z',
      receivedAt: '2026-09-01T08:00:00.000Z',
      dueAt: '2026-09-11T08:00:00.000Z',
      reviewEndsAt: '2026-09-11T08:00:00.000Z',
      preservationExpiresAt: ['EPOC_PR', 'ANNEX_V', 'ANNEX_VI'].includes(form) ? '2026-10-31T08:00:00.000Z' : null,
      exPostValidationDueAt: null,
    },
    sectionM: null,
    step: null,
    signer: { organisation: 'Tribunal judiciaire de Paris', certificateSubject: 'CN=Tribunal judiciaire de Paris,organizationIdentifier=EVX-1ab1c665-6fed-419c-b3a6-d41531c09eef,O=Tribunal judiciaire de Paris,C=FR', person: P.tjParis.representative },
  };
  return { ...base, ...routeOf(form, base), ...overrides };
}

/** The route each of the other forms belongs to, with its parties. */
function routeOf(form: DocumentForm, base: DocumentModel): Partial<DocumentModel> {
  const criminal = { ...base.order, caseReference: 'NCA-2026-0788', offence: { description: 'Conspiracy to defraud (Fraud Act 2006 s.2), 40 victims of fake listings', legalProvisions: 'Criminal Law Act 1977 s.1; Fraud Act 2006 s.2', maxSentenceMonths: 120 }, targetLocation: 'GB' };
  switch (form) {
    case 'OPO_COVER':
      return {
        order: { ...criminal, targets: [base.order.targets[0]] },
        route: { instrument: 'UK_US_DAA', name: 'UK-US Data Access Agreement: overseas production order', legalBasis: 'UK-US Agreement (2019); Crime (Overseas Production Orders) Act 2019; 18 USC 2523', catalogueVersion: '2026.12.1', transmission: 'The UK Designated Authority reviews, certifies and serves the order on the provider', certifiedBy: 'UK Designated Authority (Home Office)' },
        issuingAuthority: P.nca,
        validatingAuthority: P.crownCourt,
        evidenceRecipient: P.nca,
        addressee: { ...EXAMPLEGRAM, establishmentCountry: 'US', role: 'MAIN_ESTABLISHMENT', languages: ['en'] },
        hops: [{ kind: 'CERTIFICATION', authority: P.homeOffice, actedAt: '2026-09-02T09:30:00.000Z' }],
        enforcing: { required: false, state: null },
        clocks: { ...base.clocks, issuedAt: '2026-09-01T08:00:00.000Z', receivedAt: '2026-09-02T09:30:00.000Z', dueAt: '2026-09-09T09:30:00.000Z', reviewEndsAt: null },
        signer: { organisation: P.homeOffice.name, certificateSubject: 'CN=Home Office\\, UK Designated Authority,O=Home Office\\, UK Designated Authority,C=GB', person: P.homeOffice.representative },
      };
    case 'MLA_REQUEST':
      return {
        audience: 'AUTHORITIES',
        order: { ...base.order, caseReference: 'PARQUET-2026-1107', targets: [{ kind: 'EMAIL', value: 'suspect@albionmail.example' }], targetLocation: 'GB' },
        route: { instrument: 'MLA', name: 'Mutual legal assistance', legalBasis: 'Bilateral and multilateral mutual legal assistance treaties; EU-UK Trade and Cooperation Agreement Part Three Title VIII', catalogueVersion: '2026.12.1', transmission: 'Central authority of the issuing State to the central authority of the requested State', certifiedBy: null },
        issuingAuthority: P.parquet,
        validatingAuthority: null,
        evidenceRecipient: P.parquet,
        addressee: { ...ALBION, establishmentCountry: 'GB', role: 'MAIN_ESTABLISHMENT', languages: ['en'] },
        hops: [
          { kind: 'TRANSMISSION', authority: P.bepi, actedAt: null },
          { kind: 'RECOGNITION', authority: P.ukca, actedAt: null },
        ],
        enforcing: { required: false, state: null },
        clocks: { ...base.clocks, receivedAt: null, dueAt: null, reviewEndsAt: null },
        sectionM: { caseSummary: 'Quarante victimes de fausses annonces ; les fonds transitent par un compte Albion Mail.', necessityGrounds: 'Identifier les complices et le bénéficiaire des virements.' },
        signer: { organisation: P.parquet.name, certificateSubject: 'CN=Parquet de Paris,O=Parquet de Paris,C=FR', person: P.parquet.representative },
      };
    case 'PRESERVATION_REQUEST':
      return {
        audience: 'AUTHORITIES',
        route: { instrument: 'BUDAPEST_ART29_PRESERVATION', name: 'Expedited preservation through the 24/7 Network (Convention on Cybercrime Art 29)', legalBasis: 'Convention on Cybercrime (ETS 185) Arts 29, 30, 35', catalogueVersion: '2026.12.1', transmission: '24/7 point of contact of the requested Party', certifiedBy: null },
        validatingAuthority: null,
        addressee: { ...ALBION, establishmentCountry: 'GB', role: 'MAIN_ESTABLISHMENT', languages: ['en'] },
        hops: [{ kind: 'RECOGNITION', authority: P.nca, actedAt: null }],
        enforcing: { required: false, state: null },
        clocks: { ...base.clocks, receivedAt: null, dueAt: null, reviewEndsAt: null, preservationExpiresAt: null },
        sectionM: { caseSummary: 'Quarante victimes de fausses annonces.', necessityGrounds: 'Les journaux de connexion sont effacés après 30 jours.' },
        signer: { organisation: P.ofac.name, certificateSubject: 'CN=Police nationale\\, OFAC,O=Police nationale\\, OFAC,C=FR', person: P.ofac.representative },
      };
    case 'VOLUNTARY_DISCLOSURE_REQUEST':
      return {
        order: { ...base.order, dataCategories: ['SUBSCRIBER'], tier: 'LOW' },
        route: { instrument: 'US_VOLUNTARY_DISCLOSURE', name: 'Voluntary disclosure of non-content records by a US provider', legalBasis: '18 USC 2702(c)(6), 2711(4) (Stored Communications Act)', catalogueVersion: '2026.12.1', transmission: 'Directly to the provider\'s law-enforcement response channel', certifiedBy: null },
        validatingAuthority: null,
        addressee: { ...EXAMPLEGRAM, establishmentCountry: 'US', role: 'MAIN_ESTABLISHMENT', languages: ['en'] },
        enforcing: { required: false, state: null },
        clocks: { ...base.clocks, dueAt: null, reviewEndsAt: null },
        signer: { organisation: P.ofac.name, certificateSubject: 'CN=Police nationale\\, OFAC,O=Police nationale\\, OFAC,C=FR', person: P.ofac.representative },
      };
    case 'TCO_ANNEX_I':
    case 'TCO_ANNEX_II':
    case 'TCO_ANNEX_III': {
      const removal: Partial<DocumentModel> = {
        order: {
          ...base.order,
          type: 'REMOVAL',
          caseReference: 'OFAC-TCO-2026-0031',
          dataCategories: ['CONTENT'],
          targets: [{ kind: 'URL', value: 'https://examplegram.example/p/8812', accountHandle: '@propaganda.cell' }],
          timeRange: null,
          targetIsUsPerson: null,
          targetLocation: null,
          removal: { reasons: ['INCITEMENT', 'THREAT'], contentDescription: 'Vidéo appelant à commettre des attentats contre des lieux de culte' },
        },
        route: { instrument: 'TCO_REMOVAL_ORDER', name: 'Removal order for terrorist content (TCO)', legalBasis: 'Regulation (EU) 2021/784 Arts 3, 4, 12', catalogueVersion: '2026.12.2', transmission: 'Electronic means that authenticate the sender and the time of sending and receipt', certifiedBy: null },
        validatingAuthority: null,
        enforcing: { required: false, state: null },
        scrutiny: { state: 'IE', authorities: [P.dojIe] },
        clocks: { ...base.clocks, dueAt: '2026-09-01T09:00:00.000Z', reviewEndsAt: null },
        signer: { organisation: P.ofac.name, certificateSubject: 'CN=Police nationale\\, OFAC,O=Police nationale\\, OFAC,C=FR', person: P.ofac.representative },
      };
      return form === 'TCO_ANNEX_I' ? removal : { ...removal, signer: { organisation: EXAMPLEGRAM.name, certificateSubject: 'CN=Examplegram,O=Examplegram,C=US', person: null } };
    }
    default:
      return {};
  }
}
