/**
 * The routing engine (docs/domain.md, "Routing to a legal instrument"): for one order and one provider,
 * every instrument of the catalogue with whether it applies and why, and the preferred one with
 * what it fixes. Pure and deterministic: the same catalogue, input and provider give the same
 * answer, whatever the clock says (the date is part of the input).
 */
import { tierOfAll, type DataTier } from '../domain/data-categories.js';
import { actsAs, capacityWords } from '../domain/identity.js';
import {
  addresseeFor,
  approvalsFor,
  compareCodes,
  coverageReason,
  deadlinesFor,
  emergencyReason,
  enforcingReviewFor,
  inForceReason,
  issuingStateReason,
  issuerReason,
  met,
  note,
  notMet,
  offenceReason,
  targetReason,
  type AddresseeMatch,
  type Place,
} from './rules.js';
import type {
  Candidate,
  Catalogue,
  Coverage,
  HopRule,
  Instrument,
  InstrumentCode,
  PartyPair,
  Reason,
  ReasonCode,
  RoutingAuthority,
  RoutingFact,
  RoutingInput,
  RoutingProvider,
  RoutingResult,
  SelectedHop,
  SelectedRoute,
} from './types.js';

interface Assessment {
  instrument: Instrument;
  candidate: Candidate;
  /** Set only for an eligible instrument: where and how the order would go. */
  route?: { place: Place; pair: PartyPair; coverage: Coverage; hops: ResolvedHop[] };
}

interface ResolvedHop {
  rule: HopRule;
  country: string;
  /** The directory's authorities that may take the hop, by name; null without a directory. */
  authorities: RoutingAuthority[] | null;
}

export interface RoutingOptions {
  /**
   * An instrument the requester chose among the eligible ones (an order may go by MLA although an
   * EU order would do); when it is not eligible, the preferred one is selected and the caller
   * sees that its choice was not honoured.
   */
  prefer?: InstrumentCode;
  /**
   * The exchange's authorities. With them, a route whose hop has no authority on the exchange is
   * not eligible (the order could not travel), and the hops name who takes them. Without them the
   * engine answers on the law alone.
   */
  authorities?: readonly RoutingAuthority[];
}

export function evaluateRouting(catalogue: Catalogue, input: RoutingInput, provider: RoutingProvider, options: RoutingOptions = {}): RoutingResult {
  const tier = tierOfAll(input.dataCategories);
  const assessments = [...catalogue.instruments].sort(byPreference).map((instrument) => assess(catalogue, instrument, input, provider, tier, options.authorities));
  // Sorted by preference, so the first eligible instrument is the preferred one.
  const prefer = options.prefer;
  const chosen = prefer ? assessments.find((assessment) => assessment.instrument.code === prefer && assessment.route !== undefined) : undefined;
  const best = chosen ?? assessments.find((assessment) => assessment.route !== undefined);
  return {
    catalogueVersion: catalogue.version,
    date: input.date,
    tier,
    selected: best?.route ? selectedRoute(best.instrument, best.route, input, provider, tier) : null,
    candidates: assessments.map((assessment) => assessment.candidate),
  };
}

/** The reasons that fail only because the request left a fact out, and that fact. */
const MISSING_FACT: Partial<Record<ReasonCode, RoutingFact>> = {
  US_PERSON_STATUS_NOT_STATED: 'targetIsUsPerson',
  TARGET_LOCATION_NOT_STATED: 'targetLocation',
};

/**
 * Facts before fallbacks: the instruments preferred to the one selected (or any, when none is)
 * that fail only for facts the request left out, with those facts. Had the request stated them,
 * one of these might apply instead: routing around them in silence would choose a fallback (MLA
 * for a UK order whose target's US-person status was not stated) that the law did not ask for.
 */
