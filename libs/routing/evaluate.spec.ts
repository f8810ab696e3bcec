import { loadCatalogue } from './catalogue.js';
import { evaluateRouting, factsMissingAbove } from './evaluate.js';
import { PROVIDERS, routingInput, routingProvider, withSecondProtocolInForce } from './fixtures.js';
import type { InstrumentCode, ReasonCode, RoutingAuthority, RoutingInput, RoutingProvider, RoutingResult } from './types.js';

const catalogue = loadCatalogue();
const sapInForce = withSecondProtocolInForce(catalogue, '2027-01-01');
const { examplegram, nordtel, albionMail, danskNet, budaHost, budaRegistrar, tokyoMail, outbackCloud } = PROVIDERS;

interface Scenario {
  name: string;
  input: Partial<RoutingInput>;
  provider: RoutingProvider;
  /** Use the catalogue in which the Second Additional Protocol is in force from 2027-01-01. */
  secondProtocolInForce?: boolean;
  /** The instrument selected, null for none; undefined when the scenario is not about it. */
  selected?: InstrumentCode | null;
  addressee?: { country: string; role: string };
  enforcingReview?: boolean;
  eligible?: InstrumentCode[];
  /** Each instrument must be ineligible, and its reasons must include this code. */
  ineligible?: Partial<Record<InstrumentCode, ReasonCode>>;
}

const content = (months: number, more: Partial<RoutingInput> = {}): Partial<RoutingInput> => ({
  dataCategories: ['CONTENT'],
  offence: { maxSentenceMonths: months },
  ...more,
});
const ukTarget = { targetIsUsPerson: false, targetLocation: 'GB' };
/** A removal order by OFAC, France's competent authority for them in the demo world. */
const removal = (more: Partial<RoutingInput> = {}): Partial<RoutingInput> => ({
  orderType: 'REMOVAL',
  dataCategories: ['CONTENT'],
  offence: { maxSentenceMonths: 0 },
  issuer: { authorityType: 'POLICE', designations: ['CONTACT_POINT_24_7', 'TCO_COMPETENT_AUTHORITY'] },
  ...more,
});

