/**
 * Small builders for routing inputs and providers, shared by the specs and the benchmark. Each
 * caller overrides only what it is about. The providers mirror the demo world (docs/api.md).
 */
import { parseCatalogue } from './catalogue.js';
import type { Catalogue, RoutingInput, RoutingProvider } from './types.js';

export function routingInput(overrides: Partial<RoutingInput> = {}): RoutingInput {
  return {
    issuingCountry: 'FR',
    orderType: 'PRODUCTION',
    dataCategories: ['SUBSCRIBER'],
    offence: { maxSentenceMonths: 60 },
    emergency: false,
    date: '2026-09-01',
    ...overrides,
  };
}

export function routingProvider(overrides: Partial<RoutingProvider> = {}): RoutingProvider {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    name: 'Test provider',
    country: 'NL',
    cgnatOperator: false,
    establishments: [{ country: 'NL', role: 'DESIGNATED_ESTABLISHMENT', languages: ['nl', 'en'] }],
    ...overrides,
  };
}

export const PROVIDERS = {
  /** US platform with a legal representative in Ireland (demo world). */
  examplegram: routingProvider({
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Examplegram',
    country: 'US',
    services: ['HOSTING', 'SOCIAL_NETWORK', 'MESSAGING'],
    establishments: [
      { country: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['en', 'fr'] },
      { country: 'US', role: 'MAIN_ESTABLISHMENT', languages: ['en'] },
    ],
  }),
  /** German access provider running carrier-grade NAT (demo world). */
  nordtel: routingProvider({
    id: '00000000-0000-4000-8000-000000000002',
    name: 'Nordtel',
    country: 'DE',
    cgnatOperator: true,
    services: ['INTERNET_ACCESS', 'ELECTRONIC_COMMUNICATIONS'],
    establishments: [{ country: 'DE', role: 'DESIGNATED_ESTABLISHMENT', languages: ['de', 'en'] }],
  }),
  /** UK mail host with no EU establishment (demo world). */
  albionMail: routingProvider({
    id: '00000000-0000-4000-8000-000000000003',
    name: 'Albion Mail',
    country: 'GB',
    establishments: [{ country: 'GB', role: 'MAIN_ESTABLISHMENT', languages: ['en'] }],
  }),
  /** Established only in Denmark, which takes part in neither the Regulation nor the EIO. */
  danskNet: routingProvider({
    id: '00000000-0000-4000-8000-000000000004',
    name: 'Dansk Net',
    country: 'DK',
    establishments: [{ country: 'DK', role: 'DESIGNATED_ESTABLISHMENT', languages: ['da', 'en'] }],
  }),
  /** Headquartered in Hungary, with no designated establishment listed. */
  budaHost: routingProvider({
    id: '00000000-0000-4000-8000-000000000005',
    name: 'Buda Host',
    country: 'HU',
    services: ['HOSTING'],
    establishments: [{ country: 'HU', role: 'MAIN_ESTABLISHMENT', languages: ['hu', 'en'] }],
  }),
  budaRegistrar: routingProvider({
    id: '00000000-0000-4000-8000-000000000006',
    name: 'Buda Domains',
    country: 'HU',
    domainRegistrar: true,
    establishments: [{ country: 'HU', role: 'MAIN_ESTABLISHMENT', languages: ['hu', 'en'] }],
  }),
  tokyoMail: routingProvider({
    id: '00000000-0000-4000-8000-000000000007',
    name: 'Tokyo Mail',
    country: 'JP',
    establishments: [{ country: 'JP', role: 'MAIN_ESTABLISHMENT', languages: ['ja', 'en'] }],
  }),
  outbackCloud: routingProvider({
    id: '00000000-0000-4000-8000-000000000008',
    name: 'Outback Cloud',
    country: 'AU',
    establishments: [{ country: 'AU', role: 'MAIN_ESTABLISHMENT', languages: ['en'] }],
  }),
} satisfies Record<string, RoutingProvider>;

const SAP_INSTRUMENTS = ['SAP_ART6_DOMAIN', 'SAP_ART7_SUBSCRIBER', 'SAP_ART8', 'SAP_ART9_EMERGENCY'];

/** The catalogue as it would read once the Second Additional Protocol enters into force on `from`. */
export function withSecondProtocolInForce(catalogue: Catalogue, from = '2027-01-01'): Catalogue {
  const copy = structuredClone(catalogue);
  for (const instrument of copy.instruments) {
    if (SAP_INSTRUMENTS.includes(instrument.code)) instrument.effectiveFrom = from;
  }
  return parseCatalogue(copy, 'catalogue with CETS 224 in force');
}
