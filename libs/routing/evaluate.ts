/**
 * The routing engine (docs/domain.md, "Routing to a legal instrument"): for one order and one provider,
 * every instrument of the catalogue with whether it applies and why, and the preferred one with
 * what it fixes. Pure and deterministic: the same catalogue, input and provider give the same
 * answer, whatever the clock says (the date is part of the input).
 */
import { tierOfAll, type DataTier } from '../domain/data-categories.js';
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
  note,
  offenceReason,
  targetReason,
  type AddresseeMatch,
  type Place,
} from './rules.js';
import type { Candidate, Catalogue, Coverage, Instrument, InstrumentCode, PartyPair, Reason, RoutingInput, RoutingProvider, RoutingResult, SelectedRoute } from './types.js';

interface Assessment {
  instrument: Instrument;
  candidate: Candidate;
  /** Set only for an eligible instrument: where and how the order would go. */
  route?: { place: Place; pair: PartyPair; coverage: Coverage };
}

/**
 * `prefer`: an instrument the requester chose among the eligible ones (an order may go by MLA
 * although an EU order would do); when it is not eligible, the preferred one is selected and the
 * caller sees that its choice was not honoured.
 */
export function evaluateRouting(catalogue: Catalogue, input: RoutingInput, provider: RoutingProvider, prefer?: InstrumentCode): RoutingResult {
  const tier = tierOfAll(input.dataCategories);
  const assessments = [...catalogue.instruments].sort(byPreference).map((instrument) => assess(catalogue, instrument, input, provider, tier));
  // Sorted by preference, so the first eligible instrument is the preferred one.
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

function byPreference(a: Instrument, b: Instrument): number {
  return a.preferenceRank - b.preferenceRank || compareCodes(a.code, b.code);
}

/**
 * Every condition is checked, so a refusal names all that fail, not only the first. The
 * addressee and the target are looked at only when the issuing State may use the instrument at
 * all: otherwise the answer would repeat the same failure or ask for facts that cannot matter.
 */
function assess(catalogue: Catalogue, instrument: Instrument, input: RoutingInput, provider: RoutingProvider, tier: DataTier): Assessment {
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
  // Asking who the target is makes sense only to a State that may use the agreement.
  if (issuing.outcome === 'MET') {
    for (const restriction of instrument.targetRestrictions) reasons.push(targetReason(catalogue, restriction, input));
  }

  const failed = reasons.filter((reason) => reason.outcome === 'NOT_MET');
  const coverage = instrument.covers[input.orderType];
  // No failed condition means the addressee and the coverage were found; the checks say so too.
  const route =
    failed.length === 0 && addressee?.place && addressee.pair && coverage ? { place: addressee.place, pair: addressee.pair, coverage } : undefined;
  const eligible = route !== undefined;
  const caveats = (instrument.unconfirmed ?? []).map((point) => note('UNCONFIRMED_POINT', point, instrument.legalBasis));
  return {
    instrument,
    route,
    candidate: {
      instrument: instrument.code,
      name: instrument.name,
      eligible,
      preferenceRank: instrument.preferenceRank,
      reasons: eligible ? [...reasons, ...caveats] : failed,
    },
  };
}

function selectedRoute(
  instrument: Instrument,
  { place, pair, coverage }: NonNullable<Assessment['route']>,
  input: RoutingInput,
  provider: RoutingProvider,
  tier: DataTier,
): SelectedRoute {
  const review = enforcingReviewFor(instrument.enforcingReview, tier, input, place.establishment.country);
  return {
    instrument: instrument.code,
    name: instrument.name,
    legalBasis: instrument.legalBasis,
    partyBasis: pair.basis,
    addressee: {
      organisationId: provider.id,
      country: place.establishment.country,
      role: place.establishment.role,
      languages: [...place.establishment.languages],
      ...(place.headquarters ? { headquarters: true } : {}),
    },
    form: coverage.form,
    channel: instrument.channel,
    transmission: instrument.transmission.via,
    approvals: approvalsFor(instrument, tier, input.emergency),
    enforcingReview: review.required,
    enforcingReviewReason: review.reason,
    enforcingState: review.state,
    deadlines: deadlinesFor(instrument, { emergency: input.emergency, enforcingReview: review.required, tier, orderType: input.orderType }),
    deadlinesNote: instrument.deadlinesNote ?? null,
    confidence: instrument.confidence,
  };
}