const SCENARIOS: Scenario[] = [
  // --- European Production Order (Reg. 2023/1543) --------------------------------------------
  {
    name: 'FR asks Examplegram for subscriber data: EPOC to the Irish legal representative, no review',
    input: {},
    provider: examplegram,
    selected: 'EU_PRODUCTION_ORDER',
    addressee: { country: 'IE', role: 'LEGAL_REPRESENTATIVE' },
    enforcingReview: false,
    eligible: ['US_VOLUNTARY_DISCLOSURE', 'MLA'],
    ineligible: { EIO: 'ADDRESSEE_STATE_NOT_PARTY', EU_PRESERVATION_ORDER: 'ORDER_TYPE_NOT_COVERED' },
  },
  {
    name: 'the day before the Regulation applies (2026-08-17): voluntary disclosure by the US provider',
    input: { date: '2026-08-17' },
    provider: examplegram,
    selected: 'US_VOLUNTARY_DISCLOSURE',
    ineligible: { EU_PRODUCTION_ORDER: 'NOT_YET_APPLICABLE' },
  },
  {
    name: 'the day the Regulation applies (2026-08-18): EPOC',
    input: { date: '2026-08-18' },
    provider: examplegram,
    selected: 'EU_PRODUCTION_ORDER',
  },
  {
    name: 'content, 36 months, offence and residence in FR: EPOC without enforcing review (Art 8(2))',
    input: content(36, { offenceInIssuingState: true, targetResidesInIssuingState: true }),
    provider: examplegram,
    selected: 'EU_PRODUCTION_ORDER',
    enforcingReview: false,
  },
  {
    name: 'content, offence in FR but the person resides elsewhere: the Irish authority reviews',
    input: content(36, { offenceInIssuingState: true, targetResidesInIssuingState: false }),
    provider: examplegram,
    selected: 'EU_PRODUCTION_ORDER',
    enforcingReview: true,
  },
  {
    name: 'content, residence in FR stated but not the place of the offence: review (exception needs both)',
    input: content(60, { targetResidesInIssuingState: true }),
    provider: examplegram,
    selected: 'EU_PRODUCTION_ORDER',
    enforcingReview: true,
  },
  {
    name: 'content, 35 months, not listed: no EPOC, no voluntary content, so MLA',
    input: content(35),
    provider: examplegram,
    selected: 'MLA',
    ineligible: { EU_PRODUCTION_ORDER: 'OFFENCE_BELOW_THRESHOLD', US_VOLUNTARY_DISCLOSURE: 'DATA_CATEGORY_NOT_COVERED' },
  },
  {
    name: 'content, 24 months but child sexual abuse (listed): EPOC',
    input: { dataCategories: ['CONTENT'], offence: { maxSentenceMonths: 24, listedCategory: 'CHILD_SEXUAL_ABUSE' } },
    provider: examplegram,
    selected: 'EU_PRODUCTION_ORDER',
    enforcingReview: true,
  },
  {
    name: 'traffic, 35 months: no EPOC; the US provider may disclose non-content voluntarily',
    input: { dataCategories: ['TRAFFIC'], offence: { maxSentenceMonths: 35 } },
    provider: examplegram,
    selected: 'US_VOLUNTARY_DISCLOSURE',
    ineligible: { EU_PRODUCTION_ORDER: 'OFFENCE_BELOW_THRESHOLD' },
  },
  {
    name: 'subscriber data for a 6-month offence: any offence opens low-tier data',
    input: { offence: { maxSentenceMonths: 6 } },
    provider: examplegram,
    selected: 'EU_PRODUCTION_ORDER',
  },
  {
    name: 'FR to Nordtel, content, 60 months: EPOC to the German designated establishment, reviewed by DE',
    input: content(60),
    provider: nordtel,
    selected: 'EU_PRODUCTION_ORDER',
    addressee: { country: 'DE', role: 'DESIGNATED_ESTABLISHMENT' },
    enforcingReview: true,
    eligible: ['EIO'],
    ineligible: { MLA: 'ADDRESSEE_STATE_NOT_PARTY', US_VOLUNTARY_DISCLOSURE: 'ADDRESSEE_STATE_NOT_PARTY' },
  },
  {
    name: 'FR to Nordtel, content, 35 months: the Regulation refuses, the EIO takes it (row 1a)',
    input: content(35),
    provider: nordtel,
    selected: 'EIO',
    addressee: { country: 'DE', role: 'DESIGNATED_ESTABLISHMENT' },
    ineligible: { EU_PRODUCTION_ORDER: 'OFFENCE_BELOW_THRESHOLD' },
  },
  {
    name: 'DE to Nordtel: a domestic order, no instrument',
    input: { issuingCountry: 'DE' },
    provider: nordtel,
    selected: null,
    ineligible: { EU_PRODUCTION_ORDER: 'ADDRESSEE_ONLY_IN_ISSUING_STATE', EIO: 'ADDRESSEE_ONLY_IN_ISSUING_STATE' },
  },
  {
    name: 'Hungarian provider with no designated establishment: no EPOC, EIO to Hungary',
    input: content(60),
    provider: budaHost,
    selected: 'EIO',
    addressee: { country: 'HU', role: 'MAIN_ESTABLISHMENT' },
    ineligible: { EU_PRODUCTION_ORDER: 'NO_ADDRESSEE_OF_REQUIRED_ROLE' },
  },

  // --- European Preservation Order ------------------------------------------------------------
  {
    name: 'FR preserves content at Examplegram: EPOC-PR to Ireland',
    input: { orderType: 'PRESERVATION', dataCategories: ['CONTENT'] },
    provider: examplegram,
    selected: 'EU_PRESERVATION_ORDER',
    addressee: { country: 'IE', role: 'LEGAL_REPRESENTATIVE' },
    eligible: ['BUDAPEST_ART29_PRESERVATION', 'US_VOLUNTARY_DISCLOSURE'],
    ineligible: { EU_PRODUCTION_ORDER: 'ORDER_TYPE_NOT_COVERED', UK_US_DAA: 'ISSUING_STATE_NOT_PARTY' },
  },
  {
    name: 'preservation before 2026-08-18: Budapest Art 29 through the 24/7 network to the US',
    input: { orderType: 'PRESERVATION', dataCategories: ['CONTENT'], date: '2026-08-17' },
    provider: examplegram,
    selected: 'BUDAPEST_ART29_PRESERVATION',
    addressee: { country: 'US', role: 'MAIN_ESTABLISHMENT' },
    ineligible: { EU_PRESERVATION_ORDER: 'NOT_YET_APPLICABLE' },
  },

  // --- Denmark ----------------------------------------------------------------------------------
  {
    name: 'DK issues to Nordtel: not bound by the Regulation nor the EIO, so MLA',
    input: { issuingCountry: 'DK' },
    provider: nordtel,
    selected: 'MLA',
    ineligible: { EU_PRODUCTION_ORDER: 'ISSUING_STATE_NOT_PARTY', EIO: 'ISSUING_STATE_NOT_PARTY' },
  },
  {
    name: 'DK preserves at Nordtel: Budapest Art 29',
    input: { issuingCountry: 'DK', orderType: 'PRESERVATION' },
    provider: nordtel,
    selected: 'BUDAPEST_ART29_PRESERVATION',
    ineligible: { EU_PRESERVATION_ORDER: 'ISSUING_STATE_NOT_PARTY' },
  },
  {
    name: 'FR to a provider established only in Denmark: no EPOC, no EIO, MLA',
    input: {},
    provider: danskNet,
    selected: 'MLA',
    addressee: { country: 'DK', role: 'DESIGNATED_ESTABLISHMENT' },
    ineligible: { EU_PRODUCTION_ORDER: 'ADDRESSEE_STATE_NOT_PARTY', EIO: 'ADDRESSEE_STATE_NOT_PARTY' },
  },

  // --- Ireland: Regulation yes, EIO no, Budapest no ---------------------------------------------
  {
    name: 'IE to Nordtel, content, 60 months: EPOC (Ireland takes part)',
    input: { issuingCountry: 'IE', ...content(60) },
    provider: nordtel,
    selected: 'EU_PRODUCTION_ORDER',
    enforcingReview: true,
    ineligible: { EIO: 'ISSUING_STATE_NOT_PARTY' },
  },
  {
    name: 'IE preserves at Nordtel: EPOC-PR; no Budapest route for Ireland',
    input: { issuingCountry: 'IE', orderType: 'PRESERVATION' },
    provider: nordtel,
    selected: 'EU_PRESERVATION_ORDER',
    ineligible: { BUDAPEST_ART29_PRESERVATION: 'ISSUING_STATE_NOT_PARTY', EIO: 'ISSUING_STATE_NOT_PARTY' },
  },
  {
    name: 'IE to Nordtel before 2026-08-18: MLA (Ireland is outside the EIO)',
    input: { issuingCountry: 'IE', date: '2026-08-17' },
    provider: nordtel,
    selected: 'MLA',
    ineligible: { EU_PRODUCTION_ORDER: 'NOT_YET_APPLICABLE', EIO: 'ISSUING_STATE_NOT_PARTY' },
  },
  {
    name: 'FR to Examplegram content before 2026-08-18: MLA to the US headquarters (Ireland outside the EIO)',
    input: content(60, { date: '2026-08-17' }),
    provider: examplegram,
    selected: 'MLA',
    addressee: { country: 'US', role: 'MAIN_ESTABLISHMENT' },
    ineligible: { EIO: 'ADDRESSEE_STATE_NOT_PARTY' },
  },

  // --- UK-US Data Access Agreement ---------------------------------------------------------------
  {
    name: 'GB to Examplegram, content, 60 months, UK resident non-US person: overseas production order',
    input: { issuingCountry: 'GB', ...content(60, ukTarget) },
    provider: examplegram,
    selected: 'UK_US_DAA',
    addressee: { country: 'US', role: 'MAIN_ESTABLISHMENT' },
    eligible: ['MLA'],
    ineligible: { EU_PRODUCTION_ORDER: 'ISSUING_STATE_NOT_PARTY' },
  },
  {
    name: 'GB, content, target a US person: agreement excluded, MLA',
    input: { issuingCountry: 'GB', ...content(60, { targetIsUsPerson: true, targetLocation: 'GB' }) },
    provider: examplegram,
    selected: 'MLA',
    ineligible: { UK_US_DAA: 'TARGET_IS_US_PERSON', US_VOLUNTARY_DISCLOSURE: 'DATA_CATEGORY_NOT_COVERED' },
  },
  {
    name: 'GB, subscriber data, target a US person: voluntary disclosure of non-content',
    input: { issuingCountry: 'GB', targetIsUsPerson: true, targetLocation: 'GB' },
    provider: examplegram,
    selected: 'US_VOLUNTARY_DISCLOSURE',
    ineligible: { UK_US_DAA: 'TARGET_IS_US_PERSON' },
  },
  {
    name: 'GB, content, target located in the US: agreement excluded',
    input: { issuingCountry: 'GB', ...content(60, { targetIsUsPerson: false, targetLocation: 'US' }) },
    provider: examplegram,
    selected: 'MLA',
    ineligible: { UK_US_DAA: 'TARGET_LOCATED_IN_EXCLUDED_STATE' },
  },
  {
    name: 'GB, content, US-person status not stated: the agreement needs the attestation',
    input: { issuingCountry: 'GB', ...content(60, { targetLocation: 'GB' }) },
    provider: examplegram,
    selected: 'MLA',
    ineligible: { UK_US_DAA: 'US_PERSON_STATUS_NOT_STATED' },
  },
  {
    name: 'GB, content, location not stated: the agreement needs the attestation',
    input: { issuingCountry: 'GB', ...content(60, { targetIsUsPerson: false }) },
    provider: examplegram,
    selected: 'MLA',
    ineligible: { UK_US_DAA: 'TARGET_LOCATION_NOT_STATED' },
  },
  {
    name: 'GB, content, 35 months: not serious crime',
    input: { issuingCountry: 'GB', ...content(35, ukTarget) },
    provider: examplegram,
    selected: 'MLA',
    ineligible: { UK_US_DAA: 'OFFENCE_BELOW_THRESHOLD' },
  },
  {
    name: 'GB, content, 35 months of terrorism: a listed category does not lower the agreement threshold',
    input: { issuingCountry: 'GB', ...ukTarget, dataCategories: ['CONTENT'], offence: { maxSentenceMonths: 35, listedCategory: 'TERRORISM' } },
    provider: examplegram,
    selected: 'MLA',
    ineligible: { UK_US_DAA: 'OFFENCE_BELOW_THRESHOLD' },
  },
  {
    name: 'GB, content, 36 months on 2027-10-02: last day of the initial term',
    input: { issuingCountry: 'GB', ...content(36, { ...ukTarget, date: '2027-10-02' }) },
    provider: examplegram,
    selected: 'UK_US_DAA',
  },
  {
    name: 'GB, content on 2027-10-03: initial term over (renewal unconfirmed)',
    input: { issuingCountry: 'GB', ...content(60, { ...ukTarget, date: '2027-10-03' }) },
    provider: examplegram,
    selected: 'MLA',
    ineligible: { UK_US_DAA: 'NO_LONGER_IN_FORCE' },
  },
  {
    name: 'GB, content on 2022-10-02: the agreement is not yet in force',
    input: { issuingCountry: 'GB', ...content(60, { ...ukTarget, date: '2022-10-02' }) },
    provider: examplegram,
    selected: 'MLA',
    ineligible: { UK_US_DAA: 'NOT_YET_APPLICABLE' },
  },
  {
    name: 'GB, content on 2022-10-03: the agreement is in force',
    input: { issuingCountry: 'GB', ...content(60, { ...ukTarget, date: '2022-10-03' }) },
    provider: examplegram,
    selected: 'UK_US_DAA',
  },
  {
    name: 'GB preserves at Examplegram: the agreement covers production only; Budapest Art 29',
    input: { issuingCountry: 'GB', orderType: 'PRESERVATION', ...ukTarget },
    provider: examplegram,
    selected: 'BUDAPEST_ART29_PRESERVATION',
    ineligible: { UK_US_DAA: 'ORDER_TYPE_NOT_COVERED' },
  },
  {
    name: 'GB to Nordtel, subscriber data: EU-UK TCA mutual assistance',
    input: { issuingCountry: 'GB' },
    provider: nordtel,
    selected: 'MLA',
    ineligible: { EU_PRODUCTION_ORDER: 'ISSUING_STATE_NOT_PARTY', US_VOLUNTARY_DISCLOSURE: 'ADDRESSEE_STATE_NOT_PARTY' },
  },
  {
    name: 'FR to Albion Mail (UK only): TCA mutual assistance, no EPOC',
    input: {},
    provider: albionMail,
    selected: 'MLA',
    addressee: { country: 'GB', role: 'MAIN_ESTABLISHMENT' },
    ineligible: { EU_PRODUCTION_ORDER: 'NO_ADDRESSEE_OF_REQUIRED_ROLE', EIO: 'ADDRESSEE_STATE_NOT_PARTY' },
  },

  // --- US-UK direction ---------------------------------------------------------------------------
  {
    name: 'US to Albion Mail, content, target located in FR: US legal process under the agreement',
    input: { issuingCountry: 'US', ...content(60, { targetLocation: 'FR' }) },
    provider: albionMail,
    selected: 'US_UK_DAA',
    addressee: { country: 'GB', role: 'MAIN_ESTABLISHMENT' },
  },
  {
    name: 'US to Albion Mail, content, target located in the UK: agreement excluded, US-UK MLAT',
    input: { issuingCountry: 'US', ...content(60, { targetLocation: 'GB' }) },
    provider: albionMail,
    selected: 'MLA',
    ineligible: { US_UK_DAA: 'TARGET_LOCATED_IN_EXCLUDED_STATE' },
  },
  {
    name: 'US to Albion Mail for a 12-month offence: not serious crime',
    input: { issuingCountry: 'US', targetLocation: 'FR', offence: { maxSentenceMonths: 12 } },
    provider: albionMail,
    selected: 'MLA',
    ineligible: { US_UK_DAA: 'OFFENCE_BELOW_THRESHOLD' },
  },
  {
    name: 'US to Examplegram: no voluntary route at home; MLA to the Irish entity is the only international one',
    input: { issuingCountry: 'US', ...content(60) },
    provider: examplegram,
    selected: 'MLA',
    addressee: { country: 'IE', role: 'LEGAL_REPRESENTATIVE' },
    ineligible: { US_VOLUNTARY_DISCLOSURE: 'ADDRESSEE_ONLY_IN_ISSUING_STATE', UK_US_DAA: 'ISSUING_STATE_NOT_PARTY' },
  },

  // --- Australia-US Agreement ------------------------------------------------------------------
  {
    name: 'AU to Examplegram, content, non-US person in AU: international production order',
    input: { issuingCountry: 'AU', ...content(60, { targetIsUsPerson: false, targetLocation: 'AU' }) },
    provider: examplegram,
    selected: 'AU_US_DAA',
    addressee: { country: 'US', role: 'MAIN_ESTABLISHMENT' },
  },
  {
    name: 'AU to Examplegram on 2024-01-29: the agreement is not yet in force',
    input: { issuingCountry: 'AU', ...content(60, { targetIsUsPerson: false, targetLocation: 'AU', date: '2024-01-29' }) },
    provider: examplegram,
    selected: 'MLA',
    ineligible: { AU_US_DAA: 'NOT_YET_APPLICABLE' },
  },
  {
    name: 'AU to Examplegram on 2024-01-30: in force',
    input: { issuingCountry: 'AU', ...content(60, { targetIsUsPerson: false, targetLocation: 'AU', date: '2024-01-30' }) },
    provider: examplegram,
    selected: 'AU_US_DAA',
  },
  {
    name: 'AU to Examplegram, target a US person: excluded',
    input: { issuingCountry: 'AU', ...content(60, { targetIsUsPerson: true, targetLocation: 'AU' }) },
    provider: examplegram,
    selected: 'MLA',
    ineligible: { AU_US_DAA: 'TARGET_IS_US_PERSON' },
  },
  {
    name: 'US to an Australian provider, target in New Zealand: US legal process under the agreement',
    input: { issuingCountry: 'US', ...content(60, { targetLocation: 'NZ' }) },
    provider: outbackCloud,
    selected: 'US_AU_DAA',
  },
  {
    name: 'US to an Australian provider, target located in Australia: excluded, MLA',
    input: { issuingCountry: 'US', ...content(60, { targetLocation: 'AU' }) },
    provider: outbackCloud,
    selected: 'MLA',
    ineligible: { US_AU_DAA: 'TARGET_LOCATED_IN_EXCLUDED_STATE', AU_US_DAA: 'ISSUING_STATE_NOT_PARTY' },
  },

  // --- Budapest, voluntary disclosure, MLA, no instrument ------------------------------------------
  {
    name: 'GH (Budapest only) preserves at Examplegram: Art 29 through the 24/7 network',
    input: { issuingCountry: 'GH', orderType: 'PRESERVATION', dataCategories: ['CONTENT'] },
    provider: examplegram,
    selected: 'BUDAPEST_ART29_PRESERVATION',
    eligible: ['US_VOLUNTARY_DISCLOSURE'],
  },
  {
    name: 'GH asks Examplegram for content: Budapest mutual assistance, not voluntary',
    input: { issuingCountry: 'GH', ...content(60) },
    provider: examplegram,
    selected: 'MLA',
    ineligible: { US_VOLUNTARY_DISCLOSURE: 'DATA_CATEGORY_NOT_COVERED', BUDAPEST_ART29_PRESERVATION: 'ORDER_TYPE_NOT_COVERED' },
  },
  {
    name: 'GH asks Examplegram for subscriber data: voluntary disclosure',
    input: { issuingCountry: 'GH' },
    provider: examplegram,
    selected: 'US_VOLUNTARY_DISCLOSURE',
  },
  {
    name: 'BY (no instrument) asks Nordtel for content: nothing applies',
    input: { issuingCountry: 'BY', ...content(60) },
    provider: nordtel,
    selected: null,
    ineligible: { MLA: 'ISSUING_STATE_NOT_PARTY', BUDAPEST_ART29_PRESERVATION: 'ORDER_TYPE_NOT_COVERED', US_VOLUNTARY_DISCLOSURE: 'ADDRESSEE_STATE_NOT_PARTY' },
  },
  {
    name: 'BY asks Examplegram for content: nothing applies',
    input: { issuingCountry: 'BY', ...content(60) },
    provider: examplegram,
    selected: null,
    ineligible: { US_VOLUNTARY_DISCLOSURE: 'DATA_CATEGORY_NOT_COVERED', MLA: 'ISSUING_STATE_NOT_PARTY' },
  },
  {
    name: 'BY asks Examplegram for subscriber data: only the voluntary route',
    input: { issuingCountry: 'BY' },
    provider: examplegram,
    selected: 'US_VOLUNTARY_DISCLOSURE',
  },
  {
    name: 'EIO the day before it applied (2017-05-21)',
    input: content(60, { date: '2017-05-21' }),
    provider: nordtel,
    ineligible: { EIO: 'NOT_YET_APPLICABLE', EU_PRODUCTION_ORDER: 'NOT_YET_APPLICABLE' },
  },
  {
    name: 'EIO the day it applied (2017-05-22)',
    input: content(60, { date: '2017-05-22' }),
    provider: nordtel,
    selected: 'EIO',
  },

  // --- Second Additional Protocol (CETS 224) -------------------------------------------------------
  {
    name: 'RS to a Hungarian provider, subscriber data: the Protocol is not in force, MLA',
    input: { issuingCountry: 'RS' },
    provider: budaHost,
    selected: 'MLA',
    ineligible: { SAP_ART7_SUBSCRIBER: 'NOT_IN_FORCE', SAP_ART8: 'NOT_IN_FORCE', SAP_ART6_DOMAIN: 'NOT_IN_FORCE' },
  },
  {
    name: 'once in force (2027-02-01), RS orders subscriber data directly from the Hungarian provider (Art 7)',
    input: { issuingCountry: 'RS', date: '2027-02-01' },
    provider: budaHost,
    secondProtocolInForce: true,
    selected: 'SAP_ART7_SUBSCRIBER',
    addressee: { country: 'HU', role: 'MAIN_ESTABLISHMENT' },
    eligible: ['SAP_ART8', 'MLA'],
    ineligible: { SAP_ART6_DOMAIN: 'PROVIDER_NOT_DOMAIN_REGISTRAR' },
  },
  {
    name: 'the day before it enters into force (2026-12-31): MLA',
    input: { issuingCountry: 'RS', date: '2026-12-31' },
    provider: budaHost,
    secondProtocolInForce: true,
    selected: 'MLA',
    ineligible: { SAP_ART7_SUBSCRIBER: 'NOT_YET_APPLICABLE' },
  },
  {
    name: 'Japan reserved Art 7: RS uses Art 8 for a Japanese provider',
    input: { issuingCountry: 'RS', date: '2027-02-01' },
    provider: tokyoMail,
    secondProtocolInForce: true,
    selected: 'SAP_ART8',
    ineligible: { SAP_ART7_SUBSCRIBER: 'STATE_RESERVATION' },
  },
  {
    name: 'traffic data go through Art 8, not Art 7',
    input: { issuingCountry: 'RS', dataCategories: ['TRAFFIC'], date: '2027-02-01' },
    provider: budaHost,
    secondProtocolInForce: true,
    selected: 'SAP_ART8',
    ineligible: { SAP_ART7_SUBSCRIBER: 'DATA_CATEGORY_NOT_COVERED', SAP_ART9_EMERGENCY: 'EMERGENCY_ONLY' },
  },
  {
    name: 'content in an emergency: Art 9 through the 24/7 network',
    input: { issuingCountry: 'RS', ...content(60, { emergency: true, date: '2027-02-01' }) },
    provider: budaHost,
    secondProtocolInForce: true,
    selected: 'SAP_ART9_EMERGENCY',
    ineligible: { SAP_ART8: 'DATA_CATEGORY_NOT_COVERED' },
  },
  {
    name: 'domain registration data from a Hungarian registrar (Art 6)',
    input: { issuingCountry: 'RS', date: '2027-02-01' },
    provider: budaRegistrar,
    secondProtocolInForce: true,
    selected: 'SAP_ART6_DOMAIN',
    eligible: ['SAP_ART7_SUBSCRIBER'],
  },
  {
    name: 'FR has signed but not ratified the Protocol: Art 7 refused, EIO to Hungary',
    input: { date: '2027-02-01' },
    provider: budaHost,
    secondProtocolInForce: true,
    selected: 'EIO',
    ineligible: { SAP_ART7_SUBSCRIBER: 'ISSUING_STATE_NOT_PARTY', EU_PRODUCTION_ORDER: 'NO_ADDRESSEE_OF_REQUIRED_ROLE' },
  },
  // --- Removal orders (Reg. 2021/784) -------------------------------------------------------
  {
    name: 'a French competent authority orders Examplegram to remove terrorist content: its Irish legal representative',
    input: removal(),
    provider: examplegram,
    selected: 'TCO_REMOVAL_ORDER',
    addressee: { country: 'IE', role: 'LEGAL_REPRESENTATIVE' },
    ineligible: { EU_PRODUCTION_ORDER: 'ORDER_TYPE_NOT_COVERED', MLA: 'ORDER_TYPE_NOT_COVERED' },
  },
  {
    name: 'a removal order to Nordtel, an access provider that hosts nothing: refused (Art 2(1), 3(1))',
    input: removal(),
    provider: nordtel,
    selected: null,
    ineligible: { TCO_REMOVAL_ORDER: 'PROVIDER_LACKS_SERVICE' },
  },
  {
    name: 'a removal order to a social network the directory does not also mark "hosting": it is a hosting service (Art 2(1)-(3))',
    input: removal({ issuingCountry: 'FR' }),
    provider: routingProvider({ name: 'Social NL', country: 'NL', services: ['SOCIAL_NETWORK'], establishments: [{ country: 'NL', role: 'MAIN_ESTABLISHMENT', languages: ['nl', 'en'] }] }),
    selected: 'TCO_REMOVAL_ORDER',
    addressee: { country: 'NL', role: 'MAIN_ESTABLISHMENT' },
  },
  {
    name: 'a removal order by an authority not designated as competent for them: refused (Art 12(1)(a))',
    input: removal({ issuer: { authorityType: 'INVESTIGATING_JUDGE', designations: [] } }),
    provider: examplegram,
    selected: null,
    ineligible: { TCO_REMOVAL_ORDER: 'ISSUER_NOT_COMPETENT' },
  },
  {
    name: 'a removal order before the Regulation applied (2022-06-06): refused',
    input: removal({ date: '2022-06-06' }),
    provider: examplegram,
    selected: null,
    ineligible: { TCO_REMOVAL_ORDER: 'NOT_YET_APPLICABLE' },
  },
];

