import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../../libs/domain/errors.js';
import type { FieldProblem } from '../../../libs/domain/identity.js';
import { decide, type OrderAction } from '../../../libs/domain/order-lifecycle.js';
import { canonicalJson } from '../../../libs/pki/index.js';
import { annexIIIReasonNumber, parseAnnexIIIReason, type AnnexIIIReason } from '../../../libs/domain/order-content.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { validationError } from '../../common/errors/api-error.js';
import { OrganisationsRepository } from '../identity/organisations.repository.js';
import type {
  ClarificationRequestDto,
  EnforcingReviewDto,
  MessageDto,
  NonExecutionDto,
  NoteDto,
  ProductionDto,
  SignedBodyDto,
  SubmitDto,
  SubsequentRequestDto,
  ValidateDto,
  WithdrawDto,
} from './dto/transition.dto.js';
import type { OrderDto } from './dto/order.dto.js';
import type { OrderEntity } from './entities/order.entity.js';
import { DocumentsService, type PreparedDocument } from './documents.service.js';
import { EvidenceRepository, listing } from './evidence.repository.js';
import { OrdersRepository, type StoredParty } from './orders.repository.js';
import { OrdersService } from './orders.service.js';

/** Who an issued order reaches: found before the transaction, recorded in the step. */
interface Release {
  enforcingAuthorities: string[];
  exPostValidators: string[];
}

/**
 * One method per transition endpoint of API.md: what each checks in its body, what it changes
 * beside the state, and what the exchange records in the step. The state, party and role rules
 * are the table's (libs/domain/order-lifecycle.ts), applied by OrdersService.transition.
 */
@Injectable()
export class OrderActionsService {
  constructor(
    private readonly orders: OrdersService,
    private readonly repository: OrdersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly evidence: EvidenceRepository,
    private readonly documents: DocumentsService,
    private readonly clock: Clock,
  ) {}

  /** Renders and signs the forms `action` produces, before the transaction; stamped with its time. */
  private async forms(principal: Principal, order: OrderEntity, parties: readonly StoredParty[], action: OrderAction, payload: Record<string, unknown>, options: { partial?: boolean } = {}): Promise<{ documents: PreparedDocument[]; at: Date }> {
    const at = this.clock.now();
    return { documents: await this.documents.prepare(principal, order, parties, action, payload, at, options), at };
  }

  submit(principal: Principal, id: string, body: SubmitDto, ifMatch?: number): Promise<OrderDto> {
    return this.orders.transition(principal, id, {
      action: 'SUBMIT',
      body,
      prepare: async (order) => {
        const validators = order.routing.selected?.approvals.validators ?? [];
        if (body.validatingAuthorityId) {
          const named = await this.organisations.findById(body.validatingAuthorityId);
          if (!named || named.kind !== 'AUTHORITY' || named.country !== order.issuingCountry || !named.authorityType || !validators.includes(named.authorityType)) {
            throw validationError([{ field: 'validatingAuthorityId', message: `must be a judicial authority of ${order.issuingCountry} that may validate this order (${validators.join(', ')})` }]);
          }
          return [named.id];
        }
        const candidates = await this.repository.validatingAuthorities(order.issuingCountry, validators, order.issuingOrganisationId);
        if (candidates.length === 0) throw new DomainError('NO_VALIDATING_AUTHORITY', `No authority of ${order.issuingCountry} of type ${validators.join(' or ')} is on the exchange to validate this order.`);
        return candidates.map((candidate) => candidate.id);
      },
      apply: async ({ order, prepared, manager }) => {
        order.validatingOrganisationId = body.validatingAuthorityId ?? null;
        await this.repository.addParties(order.id, prepared.map((organisationId) => ({ organisationId, party: 'VALIDATION_CANDIDATE' as const })), manager);
        return { validationCandidates: prepared };
      },
    }, ifMatch);
  }

  validate(principal: Principal, id: string, body: ValidateDto, ifMatch?: number): Promise<OrderDto> {
    if (body.decision === 'REFUSE' && !body.reason) throw validationError([{ field: 'reason', message: 'is required when refusing' }]);
    const approve = body.decision === 'APPROVE';
    return this.orders.transition(principal, id, {
      action: approve ? 'VALIDATE' : 'REFUSE_VALIDATION',
      body,
      prepare: async (order, parties) => ({ ...(await this.release(order)), ...(approve ? await this.forms(principal, order, parties, 'VALIDATE', { ...body }) : { documents: [], at: undefined }) }),
      at: (prepared) => prepared.at,
      apply: async ({ order, prepared, manager, now, seq }) => {
        const fromPending = order.status === 'PENDING_VALIDATION';
        // The first to decide becomes the validator; the other candidates drop out.
        await this.repository.removeParties(order.id, 'VALIDATION_CANDIDATE', manager);
        if (!approve && fromPending) {
          order.validatingOrganisationId = null;
          return { decision: 'REFUSE', returnedToDrafter: true };
        }
        order.validatingOrganisationId = principal.organisationId;
        await this.repository.addParties(order.id, [{ organisationId: principal.organisationId, party: 'VALIDATING' }], manager);
        if (approve && fromPending) {
          const documents = await this.documents.record(manager, order.id, seq, prepared.documents);
          return { decision: 'APPROVE', validatedBy: principal.organisationId, ...(await this.deliver(order, prepared, manager, now)), documents };
        }
        return { decision: body.decision, exPost: true, validatedBy: principal.organisationId };
      },
    }, ifMatch);
  }