export function factsMissingAbove(result: RoutingResult): { instrument: InstrumentCode; facts: RoutingFact[] }[] {
  // Candidates come sorted by preference: those before the selected one are preferred to it.
  const selectedAt = result.selected ? result.candidates.findIndex((candidate) => candidate.instrument === result.selected!.instrument) : result.candidates.length;
  return result.candidates
    .slice(0, selectedAt)
    .filter((candidate) => candidate.missingFacts.length > 0 && candidate.reasons.every((reason) => reason.outcome !== 'NOT_MET' || MISSING_FACT[reason.code] !== undefined))
    .map((candidate) => ({ instrument: candidate.instrument, facts: [...candidate.missingFacts] }));
}

function byPreference(a: Instrument, b: Instrument): number {
  return a.preferenceRank - b.preferenceRank || compareCodes(a.code, b.code);
}

/**
 * Every condition is checked, so a refusal names all that fail, not only the first. The
 * addressee and the target are looked at only when the issuing State may use the instrument at
 * all: otherwise the answer would repeat the same failure or ask for facts that cannot matter.
 */
function assess(catalogue: Catalogue, instrument: Instrument, input: RoutingInput, provider: RoutingProvider, tier: DataTier, directory: readonly RoutingAuthority[] | undefined): Assessment {
  const reasons: Reason[] = [inForceReason(instrument, input.date), coverageReason(instrument, input.orderType, input.dataCategories)];
  const emergency = emergencyReason(instrument, input.emergency);
  if (emergency) reasons.push(emergency);
  const issuing = issuingStateReason(catalogue, instrument, input.issuingCountry);
  reasons.push(issuing);
  let addressee: AddresseeMatch | undefined;
  if (issuing.outcome === 'MET') {
    addressee = addresseeFor(catalogue, instrument, input.issuingCountry, provider);
    reasons.push(addressee.reason);
  }
  const offence = offenceReason(instrument, tier, input.offence);
  if (offence) reasons.push(offence);
  const issuer = issuerReason(instrument, tier, input.issuer);
  if (issuer) reasons.push(issuer);
  // Asking who the target is makes sense only to a State that may use the agreement.
  if (issuing.outcome === 'MET') {
    for (const restriction of instrument.targetRestrictions) reasons.push(targetReason(catalogue, restriction, input));
  }
  // The authorities between the parties, once the State addressed is known.
  const hops: ResolvedHop[] = [];
  if (addressee?.place) {
    for (const rule of instrument.hops) {
      const hop = resolveHop(rule, input.issuingCountry, addressee.place.establishment.country, directory);
      hops.push(hop);
      if (hop.authorities) reasons.push(hopReason(hop));
    }
  }

  const failed = reasons.filter((reason) => reason.outcome === 'NOT_MET');
  const coverage = instrument.covers[input.orderType];
  // No failed condition means the addressee and the coverage were found; the checks say so too.
  const route =
    failed.length === 0 && addressee?.place && addressee.pair && coverage ? { place: addressee.place, pair: addressee.pair, coverage, hops } : undefined;
  const eligible = route !== undefined;
  const caveats = [...(instrument.unconfirmed ?? []), ...instrument.hops.flatMap((hop) => hop.unconfirmed ?? [])].map((point) => note('UNCONFIRMED_POINT', point, instrument.legalBasis));
  const missingFacts = [...new Set(failed.flatMap((reason) => (MISSING_FACT[reason.code] ? [MISSING_FACT[reason.code]!] : [])))];
  return {
    instrument,
    route,
    candidate: {
      instrument: instrument.code,
      name: instrument.name,
      eligible,
      preferenceRank: instrument.preferenceRank,
      reasons: eligible ? [...reasons, ...caveats] : failed,
      missingFacts,
    },
  };
}

const HOP_WORDS: Record<HopRule['kind'], string> = {
  CERTIFICATION: 'certify the order',
  TRANSMISSION: 'transmit the request',
  RECOGNITION: 'receive and recognise the request',
};

