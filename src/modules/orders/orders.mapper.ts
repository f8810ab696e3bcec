import { readsSectionM } from '../../../libs/domain/order-access.js';
import type { OrderClocks } from '../../../libs/domain/order-clocks.js';
import type { OrderState } from '../../../libs/domain/order-facts.js';
import type { OrderDto } from './dto/order.dto.js';
import type { OrderEntity } from './entities/order.entity.js';
import type { StoredParty } from './orders.repository.js';

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
  };
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/**
 * The order as `parties` may see it. Section M is added only for its readers; a list (no
 * parties given) never carries it.
 */
export function mapOrder(order: OrderEntity, clocks: OrderClocks, parties: readonly StoredParty[] = [], view: 'full' | 'summary' = 'full'): OrderDto {
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
    offence: content.offence,
    emergency: content.emergency ?? null,
    targetIsUsPerson: content.targetIsUsPerson ?? null,
    targetLocation: content.targetLocation ?? null,
    offenceInIssuingState: content.offenceInIssuingState ?? null,
    targetResidesInIssuingState: content.targetResidesInIssuingState ?? null,
    language: content.language ?? null,
    ...(readsSectionM(parties) ? { caseSummary: order.sectionM?.caseSummary ?? null, necessityGrounds: order.sectionM?.necessityGrounds ?? null } : {}),
    // A list carries the route chosen; the reasons of every candidate come with the order itself.
    routing: view === 'full' ? order.routing : { ...order.routing, candidates: order.routing.candidates.map(({ instrument, name, eligible, preferenceRank }) => ({ instrument, name, eligible, preferenceRank, reasons: [] })) },
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
          // Art 12(2): grounds in full oblige the issuing authority to withdraw the order.
          issuerMustWithdraw: clocks.review.status === 'GROUNDS_RAISED' && !clocks.review.partial && order.status !== 'WITHDRAWN',
        }
      : null,
    parties: [...parties],
    lastStepHash: order.lastStepHash,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