  issue(principal: Principal, id: string, body: SignedBodyDto, ifMatch?: number): Promise<OrderDto> {
    return this.orders.transition(principal, id, {
      action: 'ISSUE',
      body,
      prepare: async (order, parties) => {
        const release = await this.release(order);
        const alone = decide('ISSUE', this.orders.factsOf(order, this.clock.now()), { parties, roles: principal.roles, authorityType: principal.authorityType });
        if (alone.allowed && alone.effects.startsExPostValidation && release.exPostValidators.length === 0) {
          throw new DomainError('NO_VALIDATING_AUTHORITY', `No judicial authority of ${order.issuingCountry} is on the exchange to validate this emergency order within 48 hours (Reg. 2023/1543 Art 4(5)).`);
        }
        return { ...release, ...(await this.forms(principal, order, parties, 'ISSUE', { ...body })) };
      },
      at: (prepared) => prepared.at,
      apply: async ({ order, prepared, manager, now, decision, seq }) => {
        const withoutPriorValidation = decision.effects.startsExPostValidation === true;
        if (withoutPriorValidation) {
          // Art 4(5): the judicial authorities of the issuing State must validate within 48 hours.
          await this.repository.addParties(order.id, prepared.exPostValidators.map((organisationId) => ({ organisationId, party: 'VALIDATION_CANDIDATE' as const })), manager);
        }
        const documents = await this.documents.record(manager, order.id, seq, prepared.documents);
        return { withoutPriorValidation, ...(withoutPriorValidation ? { exPostValidators: prepared.exPostValidators } : {}), ...(await this.deliver(order, prepared, manager, now)), documents };
      },
    }, ifMatch);
  }

  acknowledge(principal: Principal, id: string, body: NoteDto, ifMatch?: number): Promise<OrderDto> {
    return this.orders.transition(principal, id, { action: 'ACKNOWLEDGE', body }, ifMatch);
  }

  requestClarification(principal: Principal, id: string, body: ClarificationRequestDto, ifMatch?: number): Promise<OrderDto> {
    const reasons = body.reasons.map((reason) => parseAnnexIIIReason(reason)!);
    return this.orders.transition(principal, id, {
      action: 'REQUEST_CLARIFICATION',
      body,
      prepare: (order, parties) => this.forms(principal, order, parties, 'REQUEST_CLARIFICATION', { ...body, reasons: annexIII(reasons) }),
      at: (prepared) => prepared.at,
      apply: async ({ order, prepared, manager, seq }) => {
        order.resumeStatus = order.status;
        return { reasons: annexIII(reasons), resumeStatus: order.status, documents: await this.documents.record(manager, order.id, seq, prepared.documents) };
      },
    }, ifMatch);
  }

  clarify(principal: Principal, id: string, body: MessageDto, ifMatch?: number): Promise<OrderDto> {
    return this.orders.transition(principal, id, {
      action: 'CLARIFY',
      body,
      apply: async ({ order, decision }) => {
        order.resumeStatus = null;
        return { resumedTo: decision.to };
      },
    }, ifMatch);
  }

  confirmPreservation(principal: Principal, id: string, body: NoteDto, ifMatch?: number): Promise<OrderDto> {
    return this.orders.transition(principal, id, { action: 'CONFIRM_PRESERVATION', body }, ifMatch);
  }

  extendPreservation(principal: Principal, id: string, body: NoteDto, ifMatch?: number): Promise<OrderDto> {
    return this.orders.transition(principal, id, {
      action: 'EXTEND_PRESERVATION',
      body,
      prepare: (order, parties) => this.forms(principal, order, parties, 'EXTEND_PRESERVATION', { ...body }),
      at: (prepared) => prepared.at,
      apply: async ({ order, now, prepared, manager, seq }) => {
        const before = this.orders.clocksOf(order, now).preservationExpiresAt;
        return { annex: 'VI', previousExpiry: before?.toISOString() ?? null, documents: await this.documents.record(manager, order.id, seq, prepared.documents) };
      },
    }, ifMatch);
  }