function resolveHop(rule: HopRule, issuingCountry: string, addresseeCountry: string, directory: readonly RoutingAuthority[] | undefined): ResolvedHop {
  const country = rule.side === 'ISSUING' ? issuingCountry : addresseeCountry;
  const authorities = directory
    ? directory.filter((authority) => authority.country === country && actsAs(authority, rule.actingAs)).sort((a, b) => compareCodes(a.name, b.name) || compareCodes(a.id, b.id))
    : null;
  return { rule, country, authorities };
}

function hopReason(hop: ResolvedHop): Reason {
  const who = capacityWords(hop.rule.actingAs);
  if (!hop.authorities?.length) {
    return notMet('HOP_AUTHORITY_NOT_ON_EXCHANGE', `No ${who} of ${hop.country} is on the exchange to ${HOP_WORDS[hop.rule.kind]}.`, hop.rule.basis);
  }
  return met('HOP_AUTHORITY_FOUND', `${hop.authorities.map((authority) => authority.name).join(', ')} (${hop.country}) will ${HOP_WORDS[hop.rule.kind]}.`, hop.rule.basis);
}

function selectedRoute(
  instrument: Instrument,
  { place, pair, coverage, hops }: NonNullable<Assessment['route']>,
  input: RoutingInput,
  provider: RoutingProvider,
  tier: DataTier,
): SelectedRoute {
  const review = enforcingReviewFor(instrument.enforcingReview, tier, input, place.establishment.country);
  const providerPlace = {
    organisationId: provider.id,
    country: place.establishment.country,
    role: place.establishment.role,
    languages: [...place.establishment.languages],
    ...(place.headquarters ? { headquarters: true } : {}),
  };
  // The form is addressed to the hop's authority when the route says so (a letter of request to the requested central authority).
  const addressedHop = hops.find((hop) => hop.rule.addresseeRole !== undefined);
  const authority = addressedHop?.authorities?.[0];
  const addressee = addressedHop
    ? {
        organisationId: authority?.id ?? null,
        country: addressedHop.country,
        role: addressedHop.rule.addresseeRole!,
        languages: authority ? [...authority.languages] : [],
        ...(authority ? { name: authority.name } : {}),
      }
    : providerPlace;
  return {
    instrument: instrument.code,
    name: instrument.name,
    legalBasis: instrument.legalBasis,
    partyBasis: pair.basis,
    addressee,
    provider: providerPlace,
    form: coverage.form,
    channel: instrument.channel,
    transmission: instrument.transmission.via,
    approvals: approvalsFor(instrument, tier, input.emergency),
    enforcingReview: review.required,
    enforcingReviewReason: review.reason,
    enforcingState: review.state,
    deadlines: deadlinesFor(instrument, { emergency: input.emergency, enforcingReview: review.required, tier, orderType: input.orderType }),
    deadlinesNote: instrument.deadlinesNote ?? null,
    hops: hops.map((hop) => selectedHop(hop)),
    scrutiny:
      instrument.scrutiny && place.establishment.country !== input.issuingCountry
        ? { state: place.establishment.country, actingAs: [...instrument.scrutiny.actingAs], roles: [...instrument.scrutiny.roles], basis: instrument.scrutiny.basis }
        : null,
    confidence: instrument.confidence,
  };
}

function selectedHop({ rule, country, authorities }: ResolvedHop): SelectedHop {
  return {
    kind: rule.kind,
    side: rule.side,
    country,
    actingAs: [...rule.actingAs],
    roles: [...rule.roles],
    addresseeRole: rule.addresseeRole ?? null,
    deadlines: [...(rule.deadlines ?? [])],
    basis: rule.basis,
    groundsBasis: rule.groundsBasis,
    authorities: authorities ? authorities.map((authority) => ({ organisationId: authority.id, name: authority.name })) : null,
    confidence: rule.confidence ?? 'CONFIRMED',
  };
}
