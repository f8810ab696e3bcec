/**
 * The conditions an instrument puts on an order, one small function each. Every function reads
 * its facts and its legal basis from the catalogue and answers with a reason that cites it.
 */
import type { DataCategory, DataTier, OrderType } from '../domain/data-categories.js';
import { actsAs, capacityWords, offersService, type EstablishmentRole } from '../domain/identity.js';
import type {
  Approvals,
  Catalogue,
  Deadline,
  EnforcingReviewRule,
  Instrument,
  PartyPair,
  ProviderEstablishment,
  Reason,
  ReasonCode,
  RoutingInput,
  RoutingProvider,
  TargetRestriction,
} from './types.js';

export const met = (code: ReasonCode, message: string, basis: string): Reason => ({ code, message, basis, outcome: 'MET' });
export const notMet = (code: ReasonCode, message: string, basis: string): Reason => ({ code, message, basis, outcome: 'NOT_MET' });
export const note = (code: ReasonCode, message: string, basis: string): Reason => ({ code, message, basis, outcome: 'NOTE' });

const ROLE_LABELS: Record<EstablishmentRole, string> = {
  DESIGNATED_ESTABLISHMENT: 'designated establishment',
  LEGAL_REPRESENTATIVE: 'legal representative',
  MAIN_ESTABLISHMENT: 'main establishment',
};

const CATEGORY_LABELS: Record<DataCategory, string> = {
  SUBSCRIBER: 'subscriber',
  IDENTIFICATION: 'identification (IP address)',
  TRAFFIC: 'traffic',
  CONTENT: 'content',
};

function listOf(words: readonly string[], conjunction = 'and'): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

// ---------------------------------------------------------------------------------------------
// State sets

export function isMember(catalogue: Catalogue, setName: string, country: string): boolean {
  const set = catalogue.stateSets[setName];
  return set !== undefined && (set.anyState === true || (set.members ?? []).includes(country));
}

/** The catalogue's own explanation of why `country` is not in the set (DK, IE, GB), if it has one. */
function absenceNote(catalogue: Catalogue, setName: string, country: string): string | undefined {
  return catalogue.stateSets[setName]?.absent?.[country];
}

// ---------------------------------------------------------------------------------------------
// Dates

/** An instrument is usable from `effectiveFrom` (inclusive) until `effectiveUntil` (exclusive). */
export function inForceReason(instrument: Instrument, date: string): Reason {
  const { effectiveFrom: from, effectiveUntil: until, legalBasis } = instrument;
  if (from === null) return notMet('NOT_IN_FORCE', instrument.effectiveNote ?? `${instrument.name} is not in force.`, legalBasis);
  // ISO dates compare correctly as strings.
  if (date < from) return notMet('NOT_YET_APPLICABLE', `${instrument.name} applies from ${from}; the order would be issued on ${date}.`, legalBasis);
  if (until !== null && date >= until) {
    return notMet('NO_LONGER_IN_FORCE', `${instrument.name} no longer applies from ${until}; the order would be issued on ${date}.`, legalBasis);
  }
  return met('IN_FORCE', `In force on ${date} (applies from ${from}${until ? `, until ${until}` : ''}).`, legalBasis);
}

export function isInForce(instrument: Instrument, date: string): boolean {
  return inForceReason(instrument, date).outcome === 'MET';
}

// ---------------------------------------------------------------------------------------------
// What is asked for

export function coverageReason(instrument: Instrument, orderType: OrderType, categories: readonly DataCategory[]): Reason {
  const coverage = instrument.covers[orderType];
  const verb = orderType === 'PRODUCTION' ? 'produced' : orderType === 'REMOVAL' ? 'removed' : 'preserved';
  if (!coverage) {
    const covered = Object.keys(instrument.covers).map((type) => type.toLowerCase());
    return notMet('ORDER_TYPE_NOT_COVERED', `This instrument covers ${listOf(covered)} only, not ${orderType.toLowerCase()}.`, instrument.legalBasis);
  }
  const missing = categories.filter((category) => !coverage.dataCategories.includes(category));
  if (missing.length > 0) {
    const labels = missing.map((category) => CATEGORY_LABELS[category] ?? category);
    return notMet('DATA_CATEGORY_NOT_COVERED', `${capitalise(listOf(labels))} data cannot be ${verb} under this instrument.`, coverage.basis);
  }
  const labels = categories.map((category) => CATEGORY_LABELS[category] ?? category);
  return met('DATA_CATEGORIES_COVERED', `${capitalise(listOf(labels))} data can be ${verb} under this instrument.`, coverage.basis);
}

