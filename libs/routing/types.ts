/**
 * The routing catalogue (data, `catalogue.json`, checked by `catalogue.schema.json`) and what the
 * engine takes and answers. The answer is what `POST /routing/evaluate` serves (docs/api.md).
 */
import type { DataCategory, DataTier, ListedOffenceCategory, OrderType } from '../domain/data-categories.js';
import type { AuthorityCapacity, AuthorityDesignation, AuthorityType, EstablishmentRole, ProviderService, Role } from '../domain/identity.js';
import type { HopKind } from '../domain/order-lifecycle.js';

/** Stable instrument identifiers (docs/api.md, "Routing"). */
export const INSTRUMENT_CODES = [
  'EU_PRODUCTION_ORDER',
  'EU_PRESERVATION_ORDER',
  'EIO',
  'UK_US_DAA',
  'US_UK_DAA',
  'AU_US_DAA',
  'US_AU_DAA',
  'BUDAPEST_ART29_PRESERVATION',
  'SAP_ART6_DOMAIN',
  'SAP_ART7_SUBSCRIBER',
  'SAP_ART8',
  'SAP_ART9_EMERGENCY',
  'US_VOLUNTARY_DISCLOSURE',
  'MLA',
  'TCO_REMOVAL_ORDER',
] as const;
export type InstrumentCode = (typeof INSTRUMENT_CODES)[number];

