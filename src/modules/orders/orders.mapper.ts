import { issuerMustWithdraw, readsSectionM, seesIssuerRecord } from '../../../libs/domain/order-access.js';
import { addDuration, type OrderClocks } from '../../../libs/domain/order-clocks.js';
import { countersignatureOf, type OrderState } from '../../../libs/domain/order-facts.js';
import { HOPS } from '../../../libs/domain/order-lifecycle.js';
import type { OrderChallengeDto, EmergencyVerificationDto, HopStateDto, IssuerRecordDto, OrderDto, OrderParticipantDto, RemovalStateDto } from './dto/order.dto.js';
import type { OrderEntity, StoredIssuerRecord } from './entities/order.entity.js';
import type { ParticipantRow, StoredParty } from './orders.repository.js';

/** Names and records the order view shows beside the ids the order keeps, read by OrdersService. */
export interface OrderViewContext {
  /** Every organisation taking part in this order. */
  participants: readonly ParticipantRow[];
  /** People the view names (who countersigned), by user id. */
  people: ReadonlyMap<string, { name: string; function: string | null }>;
}

const THIRTY_DAYS_MS = 30 * 24 * 3_600_000;

/** The order as libs/domain reads it (its clocks and the facts the law decides on). */
export function stateOf(order: OrderEntity): OrderState {
  return {
    status: order.status,
    type: order.type,
    tier: order.tier,
    emergency: order.emergency,
    enforcingState: order.enforcingState,
    route: order.routing.selected,
    history: order.history,
    resumeStatus: order.resumeStatus,
    createdBy: order.createdBy,
    scrutinyState: order.routing.selected?.scrutiny?.state ?? null,
  };
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/**
 * The order as `parties` may see it. Section M is added only for its readers; a list (no
 * parties given) never carries it.
 */
export function mapOrder(order: OrderEntity, clocks: OrderClocks, parties: readonly StoredParty[], context: OrderViewContext, view: 'full' | 'summary' = 'full'): OrderDto {
  const content = order.content;
  const selected = order.routing.selected;
  return {
    id: order.id,
    reference: order.reference,
    status: order.status,
    version: order.version,
    type: order.type,
    instrument: order.instrument,
    form: order.form,
    tier: order.tier,
    providerId: order.providerId,
    addressee: selected ? selected.addressee : null,
    issuingAuthorityId: order.issuingOrganisationId,
    issuingCountry: order.issuingCountry,
    validatingAuthorityId: order.validatingOrganisationId,
    evidenceRecipientId: order.evidenceRecipientId ?? order.issuingOrganisationId,
    caseReference: content.caseReference,
    dataCategories: content.dataCategories,
    targets: content.targets,
    timeRange: content.timeRange ?? null,
    offence: content.offence ?? removalOffence(order),
    emergency: content.emergency ?? null,
    targetIsUsPerson: content.targetIsUsPerson ?? null,
    targetLocation: content.targetLocation ?? null,
    offenceInIssuingState: content.offenceInIssuingState ?? null,
    targetResidesInIssuingState: content.targetResidesInIssuingState ?? null,
    language: content.language ?? null,
    ...(readsSectionM(parties) ? { caseSummary: order.sectionM?.caseSummary ?? null, necessityGrounds: order.sectionM?.necessityGrounds ?? null } : {}),
    // A list carries the route chosen; the reasons of every candidate come with the order itself.
    routing: view === 'full' ? order.routing : { ...order.routing, candidates: order.routing.candidates.map(({ instrument, name, eligible, preferenceRank, missingFacts }) => ({ instrument, name, eligible, preferenceRank, reasons: [], missingFacts: missingFacts ?? [] })) },
    receivedAt: iso(clocks.receivedAt),
    dueAt: iso(clocks.dueAt),
    overdue: clocks.overdue,
    clockSuspended: clocks.clockSuspended,
    preservationExpiresAt: iso(clocks.preservationExpiresAt),
    exPostValidationDueAt: iso(clocks.exPostValidationDueAt),
    enforcingReview: clocks.review
      ? {
          state: order.enforcingState,
          status: clocks.review.status,
          suspensive: clocks.review.suspensive,
          endsAt: iso(clocks.review.endsAt),
          decidedAt: iso(clocks.review.decidedAt),
          grounds: clocks.review.grounds,
          partial: clocks.review.partial,
          issuerMustWithdraw: issuerMustWithdraw({ status: order.status, review: { status: clocks.review.status, groundsInFull: !clocks.review.partial } }),
        }
      : null,
    parties: [...parties],
    participants: context.participants.map(participant),
    transmission: transmission(order, clocks, context),
    emergencyVerification: emergencyVerification(order, context),
    challenges: challenges(order, context),
    issuerRecord: seesIssuerRecord(parties) && order.issuerRecord ? issuerRecord(order.issuerRecord) : null,
    issuingAuthoritySuspended: suspensionOf(order, context),
    ...(order.type === 'REMOVAL' ? { removal: removalState(order, clocks) } : {}),
    lastStepHash: order.lastStepHash,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}


/** A removal order names no offence: the view states the Regulation's terms, with the content described. */
function removalOffence(order: OrderEntity): OrderDto['offence'] {
  return {
    description: order.content.removal?.contentDescription ?? '',
    legalProvisions: 'Terrorist content: Regulation (EU) 2021/784 Art 2(7); Directive (EU) 2017/541 Arts 3-12',
    maxSentenceMonths: 0,
    listedCategory: 'TERRORISM',
  };
}

/** A removal order's answer and scrutiny, as every party reads them (Reg. 2021/784 Arts 3, 4). */
function removalState(order: OrderEntity, clocks: OrderClocks): RemovalStateDto {
  const done = order.history.find((step) => step.action === 'REMOVE');
  const scrutiny = clocks.scrutiny;
  const state = order.routing.selected?.scrutiny?.state;
  return {
    reasons: [...(order.content.removal?.reasons ?? [])],
    contentDescription: order.content.removal?.contentDescription ?? '',
    action: done ? (String(done.payload.action ?? 'REMOVED') as 'REMOVED') : null,
    actedAt: done?.at ?? null,
    withinTheHour: done && clocks.dueAt ? Date.parse(done.at) <= clocks.dueAt.getTime() : null,
    nonDisclosureUntil: order.content.removal?.nonDisclosure?.until ?? null,
    contentProviderInformed: done ? done.payload.contentProviderInformed === true : null,
    // Art 6(2): removed content and related data are preserved six months from the removal.
    preservedUntil: done ? addDuration(new Date(done.at), 'P6M').toISOString() : null,
    scrutiny:
      scrutiny && state
        ? { state, status: scrutiny.status, requestDueAt: iso(scrutiny.requestDueAt), requestedAt: iso(scrutiny.requestedAt), endsAt: iso(scrutiny.endsAt), decidedAt: iso(scrutiny.decidedAt), reason: scrutiny.reason }
        : null,
    reinstate: order.status === 'REVOKED' && scrutiny?.status === 'INFRINGEMENT',
    certifiedOverride: order.content.overrideCertified && order.content.certifiedAccounts?.length ? { reason: order.content.overrideCertified.reason, accounts: order.content.certifiedAccounts.map(({ handle, holder }) => ({ handle, holder })) } : null,
  };
}

function participant(row: ParticipantRow): OrderParticipantDto {
  return {
    party: row.party,
    organisationId: row.organisationId,
    name: row.name,
    country: row.country,
    authorityType: row.authorityType,
    contact: row.kind === 'AUTHORITY' ? { email: row.contactEmail, phone: row.contactPhone, address: row.contactAddress } : null,
    suspended: row.suspendedAt ? { suspendedAt: row.suspendedAt.toISOString(), reason: row.suspensionReason ?? '' } : null,
  };
}

/** The route's hops and where the order stands with each: who took it (or may), when, and its clocks. */
function transmission(order: OrderEntity, clocks: OrderClocks, context: OrderViewContext): HopStateDto[] {
  const hops = order.routing.selected?.hops ?? [];
  return hops.map((hop, index) => {
    const clock = clocks.hops[index];
    const parties = context.participants.filter((row) => row.party === HOPS[hop.kind].party);
    const authorities = parties.length > 0 ? parties.map((row) => ({ organisationId: row.organisationId, name: row.name })) : (hop.authorities ?? []);
    return {
      kind: hop.kind,
      side: hop.side,
      country: hop.country,
      outcome: clock?.outcome ?? null,
      receivedAt: iso(clock?.receivedAt ?? null),
      actedAt: iso(clock?.actedAt ?? null),
      authorities,
      deadlines: (clock?.deadlines ?? []).map((deadline) => ({ clock: deadline.clock, dueAt: deadline.dueAt.toISOString(), overdue: deadline.overdue })),
    };
  });
}

function emergencyVerification(order: OrderEntity, context: OrderViewContext): EmergencyVerificationDto | null {
  if (!order.emergency) return null;
  const { step } = countersignatureOf(stateOf(order));
  const userId = step?.actor?.userId ?? null;
  const person = userId ? context.people.get(userId) : undefined;
  return {
    countersigned: step !== null,
    countersignedAt: step?.at ?? null,
    countersignedBy: userId ? { userId, name: person?.name ?? '', function: person?.function ?? null } : null,
  };
}

function challenges(order: OrderEntity, context: OrderViewContext): OrderChallengeDto[] {
  return order.history
    .filter((step) => step.action === 'CHALLENGE')
    .map((step) => {
      const organisationId = step.actor?.organisationId ?? '';
      const challenge = step.payload.challenge as { reason?: string } | undefined;
      return {
        at: step.at,
        reason: challenge?.reason ?? '',
        organisationId,
        organisationName: context.participants.find((row) => row.organisationId === organisationId)?.name ?? '',
      };
    });
}

/** The record frozen at receipt (times as stored: ISO 8601, written by the app or by the migration that made the column). */
function issuerRecord(stored: StoredIssuerRecord): IssuerRecordDto {
  const certificateIssuedAt = stored.certificateIssuedAt === null ? null : new Date(stored.certificateIssuedAt);
  const signedAt = stored.signedAt === null ? null : new Date(stored.signedAt);
  return {
    ordersSentBefore: stored.ordersSentBefore,
    ordersSentToYouBefore: stored.ordersSentToYouBefore,
    certificateIssuedAt: iso(certificateIssuedAt),
    certificateOlderThan30Days: certificateIssuedAt && signedAt ? signedAt.getTime() - certificateIssuedAt.getTime() > THIRTY_DAYS_MS : null,
  };
}

function suspensionOf(order: OrderEntity, context: OrderViewContext): OrderDto['issuingAuthoritySuspended'] {
  const issuer = context.participants.find((row) => row.organisationId === order.issuingOrganisationId);
  return issuer?.suspendedAt ? { suspendedAt: issuer.suspendedAt.toISOString(), reason: issuer.suspensionReason ?? '' } : null;
}