/** CETS 224 Art 9 exists only for an imminent risk to the life or safety of a person. */
export function emergencyReason(instrument: Instrument, emergency: boolean): Reason | null {
  if (!instrument.emergencyOnly) return null;
  return emergency
    ? met('EMERGENCY_CASE', 'The order is an emergency.', instrument.legalBasis)
    : notMet('EMERGENCY_ONLY', 'Only for an emergency: a significant and imminent risk to the life or safety of a person.', instrument.legalBasis);
}

const TIER_LABELS: Record<DataTier, string> = { LOW: 'Subscriber and identification', HIGH: 'Traffic and content' };

/** Reg. 2023/1543 Art 5(3)-(4) and the "serious crime" of the CLOUD Act agreements. */
export function offenceReason(instrument: Instrument, tier: DataTier, offence: RoutingInput['offence']): Reason | null {
  const threshold = instrument.offenceThreshold;
  if (!threshold) return null;
  if (!threshold.tiers.includes(tier)) {
    return met('ANY_OFFENCE', `${TIER_LABELS[tier]} data may be sought for any criminal offence.`, threshold.anyOffenceBasis ?? threshold.basis);
  }
  const months = offence.maxSentenceMonths;
  const required = threshold.minMaxSentenceMonths;
  if (months >= required) {
    return met('OFFENCE_THRESHOLD_MET', `The offence carries a maximum of ${months} months, at least the ${required} months required.`, threshold.basis);
  }
  if (threshold.listedCategoriesSuffice && offence.listedCategory) {
    return met('LISTED_OFFENCE', `${offence.listedCategory} is a listed offence, which opens this instrument below ${required} months.`, threshold.basis);
  }
  const listed = threshold.listedCategoriesSuffice ? ' and it is not a listed offence' : '; a listed offence category does not lower this threshold';
  return notMet('OFFENCE_BELOW_THRESHOLD', `The offence carries a maximum of ${months} months, below the ${required} months required${listed}.`, threshold.basis);
}

/** CLOUD Act agreements may never target protected persons (18 USC 2523(b)(4)(A)); silence is not enough. */
export function targetReason(catalogue: Catalogue, restriction: TargetRestriction, input: RoutingInput): Reason {
  if (restriction.kind === 'NOT_A_US_PERSON') {
    if (input.targetIsUsPerson === true) return notMet('TARGET_IS_US_PERSON', 'This agreement may not be used to target a US person.', restriction.basis);
    if (input.targetIsUsPerson === undefined) {
      const ask = 'State whether the target is a US person (targetIsUsPerson): this agreement may never target one.';
      return notMet('US_PERSON_STATUS_NOT_STATED', ask, restriction.basis);
    }
    return met('TARGET_NOT_US_PERSON', 'The target is stated not to be a US person.', restriction.basis);
  }
  const where = catalogue.stateSets[restriction.states]?.name ?? restriction.states;
  if (input.targetLocation === undefined) {
    const ask = `State where the target is located (targetLocation): this agreement may not target a person located in ${where}.`;
    return notMet('TARGET_LOCATION_NOT_STATED', ask, restriction.basis);
  }
  if (isMember(catalogue, restriction.states, input.targetLocation)) {
    const refusal = `The target is located in ${input.targetLocation}; this agreement may not target a person located there.`;
    return notMet('TARGET_LOCATED_IN_EXCLUDED_STATE', refusal, restriction.basis);
  }
  return met('TARGET_LOCATION_PERMITTED', `The target is located in ${input.targetLocation}, outside ${where}.`, restriction.basis);
}

function serviceWords(service: string): string {
  return service.toLowerCase().replace(/_/g, ' ');
}

/**
 * An instrument open only to authorities designated for it (a removal order: the competent
 * authority a Member State designated, Reg. 2021/784 Art 12(1)(a)). Without the issuer the answer
 * says what it must be.
 */