  confirmSubsequentRequest(principal: Principal, id: string, body: SubsequentRequestDto, ifMatch?: number): Promise<OrderDto> {
    return this.orders.transition(principal, id, {
      action: 'CONFIRM_SUBSEQUENT_REQUEST',
      body,
      prepare: (order, parties) => this.forms(principal, order, parties, 'CONFIRM_SUBSEQUENT_REQUEST', { ...body }),
      at: (prepared) => prepared.at,
      apply: async ({ order, prepared, manager, seq }) => ({ annex: 'V', documents: await this.documents.record(manager, order.id, seq, prepared.documents) }),
    }, ifMatch);
  }

  review(principal: Principal, id: string, body: EnforcingReviewDto, ifMatch?: number): Promise<OrderDto> {
    if (body.decision === 'GROUNDS_RAISED' && !body.grounds?.length) throw validationError([{ field: 'grounds', message: 'is required when raising grounds for refusal (Reg. 2023/1543 Art 12(1))' }]);
    if (body.decision === 'NO_GROUNDS' && (body.grounds?.length || body.partial)) {
      throw validationError([{ field: body.grounds?.length ? 'grounds' : 'partial', message: 'applies only when raising grounds' }]);
    }
    return this.orders.transition(principal, id, {
      action: 'REVIEW',
      body,
      apply: async () => ({ decision: body.decision, grounds: body.grounds ?? [], partial: body.partial === true, issuerMustWithdraw: body.decision === 'GROUNDS_RAISED' && body.partial !== true }),
    }, ifMatch);
  }

  nonExecution(principal: Principal, id: string, body: NonExecutionDto, ifMatch?: number): Promise<OrderDto> {
    const reasons = body.reasons.map((reason) => parseAnnexIIIReason(reason)!);
    const conflict = reasons.includes('THIRD_COUNTRY_CONFLICT');
    if (conflict && !body.thirdCountryConflict) throw validationError([{ field: 'thirdCountryConflict', message: 'is required with reason 10 (Annex III section E, Reg. 2023/1543 Art 17)' }]);
    if (!conflict && body.thirdCountryConflict) throw validationError([{ field: 'thirdCountryConflict', message: 'applies only with reason 10 (THIRD_COUNTRY_CONFLICT)' }]);
    if (!body.preservation.preserved && !body.preservation.reason) throw validationError([{ field: 'preservation.reason', message: 'is required when the data are not preserved (Annex III section G)' }]);
    return this.orders.transition(principal, id, {
      action: 'NOT_EXECUTE',
      body,
      prepare: (order, parties) => this.forms(principal, order, parties, 'NOT_EXECUTE', { ...body, reasons: annexIII(reasons) }),
      at: (prepared) => prepared.at,
      apply: async ({ order, prepared, manager, seq }) => ({
        annex: 'III',
        reasons: annexIII(reasons),
        art17Conflict: conflict,
        preserved: body.preservation.preserved,
        documents: await this.documents.record(manager, order.id, seq, prepared.documents),
      }),
    }, ifMatch);
  }