function run(scenario: Scenario): RoutingResult {
  return evaluateRouting(scenario.secondProtocolInForce ? sapInForce : catalogue, routingInput(scenario.input), scenario.provider);
}

describe('routing scenarios', () => {
  it('has at least 40 scenarios', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', (_name, scenario) => {
    const result = run(scenario);
    const candidate = (code: InstrumentCode) => result.candidates.find((c) => c.instrument === code)!;

    if (scenario.selected !== undefined) expect(result.selected?.instrument ?? null).toBe(scenario.selected);
    // Where the provider is reached; on a route through the State addressed the form goes to its authority (tested below).
    if (scenario.addressee) expect(result.selected?.provider).toMatchObject({ ...scenario.addressee, organisationId: scenario.provider.id });
    if (scenario.enforcingReview !== undefined) expect(result.selected?.enforcingReview).toBe(scenario.enforcingReview);
    for (const code of scenario.eligible ?? []) expect({ code, eligible: candidate(code).eligible }).toEqual({ code, eligible: true });
    for (const [code, reason] of Object.entries(scenario.ineligible ?? {}) as [InstrumentCode, ReasonCode][]) {
      const found = candidate(code);
      expect({ code, eligible: found.eligible }).toEqual({ code, eligible: false });
      expect(found.reasons.map((r) => r.code)).toContain(reason);
    }
  });

  it('covers every instrument both eligible and ineligible', () => {
    const seen = { eligible: new Set<string>(), ineligible: new Set<string>() };
    for (const scenario of SCENARIOS) {
      for (const candidate of run(scenario).candidates) (candidate.eligible ? seen.eligible : seen.ineligible).add(candidate.instrument);
    }
    const codes = catalogue.instruments.map((instrument) => instrument.code);
    expect([...seen.eligible].sort()).toEqual([...codes].sort());
    expect([...seen.ineligible].sort()).toEqual([...codes].sort());
  });
});