export function issuerReason(instrument: Instrument, tier: DataTier, issuer: RoutingInput['issuer']): Reason | null {
  const rule = instrument.approvals[tier];
  if (!rule.issuerActsAs?.length) return null;
  const basis = rule.issuerBasis ?? rule.basis;
  const who = capacityWords(rule.issuerActsAs);
  if (!issuer) return note('ISSUER_NOT_STATED', `Only a ${who} may issue this order.`, basis);
  if (actsAs(issuer, rule.issuerActsAs)) return met('ISSUER_COMPETENT', `The issuing authority is a ${who}.`, basis);
  return notMet('ISSUER_NOT_COMPETENT', `The issuing authority is not a ${who}; only such an authority may issue this order.`, basis);
}

// ---------------------------------------------------------------------------------------------
// Which States

/** The sets an issuing State must be in, for each pair (both sides of a reciprocal pair). */
function issuingSides(pair: PartyPair): string[] {
  return pair.reciprocal ? [pair.issuing, pair.addressee] : [pair.issuing];
}

export function issuingStateReason(catalogue: Catalogue, instrument: Instrument, issuing: string): Reason {
  const reservation = instrument.reservations;
  if (reservation && isMember(catalogue, reservation.states, issuing)) {
    return notMet('STATE_RESERVATION', `${issuing} reserved the right not to apply this instrument.`, reservation.basis);
  }
  const pair = instrument.parties.find((candidate) => issuingSides(candidate).some((set) => isMember(catalogue, set, issuing)));
  if (pair) return met('ISSUING_STATE_PARTY', `${issuing} can issue under this instrument.`, pair.basis);
  const sets = instrument.parties.flatMap(issuingSides);
  const explained = sets.map((set) => absenceNote(catalogue, set, issuing)).find((text) => text !== undefined);
  const names = [...new Set(sets.map((set) => catalogue.stateSets[set]?.name ?? set))];
  const message = explained ?? `${issuing} cannot issue under this instrument, which is open to: ${listOf(names)}.`;
  return notMet('ISSUING_STATE_NOT_PARTY', message, instrument.parties[0].basis);
}

type PairMatch = { pair: PartyPair } | { excluded: string };

/** The first relation between the two States that the instrument rests on, or why none holds. */
function pairBetween(catalogue: Catalogue, instrument: Instrument, issuing: string, addressee: string): PairMatch | undefined {
  let excluded: string | undefined;
  for (const pair of instrument.parties) {
    const forward = isMember(catalogue, pair.issuing, issuing) && isMember(catalogue, pair.addressee, addressee);
    const backward = pair.reciprocal === true && isMember(catalogue, pair.addressee, issuing) && isMember(catalogue, pair.issuing, addressee);
    if (!forward && !backward) continue;
    if (pair.exceptBetween && isMember(catalogue, pair.exceptBetween, issuing) && isMember(catalogue, pair.exceptBetween, addressee)) {
      excluded ??= pair.exceptBetweenReason;
      continue;
    }
    return { pair };
  }
  return excluded === undefined ? undefined : { excluded };
}

export interface Place {
  establishment: ProviderEstablishment;
  headquarters: boolean;
}

/**
 * Where the provider can be reached, in the instrument's order of preference: by role, then by
 * country code so the choice never depends on the directory's order.
 */
function placesOf(instrument: Instrument, provider: RoutingProvider): Place[] {
  const places: Place[] = provider.establishments.map((establishment) => ({ establishment, headquarters: false }));
  const listedAtHome = provider.establishments.some((establishment) => establishment.country === provider.country);
  if (instrument.addressee.includeHeadquarters && provider.country && !listedAtHome) {
    places.push({ establishment: { country: provider.country, role: 'MAIN_ESTABLISHMENT', languages: [] }, headquarters: true });
  }
  const rank = (role: EstablishmentRole) => {
    const index = instrument.addressee.roles.indexOf(role);
    return index === -1 ? instrument.addressee.roles.length : index;
  };
  return places.sort(
    (a, b) => rank(a.establishment.role) - rank(b.establishment.role) || compareCodes(a.establishment.country, b.establishment.country),
  );
}

type Rejection = 'ROLE' | 'SAME_STATE' | 'RESERVATION' | 'NO_RELATION';

export interface AddresseeMatch {
  reason: Reason;
  place?: Place;
  pair?: PartyPair;
}

/**
 * The establishment that receives the order. EU orders go to a designated establishment or legal
 * representative in another bound Member State (Reg. Art 7(1)); other routes go to wherever
 * the provider is, headquarters first. An order inside one State is a domestic matter.
 */
