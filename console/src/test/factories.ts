/** Orders and users as the API returns them, with overrides: for the console's tests only. */
import type { Me, Order, RoutingResult } from '../api/types';

export const NOW = new Date('2026-12-04T12:00:00Z');
const HOUR = 3_600_000;

export function isoFromNow(ms: number, now: Date = NOW): string {
  return new Date(now.getTime() + ms).toISOString();
}

export function routing(overrides: { production?: string; issuers?: string[]; validators?: string[]; emergencyWithoutPriorValidation?: boolean; preservation?: string } = {}): RoutingResult {
  const deadlines = [
    ...(overrides.production ? [{ clock: 'PRODUCTION', duration: overrides.production, from: 'RECEIPT' as const, basis: 'Reg. 2023/1543 Art 10(2)', confidence: 'CONFIRMED' as const }] : []),
    ...(overrides.preservation ? [{ clock: 'PRESERVATION', duration: overrides.preservation, from: 'RECEIPT' as const, basis: 'Reg. 2023/1543 Art 11(1)', confidence: 'CONFIRMED' as const }] : []),
  ];
  return {
    catalogueVersion: '2026.11.1',
    date: '2026-12-04',
    tier: 'HIGH',
    selected: {
      instrument: 'EU_PRODUCTION_ORDER',
      name: 'European Production Order (EPOC)',
      legalBasis: 'Regulation (EU) 2023/1543',
      partyBasis: 'Reg. 2023/1543 Art 3(1)',
      addressee: { organisationId: 'provider', country: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['en', 'fr'] },
      provider: { organisationId: 'provider', country: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['en', 'fr'] },
      hops: [],
      form: 'EPOC',
      channel: 'DIRECT_TO_PROVIDER',
      transmission: 'e-CODEX',
      approvals: {
        issuers: (overrides.issuers ?? ['COURT', 'INVESTIGATING_JUDGE']) as never,
        validators: (overrides.validators ?? ['COURT', 'INVESTIGATING_JUDGE']) as never,
        emergencyWithoutPriorValidation: overrides.emergencyWithoutPriorValidation ?? false,
        exPostValidationHours: null,
        certifiedBy: null,
        basis: 'Reg. 2023/1543 Art 4',
      },
      enforcingReview: false,
      enforcingReviewReason: '',
      enforcingState: null,
      deadlines,
      deadlinesNote: null,
      confidence: 'CONFIRMED',
    },
    candidates: [],
  };
}

let counter = 0;

export function order({ route, ...overrides }: Partial<Order> & { route?: RoutingResult } = {}): Order {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    reference: `EVX-2026-${String(counter).padStart(8, '0')}`,
    status: 'ISSUED',
    version: 3,
    type: 'PRODUCTION',
    instrument: 'EU_PRODUCTION_ORDER',
    form: 'EPOC',
    tier: 'HIGH',
    providerId: 'provider',
    addressee: {},
    issuingAuthorityId: 'police',
    issuingCountry: 'FR',
    validatingAuthorityId: null,
    evidenceRecipientId: 'police',
    caseReference: 'OFAC-2026-0412',
    dataCategories: ['CONTENT'],
    targets: [{ kind: 'ACCOUNT', value: 'suspect.account.42' }],
    timeRange: null,
    offence: { description: 'Online fraud', legalProvisions: 'Code pénal, art. 313-1', maxSentenceMonths: 60 },
    emergency: null,
    targetIsUsPerson: null,
    targetLocation: null,
    offenceInIssuingState: null,
    targetResidesInIssuingState: null,
    language: 'en',
    routing: (route ?? routing({ production: 'P10D' })) as unknown as Order['routing'],
    receivedAt: isoFromNow(-HOUR),
    dueAt: isoFromNow(10 * 24 * HOUR - HOUR),
    overdue: false,
    clockSuspended: false,
    preservationExpiresAt: null,
    exPostValidationDueAt: null,
    enforcingReview: null,
    parties: ['ADDRESSEE'],
    participants: [],
    transmission: [],
    emergencyVerification: null,
    challenges: [],
    issuerRecord: null,
    issuingAuthoritySuspended: null,
    lastStepHash: '0'.repeat(64),
    createdAt: isoFromNow(-2 * HOUR),
    updatedAt: isoFromNow(-HOUR),
    ...overrides,
  };
}

export function me(roles: Me['user']['roles'], organisation: Partial<Me['organisation']> = {}): Me {
  return {
    user: { id: 'user-1', email: 'someone@example.demo', name: 'Someone', function: null, roles, totpEnabled: false },
    organisation: { id: 'org-1', name: 'Some organisation', kind: 'AUTHORITY', country: 'FR', requireTotp: false, ...organisation },
    totpEnrolmentRequired: false,
  };
}

type Removal = NonNullable<Order['removal']>;
type Scrutiny = NonNullable<Removal['scrutiny']>;

/**
 * A removal order (Reg. 2021/784) received an hour ago with its one-hour clock, by default with a
 * copy to the host State's competent authority that may still scrutinise it (and a provider that
 * may still ask it to, for 47 more hours).
 */
export function removalOrder({ scrutiny, removal, ...overrides }: Omit<Partial<Order>, 'removal'> & { scrutiny?: Partial<Scrutiny> | null; removal?: Partial<Removal> } = {}): Order {
  return order({
    type: 'REMOVAL',
    instrument: 'TCO_REMOVAL_ORDER',
    form: 'TCO_REMOVAL_ORDER',
    tier: 'HIGH',
    dataCategories: [],
    targets: [{ kind: 'URL', value: 'https://video.example.com/v/123' }],
    route: routing({ production: 'PT1H', issuers: ['POLICE'], validators: [] }),
    receivedAt: isoFromNow(-HOUR / 2),
    dueAt: isoFromNow(HOUR / 2),
    removal: {
      reasons: ['INCITEMENT'],
      contentDescription: 'A video calling for attacks',
      action: null,
      actedAt: null,
      withinTheHour: null,
      scrutiny:
        scrutiny === null
          ? null
          : { state: 'IE', status: 'PENDING', requestDueAt: isoFromNow(47 * HOUR), requestedAt: null, endsAt: isoFromNow(71 * HOUR), decidedAt: null, reason: null, ...scrutiny },
      nonDisclosureUntil: null,
      contentProviderInformed: null,
      preservedUntil: null,
      reinstate: false,
      certifiedOverride: null,
      ...removal,
    },
    ...overrides,
  });
}