describe('a removal order (Reg. 2021/784)', () => {
  it('goes in copy to the competent authority of the State of the legal representative, with a one-hour clock and 72 hours of scrutiny', () => {
    const result = evaluateRouting(catalogue, routingInput(removal()), examplegram);
    expect(result.selected).toMatchObject({ instrument: 'TCO_REMOVAL_ORDER', form: 'TCO_REMOVAL_ORDER', scrutiny: { state: 'IE', actingAs: ['TCO_COMPETENT_AUTHORITY'] }, approvals: { validators: [] } });
    expect(result.selected!.deadlines).toEqual(expect.arrayContaining([
      expect.objectContaining({ clock: 'REMOVAL', duration: 'PT1H', basis: 'Reg. 2021/784 Art 3(3)' }),
      expect.objectContaining({ clock: 'SCRUTINY', duration: 'PT72H' }),
      expect.objectContaining({ clock: 'SCRUTINY_REQUEST', duration: 'PT48H' }),
    ]));
    const reasons = result.candidates.find((c) => c.instrument === 'TCO_REMOVAL_ORDER')!.reasons;
    expect(reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['ISSUER_COMPETENT', 'ADDRESSEE_FOUND']));
    // Every rule cites its article.
    for (const reason of reasons) expect(reason.basis).toMatch(/2021\/784/);
  });

  it('reaches a host in the issuing State too, with no copy and no scrutiny (Art 4 is for cross-border orders)', () => {
    const result = evaluateRouting(catalogue, routingInput(removal({ issuingCountry: 'HU', issuer: { authorityType: 'POLICE', designations: ['TCO_COMPETENT_AUTHORITY'] } })), budaHost);
    expect(result.selected).toMatchObject({ instrument: 'TCO_REMOVAL_ORDER', provider: { country: 'HU' }, scrutiny: null });
  });

  it('says why Nordtel cannot receive one: it is recorded as offering no hosting', () => {
    const reason = evaluateRouting(catalogue, routingInput(removal()), nordtel).candidates.find((c) => c.instrument === 'TCO_REMOVAL_ORDER')!.reasons[0];
    expect(reason).toMatchObject({ code: 'PROVIDER_LACKS_SERVICE', outcome: 'NOT_MET' });
    expect(reason.message).toContain('Nordtel is not recorded as offering hosting services');
    expect(reason.basis).toContain('Reg. 2021/784 Arts 2(1), 3(1)');
  });
});