export function addresseeFor(catalogue: Catalogue, instrument: Instrument, issuing: string, provider: RoutingProvider): AddresseeMatch {
  const rule = instrument.addressee;
  if (rule.providerKind === 'DOMAIN_REGISTRAR' && provider.domainRegistrar !== true) {
    return { reason: notMet('PROVIDER_NOT_DOMAIN_REGISTRAR', `${provider.name} is not recorded as a domain name registrar or registry.`, rule.basis) };
  }
  if (rule.service && !offersService(provider.services ?? [], rule.service)) {
    const offers = provider.services?.length ? `it is recorded as offering ${listOf(provider.services.map(serviceWords))} only` : 'the directory records no service it offers';
    const message = `${provider.name} is not recorded as offering ${serviceWords(rule.service)} services (${offers}); this instrument reaches only a provider of ${serviceWords(rule.service)} services.`;
    return { reason: notMet('PROVIDER_LACKS_SERVICE', message, rule.serviceBasis ?? rule.basis) };
  }
  const rejections: { place: Place; why: Rejection; text: string }[] = [];
  for (const place of placesOf(instrument, provider)) {
    const { country, role } = place.establishment;
    if (!rule.roles.includes(role)) {
      rejections.push({ place, why: 'ROLE', text: `a ${ROLE_LABELS[role]} cannot receive this order` });
      continue;
    }
    if (country === issuing && !rule.issuingStateAllowed) {
      rejections.push({ place, why: 'SAME_STATE', text: 'it is in the issuing State' });
      continue;
    }
    if (instrument.reservations && isMember(catalogue, instrument.reservations.states, country)) {
      rejections.push({ place, why: 'RESERVATION', text: `${country} reserved the right not to apply this instrument` });
      continue;
    }
    const match = pairBetween(catalogue, instrument, issuing, country);
    if (match && 'pair' in match) {
      const languages = place.establishment.languages.length > 0 ? ` (languages: ${place.establishment.languages.join(', ')})` : '';
      return { reason: met('ADDRESSEE_FOUND', `Addressed to ${provider.name}'s ${placeLabel(place)} in ${country}${languages}.`, rule.basis), place, pair: match.pair };
    }
    rejections.push({ place, why: 'NO_RELATION', text: match?.excluded ?? noRelationText(catalogue, instrument, issuing, country) });
  }
  return { reason: addresseeFailure(instrument, provider, rejections) };
}

function placeLabel(place: Place): string {
  return place.headquarters ? 'headquarters' : ROLE_LABELS[place.establishment.role];
}

function noRelationText(catalogue: Catalogue, instrument: Instrument, issuing: string, country: string): string {
  const sides = instrument.parties.flatMap((pair) => {
    if (isMember(catalogue, pair.issuing, issuing)) return [pair.addressee];
    return pair.reciprocal && isMember(catalogue, pair.addressee, issuing) ? [pair.issuing] : [];
  });
  const explained = sides.map((set) => absenceNote(catalogue, set, country)).find((text) => text !== undefined);
  if (explained) return explained;
  const names = [...new Set(sides.map((set) => catalogue.stateSets[set]?.name ?? set))];
  return names.length > 0 ? `${country} is not one of: ${listOf(names)}` : `no relation between ${issuing} and ${country} rests on this instrument`;
}

function addresseeFailure(instrument: Instrument, provider: RoutingProvider, rejections: { place: Place; why: Rejection; text: string }[]): Reason {
  const basis = instrument.addressee.basis;
  const wanted = listOf(instrument.addressee.roles.map((role) => ROLE_LABELS[role]), 'or');
  if (rejections.length === 0) return notMet('NO_ADDRESSEE_OF_REQUIRED_ROLE', `${provider.name} lists no establishment; this instrument needs a ${wanted}.`, basis);
  const details = capitalise(
    rejections
      .map(({ place, text }) => `${placeLabel(place)} in ${place.establishment.country}: ${stripStop(text)}`)
      .join('; '),
  );
  const reachable = rejections.filter((rejection) => rejection.why !== 'ROLE');
  if (reachable.length === 0) return notMet('NO_ADDRESSEE_OF_REQUIRED_ROLE', `${provider.name} has no ${wanted}. ${details}.`, basis);
  // A provider this instrument could reach only at home is a domestic matter for national law.
  if (reachable.some((rejection) => rejection.why === 'SAME_STATE')) {
    return notMet('ADDRESSEE_ONLY_IN_ISSUING_STATE', `${provider.name} can only be reached in the issuing State, where national law applies. ${details}.`, basis);
  }
  if (reachable.every((rejection) => rejection.why === 'RESERVATION')) {
    const message = `${provider.name} can only be reached in a State that does not apply this instrument. ${details}.`;
    return notMet('STATE_RESERVATION', message, instrument.reservations?.basis ?? basis);
  }
  return notMet('ADDRESSEE_STATE_NOT_PARTY', `${provider.name} has no ${wanted} in a State this instrument reaches. ${details}.`, basis);
}

