import fc from 'fast-check';
import { DATA_CATEGORIES, LISTED_OFFENCE_CATEGORIES, ORDER_TYPES } from '../domain/data-categories.js';
import { ESTABLISHMENT_ROLES } from '../domain/identity.js';
import { loadCatalogue } from './catalogue.js';
import { evaluateRouting } from './evaluate.js';
import { PROVIDERS, withSecondProtocolInForce } from './fixtures.js';
import { REASON_CODES, type RoutingInput, type RoutingProvider, type RoutingResult } from './types.js';

const catalogue = loadCatalogue();
const catalogues = [catalogue, withSecondProtocolInForce(catalogue, '2027-01-01')];

// States the catalogue names (so instruments do apply), mixed with any two capitals (so they often do not).
const NAMED = ['FR', 'DE', 'IE', 'DK', 'NL', 'HU', 'GB', 'US', 'AU', 'JP', 'RS', 'GH', 'BY', 'NZ', 'CH', 'ZA'];
const country = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...NAMED) }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{2}$/) });
const dateBetween = (min: string, max: string) =>
  fc.date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
// Mostly around the dates that matter (2026-08-18, 2027-01-01, 2027-10-03), sometimes anywhere.
const isoDate = fc.oneof({ weight: 3, arbitrary: dateBetween('2026-06-01', '2028-01-01') }, { weight: 1, arbitrary: dateBetween('2000-01-01', '2035-12-31') });

const input: fc.Arbitrary<RoutingInput> = fc.record(
  {
    issuingCountry: country,
    orderType: fc.constantFrom(...ORDER_TYPES),
    dataCategories: fc.uniqueArray(fc.constantFrom(...DATA_CATEGORIES), { minLength: 1, maxLength: 4 }),
    offence: fc.record(
      { maxSentenceMonths: fc.integer({ min: 0, max: 1200 }), listedCategory: fc.constantFrom(...LISTED_OFFENCE_CATEGORIES) },
      { requiredKeys: ['maxSentenceMonths'] },
    ),
    emergency: fc.boolean(),
    targetIsUsPerson: fc.boolean(),
    targetLocation: country,
    offenceInIssuingState: fc.boolean(),
    targetResidesInIssuingState: fc.boolean(),
    date: isoDate,
  },
  { requiredKeys: ['issuingCountry', 'orderType', 'dataCategories', 'offence', 'emergency', 'date'] },
);

const generatedProvider: fc.Arbitrary<RoutingProvider> = fc.record(
  {
    id: fc.uuid(),
    name: fc.string({ minLength: 1, maxLength: 20 }),
    country,
    cgnatOperator: fc.boolean(),
    establishments: fc.uniqueArray(
      fc.record({
        country,
        role: fc.constantFrom(...ESTABLISHMENT_ROLES),
        languages: fc.uniqueArray(fc.constantFrom('en', 'fr', 'de', 'ga', 'da', 'hu'), { maxLength: 3 }),
      }),
      { maxLength: 4, selector: (establishment) => `${establishment.country}/${establishment.role}` },
    ),
    domainRegistrar: fc.boolean(),
  },
  { requiredKeys: ['id', 'name', 'country', 'cgnatOperator', 'establishments'] },
);

const provider = fc.oneof(fc.constantFrom(...Object.values(PROVIDERS)), generatedProvider);

const world = fc.tuple(fc.constantFrom(...catalogues), input, provider);
const RUNS = { numRuns: 2000 };

describe('routing invariants (property-based)', () => {
  it('is total: never throws on valid input, and answers for every instrument exactly once', () => {
    fc.assert(
      fc.property(world, ([cat, order, holder]) => {
        const result = evaluateRouting(cat, order, holder);
        expect(result.candidates.map((c) => c.instrument).sort()).toEqual(cat.instruments.map((i) => i.code).sort());
        expect(result.catalogueVersion).toBe(cat.version);
      }),
      RUNS,
    );
  });

  it('is deterministic, whatever the order the directory lists establishments in', () => {
    fc.assert(
      fc.property(world, ([cat, order, holder]) => {
        const first = evaluateRouting(cat, order, holder);
        expect(evaluateRouting(cat, order, holder)).toEqual(first);
        expect(evaluateRouting(cat, order, { ...holder, establishments: [...holder.establishments].reverse() })).toEqual(first);
      }),
      RUNS,
    );
  });

  it('never selects an ineligible instrument, and selects the preferred eligible one', () => {
    fc.assert(
      fc.property(world, ([cat, order, holder]) => {
        const result: RoutingResult = evaluateRouting(cat, order, holder);
        const eligible = result.candidates.filter((c) => c.eligible);
        if (!result.selected) {
          expect(eligible).toEqual([]);
          return;
        }
        const chosen = result.candidates.find((c) => c.instrument === result.selected?.instrument);
        expect(chosen?.eligible).toBe(true);
        const best = Math.min(...eligible.map((c) => c.preferenceRank));
        expect(chosen?.preferenceRank).toBe(best);
      }),
      RUNS,
    );
  });

  it('every ineligible candidate names at least one failed condition; an eligible one has none', () => {
    const knownCodes = new Set<string>(REASON_CODES);
    fc.assert(
      fc.property(world, ([cat, order, holder]) =>
        evaluateRouting(cat, order, holder).candidates.every((candidate) => {
          const failed = candidate.reasons.filter((r) => r.outcome === 'NOT_MET').length;
          const explained = candidate.reasons.every((r) => knownCodes.has(r.code) && r.message.length > 0 && r.basis.length > 0);
          const consistent = candidate.eligible ? failed === 0 : failed > 0 && failed === candidate.reasons.length;
          return candidate.reasons.length > 0 && explained && consistent;
        }),
      ),
      RUNS,
    );
  });

  it('the provider is reached at one of its places, never in the issuing State unless the instrument allows it; the form goes to it or to an authority of that State', () => {
    fc.assert(
      fc.property(world, ([cat, order, holder]) => {
        const { selected } = evaluateRouting(cat, order, holder);
        if (!selected) return;
        const { provider, addressee } = selected;
        expect(provider.organisationId).toBe(holder.id);
        // A removal order may go to a host established in the issuing State (Reg. 2021/784 Art 3(1)); no other instrument's may.
        const instrument = cat.instruments.find((candidate) => candidate.code === selected.instrument)!;
        if (!instrument.addressee.issuingStateAllowed) expect(provider.country).not.toBe(order.issuingCountry);
        const listed = holder.establishments.some((e) => e.country === provider.country && e.role === provider.role);
        const headquarters = provider.headquarters === true && provider.country === holder.country;
        expect(listed || headquarters).toBe(true);
        // Addressed to an authority only on a route whose hop says so, and always in the provider's State.
        const addressedHop = selected.hops.find((hop) => hop.addresseeRole !== null);
        if (addressedHop) expect(addressee).toMatchObject({ country: provider.country, role: addressedHop.addresseeRole });
        else expect(addressee).toEqual(provider);
      }),
      RUNS,
    );
  });

  it('only a high-tier European Production Order is reviewed, and never when both Art 8(2) facts are stated', () => {
    fc.assert(
      fc.property(world, ([cat, order, holder]) => {
        const { selected, tier } = evaluateRouting(cat, order, holder);
        if (!selected?.enforcingReview) return;
        expect(selected.instrument).toBe('EU_PRODUCTION_ORDER');
        expect(tier).toBe('HIGH');
        expect(order.offenceInIssuingState === true && order.targetResidesInIssuingState === true).toBe(false);
        expect(selected.enforcingState).toBe(selected.addressee.country);
      }),
      RUNS,
    );
  });
});