describe('what the selected route fixes', () => {
  it('a high-tier EPOC: judges only, 10-day review that suspends production, Irish addressee in en and fr', () => {
    const result = evaluateRouting(catalogue, routingInput(content(60)), examplegram);
    expect(result.tier).toBe('HIGH');
    expect(result.selected).toMatchObject({
      instrument: 'EU_PRODUCTION_ORDER',
      form: 'EPOC',
      channel: 'DIRECT_TO_PROVIDER',
      addressee: { organisationId: examplegram.id, country: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['en', 'fr'] },
      approvals: { issuers: ['COURT', 'INVESTIGATING_JUDGE'], emergencyWithoutPriorValidation: false, exPostValidationHours: null },
      enforcingReview: true,
      enforcingState: 'IE',
    });
    expect(result.selected?.enforcingReviewReason).toContain('may not produce before the review ends');
    expect(result.selected?.deadlines.map((d) => [d.clock, d.duration])).toEqual([
      ['PRODUCTION', 'P10D'],
      ['ENFORCING_REVIEW', 'P10D'],
    ]);
  });

  it('the Art 8(2) exception says why there is no review', () => {
    const result = evaluateRouting(catalogue, routingInput(content(60, { offenceInIssuingState: true, targetResidesInIssuingState: true })), examplegram);
    expect(result.selected?.enforcingReview).toBe(false);
    expect(result.selected?.enforcingState).toBeNull();
    expect(result.selected?.enforcingReviewReason).toMatch(/offence was committed in FR and the person .* resides there .*Art 8\(2\)/);
    expect(result.selected?.deadlines.map((d) => [d.clock, d.duration])).toEqual([['PRODUCTION', 'P10D']]);
  });

  it('a low-tier emergency EPOC: police may issue, validation within 48 hours, 8-hour production', () => {
    const result = evaluateRouting(catalogue, routingInput({ dataCategories: ['IDENTIFICATION'], emergency: true }), nordtel);
    expect(result.selected).toMatchObject({
      instrument: 'EU_PRODUCTION_ORDER',
      approvals: { issuers: ['COURT', 'INVESTIGATING_JUDGE', 'PROSECUTOR'], emergencyWithoutPriorValidation: true, exPostValidationHours: 48 },
      enforcingReview: false,
    });
    expect(result.selected?.deadlines.map((d) => [d.clock, d.duration])).toEqual([
      ['PRODUCTION', 'PT8H'],
      ['EX_POST_VALIDATION', 'PT48H'],
    ]);
  });

  it('a high-tier emergency EPOC: 8 hours, a 96-hour review that does not suspend, no waiver of validation', () => {
    const result = evaluateRouting(catalogue, routingInput(content(60, { emergency: true })), nordtel);
    expect(result.selected?.approvals.emergencyWithoutPriorValidation).toBe(false);
    expect(result.selected?.enforcingReviewReason).toContain('does not suspend production');
    expect(result.selected?.deadlines.map((d) => [d.clock, d.duration])).toEqual([
      ['PRODUCTION', 'PT8H'],
      ['ENFORCING_REVIEW', 'PT96H'],
    ]);
  });

  it('an EPOC-PR: 60 days plus 30, no review', () => {
    const result = evaluateRouting(catalogue, routingInput({ orderType: 'PRESERVATION', dataCategories: ['TRAFFIC'] }), nordtel);
    expect(result.selected).toMatchObject({ instrument: 'EU_PRESERVATION_ORDER', form: 'EPOC_PR', enforcingReview: false });
    expect(result.selected?.deadlines.map((d) => [d.clock, d.duration])).toEqual([
      ['PRESERVATION', 'P60D'],
      ['PRESERVATION_EXTENSION', 'P30D'],
    ]);
  });

  it('the UK-US route: an officer applies, a judge makes it, the Home Office certifies, the OPO cover sheet', () => {
    const result = evaluateRouting(catalogue, routingInput({ issuingCountry: 'GB', ...content(60, ukTarget) }), examplegram);
    expect(result.selected).toMatchObject({
      instrument: 'UK_US_DAA',
      form: 'OPO_COVER',
      channel: 'DESIGNATED_AUTHORITY',
      approvals: { issuers: [], validators: ['COURT'], certifiedBy: expect.stringContaining('Home Office') },
      addressee: { organisationId: examplegram.id, country: 'US', role: 'MAIN_ESTABLISHMENT' },
      hops: [{ kind: 'CERTIFICATION', side: 'ISSUING', country: 'GB', actingAs: ['DESIGNATED_AUTHORITY'], roles: ['CERTIFIER'], deadlines: ['SERVICE'], addresseeRole: null, authorities: null }],
      enforcingReview: false,
      confidence: 'UNCONFIRMED',
    });
    expect(result.selected?.hops[0].basis).toMatch(/Art 5.*s\.9/);
  });

  it('MLA names the treaty between the two States', () => {
    const gb = evaluateRouting(catalogue, routingInput({ issuingCountry: 'GB' }), nordtel);
    expect(gb.selected?.partyBasis).toContain('Trade and Cooperation Agreement');
    const dk = evaluateRouting(catalogue, routingInput({ issuingCountry: 'DK' }), nordtel);
    expect(dk.selected?.partyBasis).toContain('EU Convention on Mutual Assistance');
    const us = evaluateRouting(catalogue, routingInput({ issuingCountry: 'US', ...content(60, { targetLocation: 'GB' }) }), albionMail);
    expect(us.selected?.partyBasis).toContain('Bilateral mutual legal assistance treaty');
  });

  it('the headquarters stands in for an unlisted main establishment', () => {
    const noHomeListing = { ...examplegram, establishments: [examplegram.establishments[0]] };
    const result = evaluateRouting(catalogue, routingInput({ issuingCountry: 'GB', ...content(60, ukTarget) }), noHomeListing);
    expect(result.selected?.addressee).toEqual({ organisationId: examplegram.id, country: 'US', role: 'MAIN_ESTABLISHMENT', languages: [], headquarters: true });
  });
});