  async produce(principal: Principal, id: string, request: ProductionDto, ifMatch?: number): Promise<OrderDto> {
    // The provider signs the manifest itself (issue 7): each file by name, size and digest.
    const body = { ...request, manifest: request.manifest ?? (await this.evidence.manifestOf(id, request.evidenceIds)) };
    const withheld = body.decisions.filter((decision) => !decision.produced);
    const problems: FieldProblem[] = [];
    body.decisions.forEach((decision, index) => {
      if (!decision.produced && decision.reason === undefined) problems.push({ field: `decisions[${index}].reason`, message: 'is required for what is withheld (Annex III, reasons 4-10)' });
      if (decision.produced && decision.reason !== undefined) problems.push({ field: `decisions[${index}].reason`, message: 'applies only to what is withheld' });
    });
    if (withheld.length === body.decisions.length) problems.push({ field: 'decisions', message: 'withholds everything: answer with POST /non-execution (Annex III) instead' });
    if (body.evidenceIds.length === 0 && withheld.length < body.decisions.length) problems.push({ field: 'evidenceIds', message: 'must list the evidence produced' });
    if (problems.length) throw validationError(problems);
    return this.orders.transition(principal, id, {
      action: 'PRODUCE',
      body,
      input: { partial: withheld.length > 0 },
      prepare: async (order, parties) => {
        const decisionProblems: FieldProblem[] = [];
        body.decisions.forEach((decision, index) => {
          if (!order.content.targets.some((target) => target.value === decision.target)) decisionProblems.push({ field: `decisions[${index}].target`, message: 'is not a target of this order' });
          if (!order.content.dataCategories.includes(decision.category)) decisionProblems.push({ field: `decisions[${index}].category`, message: 'is not a category this order asks for' });
        });
        // One decision for each target and each category the order asks for: nothing left unanswered.
        const seen = new Set<string>();
        body.decisions.forEach((decision, index) => {
          const key = `${decision.target}\u0000${decision.category}`;
          if (seen.has(key)) decisionProblems.push({ field: `decisions[${index}]`, message: 'repeats a target and category already decided' });
          seen.add(key);
        });
        for (const target of order.content.targets) {
          for (const category of order.content.dataCategories) {
            if (!seen.has(`${target.value}\u0000${category}`)) decisionProblems.push({ field: 'decisions', message: `has no decision for ${target.value} and ${category}` });
          }
        }
        if (decisionProblems.length) throw validationError(decisionProblems);
        const decisions = body.decisions.map((decision) => ({ ...decision, ...(decision.reason !== undefined ? { reason: parseAnnexIIIReason(decision.reason) } : {}) }));
        return this.forms(principal, order, parties, 'PRODUCE', { ...body, decisions }, { partial: withheld.length > 0 });
      },
      at: (prepared) => prepared.at,
      apply: async ({ order, manager, seq, prepared }) => {
        const files = await this.evidence.findForOrder(order.id, body.evidenceIds, manager);
        const missing = body.evidenceIds.map((evidenceId, index) => ({ evidenceId, index })).filter(({ evidenceId }) => !files.some((file) => file.id === evidenceId && file.productionSeq === null));
        if (missing.length) throw validationError(missing.map(({ index }) => ({ field: `evidenceIds[${index}]`, message: 'is not evidence uploaded to this order and not yet produced' })));
        const manifest = body.evidenceIds.map((evidenceId) => listing(files.find((file) => file.id === evidenceId)!));
        if (!canonicalJson(manifest).equals(canonicalJson(body.manifest))) {
          throw validationError([{ field: 'manifest', message: 'does not list the evidence as received (id, filename, mediaType, size, sha256, in evidenceIds order)' }]);
        }
        await this.evidence.markProduced(order.id, body.evidenceIds, seq, manager);
        return {
          // The production manifest: what was delivered, named by digest (ETSI EN 319 522), as the provider signed it.
          manifest,
          decisions: body.decisions.map((decision) => ({ ...decision, ...(decision.reason !== undefined ? { reason: parseAnnexIIIReason(decision.reason) } : {}) })),
          documents: await this.documents.record(manager, order.id, seq, prepared.documents),
        };
      },
    }, ifMatch);
  }

  withdraw(principal: Principal, id: string, body: WithdrawDto, ifMatch?: number): Promise<OrderDto> {
    return this.orders.transition(principal, id, { action: 'WITHDRAW', body }, ifMatch);
  }

  close(principal: Principal, id: string, body: NoteDto, ifMatch?: number): Promise<OrderDto> {
    return this.orders.transition(principal, id, { action: 'CLOSE', body }, ifMatch);
  }

  /** Lookups for delivering an issued order: the enforcing authorities to notify, the validators of an emergency order. */
  private async release(order: OrderEntity): Promise<Release> {
    const enforcing = order.enforcingState ? await this.repository.enforcingAuthorities(order.enforcingState) : [];
    const validators = await this.repository.validatingAuthorities(order.issuingCountry, order.routing.selected?.approvals.validators ?? [], order.issuingOrganisationId);
    return { enforcingAuthorities: enforcing.map((org) => org.id), exPostValidators: validators.map((org) => org.id) };
  }

  /**
   * The order reaches the provider's inbox (receipt: every clock starts) and, when notified, the
   * enforcing authority's (Reg. 2023/1543 Art 8(1): at the same time).
   */
  private async deliver(order: OrderEntity, release: Release, manager: EntityManager, now: Date): Promise<Record<string, unknown>> {
    await this.repository.addParties(
      order.id,
      [
        { organisationId: order.providerId, party: 'ADDRESSEE' as const },
        ...release.enforcingAuthorities.map((organisationId) => ({ organisationId, party: 'ENFORCING' as const })),
        ...(order.evidenceRecipientId && order.evidenceRecipientId !== order.issuingOrganisationId ? [{ organisationId: order.evidenceRecipientId, party: 'EVIDENCE_RECIPIENT' as const }] : []),
      ],
      manager,
    );
    return { receivedAt: now.toISOString(), addressee: order.routing.selected?.addressee ?? null, enforcingAuthorities: release.enforcingAuthorities };
  }
}

function annexIII(reasons: AnnexIIIReason[]): { number: number; code: AnnexIIIReason }[] {
  return reasons.map((code) => ({ number: annexIIIReasonNumber(code), code }));
}