/** How the order travels: straight to the provider, or through an authority or network. */
export const CHANNELS = ['DIRECT_TO_PROVIDER', 'DESIGNATED_AUTHORITY', 'CENTRAL_AUTHORITY', 'EXECUTING_AUTHORITY', 'NETWORK_24_7'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The document each route produces. EPOC and EPOC_PR are Annexes I and II of Reg. 2023/1543. */
export const FORMS = [
  'EPOC',
  'EPOC_PR',
  'EIO_ANNEX_A',
  'OPO_COVER',
  'US_LEGAL_PROCESS',
  'IPO_COVER',
  'PRESERVATION_REQUEST',
  'VOLUNTARY_DISCLOSURE_REQUEST',
  'SAP_ART6_REQUEST',
  'SAP_ART7_ORDER',
  'SAP_ART8_REQUEST',
  'SAP_ART9_REQUEST',
  'MLA_REQUEST',
  'TCO_REMOVAL_ORDER',
] as const;
export type Form = (typeof FORMS)[number];

export type Confidence = 'CONFIRMED' | 'UNCONFIRMED';

// ---------------------------------------------------------------------------------------------
// The catalogue

/** A named list of States that instruments refer to ("EU-27 without Denmark", "Budapest Parties"). */
export interface StateSet {
  name: string;
  basis: string;
  /** ISO 3166-1 alpha-2 codes; absent when `anyState` is true. */
  members?: string[];
  /** Every State (e.g. who may ask a US provider for voluntary disclosure). */
  anyState?: boolean;
  /** Why a State one might expect is not a member, quoted when routing fails on it (DK, IE, GB). */
  absent?: Record<string, string>;
  confidence: Confidence;
  unconfirmed?: string[];
}

/** Who may ask whom: an issuing State in `issuing`, the addressee's State in `addressee`. */
export interface PartyPair {
  issuing: string;
  addressee: string;
  /** The relation holds both ways (most treaties). */
  reciprocal?: boolean;
  /** The basis does not apply when both States are in this set (e.g. the EIO replaces MLA). */
  exceptBetween?: string;
  exceptBetweenReason?: string;
  basis: string;
}

export interface AddresseeRule {
  /** Establishment roles that may receive the order, most preferred first. */
  roles: EstablishmentRole[];
  /** Count the provider's headquarters as a main establishment when none is listed there. */
  includeHeadquarters: boolean;
  /** Only a provider of this kind can be addressed (the directory does not record it yet). */
  providerKind?: 'DOMAIN_REGISTRAR';
  /** Only a provider the directory records as offering this service can be addressed (a removal order: hosting). */
  service?: ProviderService;
  serviceBasis?: string;
  /** The provider may be reached in the issuing State too (a removal order to a provider established at home). */
  issuingStateAllowed?: boolean;
  basis: string;
}

export interface Coverage {
  dataCategories: DataCategory[];
  form: Form;
  basis: string;
}

export interface OffenceThreshold {
  /** Tiers the threshold applies to; other tiers accept any criminal offence. */
  tiers: DataTier[];
  minMaxSentenceMonths: number;
  /** A listed offence (Reg. Art 5(4)(b),(c)) opens the instrument below the threshold. */
  listedCategoriesSuffice: boolean;
  basis: string;
  /** Basis for "any offence" when the order's tier is not in `tiers`. */
  anyOffenceBasis?: string;
}

export type TargetRestriction =
  | { kind: 'NOT_A_US_PERSON'; basis: string }
  | { kind: 'NOT_LOCATED_IN'; states: string; basis: string };

export interface IssuerRule {
  /** May issue alone. */
  issuers: AuthorityType[];
  /** May validate an order drafted by another competent authority (e.g. police). */
  validators: AuthorityType[];
  /** In an emergency another competent authority may issue without prior validation. */
  emergencyWithoutPriorValidation: boolean;
  exPostValidationHours: number | null;
  basis: string;
  /** Only an authority acting as one of these may issue (a removal order: a competent authority, Reg. 2021/784 Art 12(1)(a)). */
  issuerActsAs?: AuthorityCapacity[];
  issuerBasis?: string;
}

/**
 * Reg. 2021/784 Art 4: an order to a provider whose main establishment or legal representative is in
 * another Member State goes in copy to that State's competent authority, which may scrutinise it.
 */
export interface ScrutinyRule {
  actingAs: AuthorityCapacity[];
  roles: Role[];
  basis: string;
}

export interface EnforcingReviewRule {
  tiers: DataTier[];
  /** Art 8(2): no notification when the offence is in the issuing State and the person resides there. */
  exceptionWhenOffenceAndResidenceInIssuingState: boolean;
  /** Art 8(4): the review suspends production, except in emergencies. */
  suspensiveExceptInEmergency: boolean;
  basis: string;
  exceptionBasis: string;
}

export interface ClockCondition {
  emergency?: boolean;
  enforcingReview?: boolean;
  tier?: DataTier;
  orderType?: OrderType;
}

export interface DeadlineRule {
  clock: string;
  /** ISO 8601 duration. */
  duration: string;
  from: 'RECEIPT' | 'ISSUE' | 'RECOGNITION' | 'REQUEST';
  when?: ClockCondition;
  basis: string;
  note?: string;
  confidence?: Confidence;
}

/** How the authority of a hop stands to the order when the route's form is addressed to it. */
export const HOP_ADDRESSEE_ROLES = ['CENTRAL_AUTHORITY', 'EXECUTING_AUTHORITY', 'CONTACT_POINT_24_7'] as const;
export type HopAddresseeRole = (typeof HOP_ADDRESSEE_ROLES)[number];

/**
 * An authority the order passes through between the issuing side and the provider, in the order
 * the instrument's `hops` list them. Each hop is a signed step (CERTIFY or FORWARD) of an
 * authority of the issuing State (`side: ISSUING`) or of the State addressed (`ADDRESSEE`).
 */
export interface HopRule {
  kind: HopKind;
  side: 'ISSUING' | 'ADDRESSEE';
  /** The authority acts as one of these: its type, or a designation (central authority ...). */
  actingAs: AuthorityCapacity[];
  /** The roles of its people who may take the hop's step. */
  roles: Role[];
  /** The route's form is addressed to this authority (the routing answer's `addressee`), not to the provider. */
  addresseeRole?: HopAddresseeRole;
  /** Clocks of the instrument's `deadlines` that run against this hop, from the moment it receives the order. */
  deadlines?: string[];
  basis: string;
  /** Why this authority reads the order's grounds (case summary, necessity): what it decides on. */
  groundsBasis: string;
  confidence?: Confidence;
  unconfirmed?: string[];
}

export interface Instrument {
  code: InstrumentCode;
  name: string;
  legalBasis: string;
  /** First day the instrument can be used; null while it is not in force. */
  effectiveFrom: string | null;
  /** First day it can no longer be used; null when open-ended. */
  effectiveUntil: string | null;
  effectiveNote?: string;
  parties: PartyPair[];
  /** States that reserved the right not to apply the instrument. */
  reservations?: { states: string; basis: string };
  addressee: AddresseeRule;
  covers: Partial<Record<OrderType, Coverage>>;
  emergencyOnly: boolean;
  offenceThreshold: OffenceThreshold | null;
  targetRestrictions: TargetRestriction[];
  approvals: Record<DataTier, IssuerRule>;
  enforcingReview: EnforcingReviewRule | null;
  deadlines: DeadlineRule[];
  deadlinesNote?: string;
  channel: Channel;
  transmission: { via: string; certifiedBy: string | null; basis: string };
  /** The authorities between the issuing side and the provider, in order; none for a route straight to the provider. */
  hops: HopRule[];
  /** A copy to the authority of the addressee's State, which may scrutinise the order (removal orders). */
  scrutiny?: ScrutinyRule;
  /** Lower is preferred when several instruments are eligible. */
  preferenceRank: number;
  confidence: Confidence;
  unconfirmed?: string[];
}

export interface Catalogue {
  $schema?: string;
  version: string;
  description: string;
  stateSets: Record<string, StateSet>;
  instruments: Instrument[];
}

// ---------------------------------------------------------------------------------------------
// Engine input

export interface ProviderEstablishment {
  country: string;
  role: EstablishmentRole;
  languages: string[];
}

/** A provider as the directory lists it (`GET /providers`). */
export interface RoutingProvider {
  id: string;
  name: string;
  /** Headquarters. */
  country: string;
  cgnatOperator: boolean;
  establishments: ProviderEstablishment[];
  /** Domain name registrar or registry (CETS 224 Art 6). */
  domainRegistrar?: boolean;
  /** What the provider offers (hosting, electronic communications, domain names ...); absent when the caller does not know. */
  services?: ProviderService[];
}

/** An authority of the exchange's directory (`GET /authorities`), as the engine looks for a hop's authority. */
export interface RoutingAuthority {
  id: string;
  name: string;
  country: string;
  authorityType: AuthorityType | null;
  designations: AuthorityDesignation[];
  languages: string[];
}

/** The facts an instrument's conditions may need that a request can leave out. */
export const ROUTING_FACTS = ['targetIsUsPerson', 'targetLocation'] as const;
export type RoutingFact = (typeof ROUTING_FACTS)[number];

export interface RoutingInput {
  issuingCountry: string;
  orderType: OrderType;
  dataCategories: DataCategory[];
  offence: { maxSentenceMonths: number; listedCategory?: ListedOffenceCategory };
  emergency: boolean;
  targetIsUsPerson?: boolean;
  /** Where the person whose data are sought is located (ISO 3166-1 alpha-2). */
  targetLocation?: string;
  offenceInIssuingState?: boolean;
  targetResidesInIssuingState?: boolean;
  /** ISO date (YYYY-MM-DD) the order would be issued on. */
  date: string;
  /** The issuing authority, when known: some instruments are open only to authorities designated for them. */
  issuer?: { authorityType: AuthorityType | null; designations: AuthorityDesignation[] };
}

// ---------------------------------------------------------------------------------------------
// Engine output

/** Stable reason codes; `outcome` says whether the condition held. */
export const REASON_CODES = [
  'IN_FORCE',
  'NOT_YET_APPLICABLE',
  'NO_LONGER_IN_FORCE',
  'NOT_IN_FORCE',
  'DATA_CATEGORIES_COVERED',
  'ORDER_TYPE_NOT_COVERED',
  'DATA_CATEGORY_NOT_COVERED',
  'EMERGENCY_CASE',
  'EMERGENCY_ONLY',
  'ISSUING_STATE_PARTY',
  'ISSUING_STATE_NOT_PARTY',
  'STATE_RESERVATION',
  'ADDRESSEE_FOUND',
  'NO_ADDRESSEE_OF_REQUIRED_ROLE',
  'ADDRESSEE_ONLY_IN_ISSUING_STATE',
  'ADDRESSEE_STATE_NOT_PARTY',
  'PROVIDER_NOT_DOMAIN_REGISTRAR',
  'PROVIDER_OFFERS_SERVICE',
  'PROVIDER_LACKS_SERVICE',
  'ISSUER_COMPETENT',
  'ISSUER_NOT_COMPETENT',
  'ISSUER_NOT_STATED',
  'ANY_OFFENCE',
  'OFFENCE_THRESHOLD_MET',
  'LISTED_OFFENCE',
  'OFFENCE_BELOW_THRESHOLD',
  'TARGET_NOT_US_PERSON',
  'TARGET_IS_US_PERSON',
  'US_PERSON_STATUS_NOT_STATED',
  'TARGET_LOCATION_PERMITTED',
  'TARGET_LOCATED_IN_EXCLUDED_STATE',
  'TARGET_LOCATION_NOT_STATED',
  'HOP_AUTHORITY_FOUND',
  'HOP_AUTHORITY_NOT_ON_EXCHANGE',
  'UNCONFIRMED_POINT',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** MET and NOTE explain an eligible instrument; NOT_MET names each failed condition. */
export type ReasonOutcome = 'MET' | 'NOT_MET' | 'NOTE';

export interface Reason {
  code: ReasonCode;
  message: string;
  basis: string;
  outcome: ReasonOutcome;
}

export interface Candidate {
  instrument: InstrumentCode;
  name: string;
  eligible: boolean;
  preferenceRank: number;
  reasons: Reason[];
  /** Facts the request left out that this instrument's conditions need (empty when none). */
  missingFacts: RoutingFact[];
}

/** Where the provider is reached: the establishment that answers the order. */
export interface ProviderPlace {
  organisationId: string;
  country: string;
  role: EstablishmentRole;
  languages: string[];
  /** True when the headquarters stands in for an establishment the directory does not list. */
  headquarters?: boolean;
}

/**
 * Whom the route's form is addressed to: the provider's establishment, or on a route through the
 * authorities of the State addressed (mutual legal assistance, EIO, Art 29) that authority. Its
 * `organisationId` is null only when the engine ran without the exchange's directory.
 */
export interface Addressee {
  organisationId: string | null;
  country: string;
  role: EstablishmentRole | HopAddresseeRole;
  languages: string[];
  /** The authority's name (a provider's is in the directory). */
  name?: string;
  headquarters?: boolean;
}

/** A hop of the selected route, with the authorities of the exchange that may take it. */
export interface SelectedHop {
  kind: HopKind;
  side: 'ISSUING' | 'ADDRESSEE';
  country: string;
  actingAs: AuthorityCapacity[];
  roles: Role[];
  addresseeRole: HopAddresseeRole | null;
  deadlines: string[];
  basis: string;
  groundsBasis: string;
  /** Authorities of the directory that may take it, by name; null when the engine ran without the directory. */
  authorities: { organisationId: string; name: string }[] | null;
  confidence: Confidence;
}

export interface Approvals {
  issuers: AuthorityType[];
  validators: AuthorityType[];
  /** This emergency order may be issued by police without prior validation. */
  emergencyWithoutPriorValidation: boolean;
  exPostValidationHours: number | null;
  certifiedBy: string | null;
  basis: string;
}

export interface Deadline {
  clock: string;
  duration: string;
  from: DeadlineRule['from'];
  basis: string;
  note?: string;
  confidence: Confidence;
}

export interface SelectedRoute {
  instrument: InstrumentCode;
  name: string;
  legalBasis: string;
  /** The treaty or relation between the two States that the route rests on. */
  partyBasis: string;
  addressee: Addressee;
  /** The provider's establishment that answers the order (the addressee too, on a route straight to it). */
  provider: ProviderPlace;
  form: Form;
  channel: Channel;
  transmission: string;
  approvals: Approvals;
  enforcingReview: boolean;
  enforcingReviewReason: string;
  /** The enforcing State (the addressee's) when the enforcing authority reviews the order. */
  enforcingState: string | null;
  deadlines: Deadline[];
  deadlinesNote: string | null;
  /** The authorities between the issuing side and the provider, in order. */
  hops: SelectedHop[];
  /** The competent authority of another State that receives a copy and may scrutinise the order (Reg. 2021/784 Art 4); null when none. */
  scrutiny?: { state: string; actingAs: AuthorityCapacity[]; roles: Role[]; basis: string } | null;
  confidence: Confidence;
}

export interface RoutingResult {
  catalogueVersion: string;
  date: string;
  tier: DataTier;
  selected: SelectedRoute | null;
  candidates: Candidate[];
}
