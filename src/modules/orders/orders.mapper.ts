import { isReceipt, type OrderClocks } from '../../../libs/domain/order-clocks.js';
import type { StoredParty } from './orders.repository.js';
import type { OrderEntity } from './entities/order.entity.js';
import type { OrderStepEntity } from './entities/order-step.entity.js';
import type { OrderDto, StepDto } from './dto/order.dto.js';

/** Parties that read Section M (case summary, necessity grounds): never the provider (Reg. 2023/1543 Art 9(3)). */
const SECTION_M_READERS: readonly StoredParty[] = ['ISSUING', 'VALIDATION_CANDIDATE', 'VALIDATING', 'ENFORCING'];

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/**
 * The order as `parties` may see it. Section M is added only for its readers; a list (no
 * parties given) never carries it.
 */
export function mapOrder(order: OrderEntity, clocks: OrderClocks, parties: readonly StoredParty[] = [], view: 'full' | 'summary' = 'full'): OrderDto {
  const content = order.content;
  const selected = order.routing.selected;
  const readsSectionM = parties.some((party) => SECTION_M_READERS.includes(party));
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
    ...(readsSectionM ? { caseSummary: order.sectionM?.caseSummary ?? null, necessityGrounds: order.sectionM?.necessityGrounds ?? null } : {}),
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

/**
 * The provider and the evidence recipient see the whole chain (it must verify from step 1), but
 * the payload and record of the steps before the order was issued (drafting, submission, a refused
 * validation, which can quote Section M) only by their digests; readers of Section M see them all.
 */
export function mapStep(step: OrderStepEntity, readsSectionM: boolean, releaseSeq: number): StepDto {
  const showPayload = readsSectionM || step.seq >= releaseSeq;
  return {
    seq: step.seq,
    action: step.action,
    fromStatus: step.fromStatus,
    toStatus: step.toStatus,
    at: step.at.toISOString(),
    actor: { userId: step.actorUserId, organisationId: step.actorOrganisationId, role: step.actorRole },
    payloadSha256: step.payloadSha256,
    prevHash: step.prevHash,
    hash: step.hash,
    canonical: step.canonical.toString('base64'),
    intent: { canonical: step.intentCanonical.toString('base64'), cms: step.intentCms.toString('base64'), signerFingerprintSha256: step.signerFingerprintSha256, signedBy: step.signedBy },
    seal: { cms: step.sealCms.toString('base64'), timestampToken: step.timestampToken.toString('base64') },
    ...(showPayload
      ? { record: JSON.parse(step.record.toString('utf8')) as Record<string, unknown>, payload: JSON.parse(step.payload.toString('utf8')) as Record<string, unknown> }
      : {}),
  };
}

export function canReadSectionM(parties: readonly StoredParty[]): boolean {
  return parties.some((party) => SECTION_M_READERS.includes(party));
}

/** The step that issued the order into the provider's inbox (Infinity while it is not issued). */
export function releaseSeqOf(steps: readonly Pick<OrderStepEntity, 'seq' | 'fromStatus' | 'toStatus'>[]): number {
  return steps.find(isReceipt)?.seq ?? Number.POSITIVE_INFINITY;
}