describe('explanations', () => {
  const reasonsOf = (result: RoutingResult, code: InstrumentCode) => result.candidates.find((c) => c.instrument === code)!.reasons;

  it('Denmark is refused with the Protocol that keeps it out', () => {
    const [reason] = reasonsOf(evaluateRouting(catalogue, routingInput({ issuingCountry: 'DK' }), nordtel), 'EU_PRODUCTION_ORDER');
    expect(reason).toEqual({
      code: 'ISSUING_STATE_NOT_PARTY',
      message: 'Denmark does not take part in Regulation (EU) 2023/1543 (Protocol No 22).',
      basis: expect.stringContaining('Reg. 2023/1543'),
      outcome: 'NOT_MET',
    });
  });

  it('Ireland is refused the EIO and the Budapest route with the reason', () => {
    const result = evaluateRouting(catalogue, routingInput({ issuingCountry: 'IE', orderType: 'PRESERVATION' }), nordtel);
    expect(reasonsOf(result, 'EIO')[0].message).toContain('Ireland does not take part in Directive 2014/41/EU');
    expect(reasonsOf(result, 'BUDAPEST_ART29_PRESERVATION')[0].message).toContain('Ireland has signed but not ratified');
  });

  it('an ineligible instrument lists every failed condition, and only those', () => {
    const result = evaluateRouting(catalogue, routingInput({ issuingCountry: 'GB', ...content(12, { date: '2022-01-01' }) }), examplegram);
    const reasons = reasonsOf(result, 'UK_US_DAA');
    expect(reasons.map((r) => r.code)).toEqual(['NOT_YET_APPLICABLE', 'OFFENCE_BELOW_THRESHOLD', 'US_PERSON_STATUS_NOT_STATED', 'TARGET_LOCATION_NOT_STATED']);
    expect(reasons.every((r) => r.outcome === 'NOT_MET' && r.basis.length > 0)).toBe(true);
  });

  it('an eligible instrument explains what was met and carries its unconfirmed points as notes', () => {
    const result = evaluateRouting(catalogue, routingInput({ issuingCountry: 'GB', ...content(60, ukTarget) }), examplegram);
    const reasons = reasonsOf(result, 'UK_US_DAA');
    expect(reasons.filter((r) => r.outcome === 'MET').map((r) => r.code)).toEqual([
      'IN_FORCE',
      'DATA_CATEGORIES_COVERED',
      'ISSUING_STATE_PARTY',
      'ADDRESSEE_FOUND',
      'OFFENCE_THRESHOLD_MET',
      'TARGET_NOT_US_PERSON',
      'TARGET_LOCATION_PERMITTED',
    ]);
    // Two points of the instrument, one of its certification hop.
    expect(reasons.filter((r) => r.outcome === 'NOTE').map((r) => r.code)).toEqual(['UNCONFIRMED_POINT', 'UNCONFIRMED_POINT', 'UNCONFIRMED_POINT']);
  });

  it('a provider reachable only in a State outside the Regulation is explained per establishment', () => {
    const [reason] = reasonsOf(evaluateRouting(catalogue, routingInput(), danskNet), 'EU_PRODUCTION_ORDER');
    expect(reason.code).toBe('ADDRESSEE_STATE_NOT_PARTY');
    expect(reason.message).toBe(
      'Dansk Net has no designated establishment or legal representative in a State this instrument reaches. ' +
        'Designated establishment in DK: Denmark does not take part in Regulation (EU) 2023/1543 (Protocol No 22).',
    );
  });

  it('MLA between two EIO States is refused because the EIO replaces it', () => {
    const [reason] = reasonsOf(evaluateRouting(catalogue, routingInput(), nordtel), 'MLA');
    expect(reason.message).toContain('Directive 2014/41/EU replaces mutual legal assistance');
  });
});

