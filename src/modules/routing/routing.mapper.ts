import { DATA_TIERS, ORDER_TYPES } from '../../../libs/domain/data-categories.js';
import { isInForce, type Catalogue, type Instrument, type RoutingAuthority, type RoutingProvider, type RoutingResult, type StateSet } from '../../../libs/routing/index.js';
import { mapProviderEntry } from '../identity/identity.mapper.js';
import type { OrganisationEntity } from '../identity/entities/organisation.entity.js';
import type { CatalogueDto, InstrumentDto, StateSetDto } from './dto/catalogue.dto.js';
import type { RoutingResultDto } from './dto/routing-result.dto.js';

/** The engine answers in the API's shape already; the types keep the DTOs in step with it. */
export function mapRoutingResult(result: RoutingResult): RoutingResultDto {
  return result;
}

/** The engine sees a provider exactly as the directory shows it (`GET /providers`). */
export function toRoutingProvider(organisation: OrganisationEntity): RoutingProvider {
  const entry = mapProviderEntry(organisation);
  return { ...entry, domainRegistrar: entry.services.includes('DOMAIN_NAMES') };
}

/** An authority as the engine looks for a hop's authority. */
export function toRoutingAuthority(organisation: OrganisationEntity): RoutingAuthority {
  return {
    id: organisation.id,
    name: organisation.name,
    country: organisation.country ?? '',
    authorityType: organisation.authorityType,
    designations: [...(organisation.designations ?? [])],
    languages: [...(organisation.languages ?? [])],
  };
}

export function mapCatalogue(catalogue: Catalogue, asOf: string): CatalogueDto {
  return {
    version: catalogue.version,
    description: catalogue.description,
    asOf,
    stateSets: Object.entries(catalogue.stateSets).map(([code, set]) => mapStateSet(code, set)),
    instruments: catalogue.instruments.map((instrument) => mapInstrument(instrument, asOf)),
  };
}

function mapStateSet(code: string, set: StateSet): StateSetDto {
  return {
    code,
    name: set.name,
    basis: set.basis,
    members: [...(set.members ?? [])],
    anyState: set.anyState === true,
    absent: Object.entries(set.absent ?? {}).map(([country, reason]) => ({ country, reason })),
    confidence: set.confidence,
    unconfirmed: [...(set.unconfirmed ?? [])],
  };
}

function mapInstrument(instrument: Instrument, asOf: string): InstrumentDto {
  return {
    code: instrument.code,
    name: instrument.name,
    legalBasis: instrument.legalBasis,
    effectiveFrom: instrument.effectiveFrom,
    effectiveUntil: instrument.effectiveUntil,
    effectiveNote: instrument.effectiveNote ?? null,
    inForce: isInForce(instrument, asOf),
    parties: instrument.parties.map((pair) => ({
      issuing: pair.issuing,
      addressee: pair.addressee,
      reciprocal: pair.reciprocal === true,
      exceptBetween: pair.exceptBetween ?? null,
      exceptBetweenReason: pair.exceptBetweenReason ?? null,
      basis: pair.basis,
    })),
    reservations: instrument.reservations ? { ...instrument.reservations } : null,
    addressee: {
      roles: [...instrument.addressee.roles],
      includeHeadquarters: instrument.addressee.includeHeadquarters,
      providerKind: instrument.addressee.providerKind ?? null,
      basis: instrument.addressee.basis,
    },
    covers: ORDER_TYPES.flatMap((orderType) => {
      const coverage = instrument.covers[orderType];
      return coverage ? [{ orderType, dataCategories: [...coverage.dataCategories], form: coverage.form, basis: coverage.basis }] : [];
    }),
    emergencyOnly: instrument.emergencyOnly,
    offenceThreshold: instrument.offenceThreshold ? { ...instrument.offenceThreshold, tiers: [...instrument.offenceThreshold.tiers] } : null,
    targetRestrictions: instrument.targetRestrictions.map((restriction) => ({
      kind: restriction.kind,
      states: restriction.kind === 'NOT_LOCATED_IN' ? restriction.states : null,
      basis: restriction.basis,
    })),
    approvals: DATA_TIERS.map((tier) => {
      const rule = instrument.approvals[tier];
      return { tier, ...rule, issuers: [...rule.issuers], validators: [...rule.validators] };
    }),
    enforcingReview: instrument.enforcingReview ? { ...instrument.enforcingReview, tiers: [...instrument.enforcingReview.tiers] } : null,
    deadlines: instrument.deadlines.map((rule) => ({
      clock: rule.clock,
      duration: rule.duration,
      from: rule.from,
      when: rule.when ? { ...rule.when } : null,
      basis: rule.basis,
      ...(rule.note ? { note: rule.note } : {}),
      confidence: rule.confidence ?? 'CONFIRMED',
    })),
    deadlinesNote: instrument.deadlinesNote ?? null,
    channel: instrument.channel,
    transmission: { ...instrument.transmission },
    hops: instrument.hops.map((hop) => ({
      kind: hop.kind,
      side: hop.side,
      actingAs: [...hop.actingAs],
      roles: [...hop.roles],
      addresseeRole: hop.addresseeRole ?? null,
      deadlines: [...(hop.deadlines ?? [])],
      basis: hop.basis,
      groundsBasis: hop.groundsBasis,
      confidence: hop.confidence ?? 'CONFIRMED',
      unconfirmed: [...(hop.unconfirmed ?? [])],
    })),
    preferenceRank: instrument.preferenceRank,
    confidence: instrument.confidence,
    unconfirmed: [...(instrument.unconfirmed ?? [])],
  };
}