// ---------------------------------------------------------------------------------------------
// What the selected route fixes

export interface EnforcingReview {
  required: boolean;
  reason: string;
  state: string | null;
}

/**
 * Reg. 2023/1543 Art 8: traffic and content orders are notified to the enforcing State (where
 * the addressee is), unless the issuing authority believes the offence was committed in the
 * issuing State and the person resides there (Art 8(2)). Both must be stated: an unknown fact
 * does not earn the exception.
 */
export function enforcingReviewFor(rule: EnforcingReviewRule | null, tier: DataTier, input: RoutingInput, addresseeCountry: string): EnforcingReview {
  if (!rule) return { required: false, reason: 'This instrument has no enforcing-authority notification.', state: null };
  if (!rule.tiers.includes(tier)) {
    return { required: false, reason: `${TIER_LABELS[tier]} data are not notified to the enforcing authority (${rule.basis}).`, state: null };
  }
  const issuing = input.issuingCountry;
  if (rule.exceptionWhenOffenceAndResidenceInIssuingState && input.offenceInIssuingState === true && input.targetResidesInIssuingState === true) {
    return {
      required: false,
      reason: `Not notified: the offence was committed in ${issuing} and the person whose data are sought resides there (${rule.exceptionBasis}).`,
      state: null,
    };
  }
  const sentences = [`${TIER_LABELS[tier]} data: the enforcing authority of ${addresseeCountry} is notified and may raise grounds for refusal (${rule.basis}).`];
  if (input.emergency) sentences.push('In an emergency the review does not suspend production.');
  else if (rule.suspensiveExceptInEmergency) sentences.push('The provider may not produce before the review ends.');
  if (rule.exceptionWhenOffenceAndResidenceInIssuingState) {
    sentences.push(`The exception of ${rule.exceptionBasis} needs both the offence and the residence of the person in ${issuing} to be stated.`);
  }
  return { required: true, reason: sentences.join(' '), state: addresseeCountry };
}

export function approvalsFor(instrument: Instrument, tier: DataTier, emergency: boolean): Approvals {
  const rule = instrument.approvals[tier];
  const withoutValidation = emergency && rule.emergencyWithoutPriorValidation;
  return {
    issuers: [...rule.issuers],
    validators: [...rule.validators],
    emergencyWithoutPriorValidation: withoutValidation,
    exPostValidationHours: withoutValidation ? rule.exPostValidationHours : null,
    certifiedBy: instrument.transmission.certifiedBy,
    basis: rule.basis,
  };
}

/** The clocks whose `when` matches this order; a clock without `when` always runs. */
export function deadlinesFor(
  instrument: Instrument,
  facts: { emergency: boolean; enforcingReview: boolean; tier: DataTier; orderType: OrderType },
): Deadline[] {
  return instrument.deadlines
    .filter(({ when }) => {
      if (!when) return true;
      return (
        (when.emergency === undefined || when.emergency === facts.emergency) &&
        (when.enforcingReview === undefined || when.enforcingReview === facts.enforcingReview) &&
        (when.tier === undefined || when.tier === facts.tier) &&
        (when.orderType === undefined || when.orderType === facts.orderType)
      );
    })
    .map((rule) => ({
      clock: rule.clock,
      duration: rule.duration,
      from: rule.from,
      basis: rule.basis,
      ...(rule.note ? { note: rule.note } : {}),
      confidence: rule.confidence ?? 'CONFIRMED',
    }));
}

/** Plain code-unit order: the same on every machine, unlike localeCompare. */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function stripStop(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}