describe('the authorities between the parties', () => {
  const authority = (id: string, name: string, country: string, authorityType: RoutingAuthority['authorityType'], designations: RoutingAuthority['designations'] = [], languages = ['en']): RoutingAuthority => ({
    id: `00000000-0000-4000-9000-${id.padStart(12, '0')}`,
    name,
    country,
    authorityType,
    designations,
    languages,
  });
  const homeOffice = authority('1', 'Home Office', 'GB', 'DESIGNATED_AUTHORITY');
  const ukca = authority('2', 'UK Central Authority', 'GB', 'CENTRAL_AUTHORITY');
  const bepi = authority('3', 'DACG-BEPI', 'FR', 'CENTRAL_AUTHORITY', [], ['fr']);
  const oia = authority('4', 'DOJ OIA', 'US', 'CENTRAL_AUTHORITY', ['DESIGNATED_AUTHORITY']);
  const staatsanwaltschaft = authority('5', 'Staatsanwaltschaft Berlin', 'DE', 'PROSECUTOR', [], ['de', 'en']);
  const directory = [homeOffice, ukca, bepi, oia, staatsanwaltschaft];

  it('sends a letter of request from France to the UK central authority, through both central authorities', () => {
    const result = evaluateRouting(catalogue, routingInput({ issuingCountry: 'FR', ...content(60) }), albionMail, { authorities: directory });
    expect(result.selected).toMatchObject({
      instrument: 'MLA',
      form: 'MLA_REQUEST',
      addressee: { organisationId: ukca.id, country: 'GB', role: 'CENTRAL_AUTHORITY', languages: ['en'], name: 'UK Central Authority' },
      provider: { organisationId: albionMail.id, country: 'GB', role: 'MAIN_ESTABLISHMENT' },
      hops: [
        { kind: 'TRANSMISSION', side: 'ISSUING', country: 'FR', authorities: [{ organisationId: bepi.id, name: 'DACG-BEPI' }] },
        { kind: 'RECOGNITION', side: 'ADDRESSEE', country: 'GB', addresseeRole: 'CENTRAL_AUTHORITY', authorities: [{ organisationId: ukca.id, name: 'UK Central Authority' }] },
      ],
    });
    const mla = result.candidates.find((c) => c.instrument === 'MLA')!;
    expect(mla.reasons.filter((r) => r.code === 'HOP_AUTHORITY_FOUND').map((r) => r.message)).toEqual([
      'DACG-BEPI (FR) will transmit the request.',
      'UK Central Authority (GB) will receive and recognise the request.',
    ]);
  });

  it('does not route through an authority the exchange does not have, and says which', () => {
    const result = evaluateRouting(catalogue, routingInput({ issuingCountry: 'FR', ...content(60) }), albionMail, { authorities: [bepi] });
    expect(result.selected).toBeNull();
    const mla = result.candidates.find((c) => c.instrument === 'MLA')!;
    expect(mla.reasons).toEqual([expect.objectContaining({ code: 'HOP_AUTHORITY_NOT_ON_EXCHANGE', outcome: 'NOT_MET', message: 'No central authority of GB is on the exchange to receive and recognise the request.' })]);
  });

  it('finds a designated authority by its designation as well as its type (the US Department of Justice is both)', () => {
    const result = evaluateRouting(catalogue, routingInput({ issuingCountry: 'US', ...content(60, { targetLocation: 'FR' }) }), albionMail, { authorities: directory });
    expect(result.selected).toMatchObject({ instrument: 'US_UK_DAA', hops: [{ kind: 'CERTIFICATION', country: 'US', authorities: [{ organisationId: oia.id }] }] });
    expect(result.selected?.addressee.organisationId).toBe(albionMail.id);
  });

  it('addresses an EIO to the executing authority of the State where the provider is, with the Art 12 clocks against it', () => {
    const result = evaluateRouting(catalogue, routingInput({ issuingCountry: 'FR', ...content(35) }), nordtel, { authorities: directory });
    expect(result.selected).toMatchObject({
      instrument: 'EIO',
      addressee: { organisationId: staatsanwaltschaft.id, country: 'DE', role: 'EXECUTING_AUTHORITY', languages: ['de', 'en'] },
      hops: [{ kind: 'RECOGNITION', side: 'ADDRESSEE', deadlines: ['ACKNOWLEDGEMENT', 'RECOGNITION', 'PROVISIONAL_MEASURE'] }],
    });
    expect(result.selected?.deadlines.map((d) => [d.clock, d.duration, d.from])).toEqual([
      ['ACKNOWLEDGEMENT', 'P7D', 'RECEIPT'],
      ['RECOGNITION', 'P30D', 'RECEIPT'],
      ['PRODUCTION', 'P90D', 'RECOGNITION'],
    ]);
  });

  it('sends an Art 29 preservation request to the 24/7 point of contact of the requested Party', () => {
    const contactPoint = authority('6', 'FBI 24/7', 'US', 'POLICE', ['CONTACT_POINT_24_7']);
    const result = evaluateRouting(catalogue, routingInput({ orderType: 'PRESERVATION', date: '2026-08-01' }), examplegram, { authorities: [...directory, contactPoint] });
    expect(result.selected).toMatchObject({ instrument: 'BUDAPEST_ART29_PRESERVATION', addressee: { organisationId: contactPoint.id, role: 'CONTACT_POINT_24_7' } });
  });

  it('gives every hop a basis for what it does and for reading the grounds', () => {
    for (const instrument of catalogue.instruments) {
      for (const hop of instrument.hops) {
        expect(hop.basis.length).toBeGreaterThan(20);
        expect(hop.groundsBasis).toMatch(/Art|s\.\d|USC/);
      }
    }
    expect(catalogue.instruments.filter((i) => i.hops.length > 0).map((i) => i.code).sort()).toEqual(['AU_US_DAA', 'BUDAPEST_ART29_PRESERVATION', 'EIO', 'MLA', 'UK_US_DAA', 'US_AU_DAA', 'US_UK_DAA']);
  });
});

describe('facts before fallbacks', () => {
  it('names the facts an instrument preferred to the selected one needs and the request left out', () => {
    const result = evaluateRouting(catalogue, routingInput({ issuingCountry: 'GB', ...content(60) }), examplegram);
    expect(result.selected?.instrument).toBe('MLA');
    expect(result.candidates.find((c) => c.instrument === 'UK_US_DAA')?.missingFacts).toEqual(['targetIsUsPerson', 'targetLocation']);
    expect(factsMissingAbove(result)).toEqual([{ instrument: 'UK_US_DAA', facts: ['targetIsUsPerson', 'targetLocation'] }]);
    const stated = evaluateRouting(catalogue, routingInput({ issuingCountry: 'GB', ...content(60, { targetIsUsPerson: true, targetLocation: 'GB' }) }), examplegram);
    expect(stated.selected?.instrument).toBe('MLA');
    expect(factsMissingAbove(stated)).toEqual([]);
  });

  it('does not ask for a fact that cannot change the answer', () => {
    // Below the agreement's threshold: stating the target would not open it.
    const result = evaluateRouting(catalogue, routingInput({ issuingCountry: 'GB', ...content(12) }), examplegram);
    expect(result.candidates.find((c) => c.instrument === 'UK_US_DAA')?.missingFacts).toEqual(['targetIsUsPerson', 'targetLocation']);
    expect(factsMissingAbove(result)).toEqual([]);
    // A French order never asks who the target is: the agreement is not France's.
    expect(factsMissingAbove(evaluateRouting(catalogue, routingInput(content(60)), examplegram))).toEqual([]);
  });

  it('names them when nothing is selected too', () => {
    const result = evaluateRouting(catalogue, routingInput({ issuingCountry: 'US', ...content(60) }), albionMail);
    expect(result.selected?.instrument).toBe('MLA');
    expect(factsMissingAbove(result)).toEqual([{ instrument: 'US_UK_DAA', facts: ['targetLocation'] }]);
  });
});
