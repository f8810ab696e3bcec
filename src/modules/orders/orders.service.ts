import { Injectable, Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { tierOfAll } from '../../../libs/domain/data-categories.js';
import { DomainError } from '../../../libs/domain/errors.js';
import { orderClocks, type OrderClocks } from '../../../libs/domain/order-clocks.js';
import { orderContentProblems, toUtc, type OrderContent } from '../../../libs/domain/order-content.js';
import { decide, type ActionInput, type Decision, type OrderFacts, type TransitionAction } from '../../../libs/domain/order-lifecycle.js';
import { canonicalJson } from '../../../libs/pki/index.js';
import type { InstrumentCode } from '../../../libs/routing/index.js';
import { GENESIS_HASH, hex, type StepActor } from '../../../libs/domain/step-chain.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { validationError } from '../../common/errors/api-error.js';
import { IdempotencyService } from '../../common/idempotency/idempotency.service.js';
import { decodeCursor, encodeCursor, type Page } from '../../common/pagination.js';
import { OrganisationsRepository } from '../identity/organisations.repository.js';
import { RoutingService } from '../routing/routing.service.js';
import type { CreateOrderDto, UpdateOrderDto } from './dto/create-order.dto.js';
import type { OrderDto } from './dto/order.dto.js';
import type { StoredClockStep } from './entities/order.entity.js';
import { OrderEntity } from './entities/order.entity.js';
import { mapOrder } from './orders.mapper.js';
import { OrdersRepository, type OrderListFilter, type StoredParty } from './orders.repository.js';
import { StepSigningService, type IntentSigner } from './step-signing.service.js';

/** What one transition endpoint adds to the generic flow. */
export interface TransitionPlan<P = unknown> {
  action: TransitionAction;
  body: object & { signature?: string };
  input?: ActionInput;
  /** The step's time, when what was prepared is dated (a signed document states its issue time). */
  at?: (prepared: P) => Date | undefined;
  /** The version the request was prepared against (a draft merged from an unlocked read): 409 if it moved. */
  expectedVersion?: number;
  /** Lookups outside the transaction (the embedded database has one connection). */
  prepare?: (order: OrderEntity, parties: readonly StoredParty[]) => Promise<P>;
  /**
   * Inside the transaction, after the law allowed the step: the step's side effects (parties,
   * fields of the order) and what the exchange records about it (the step's `record`).
   */
  apply?: (context: { order: OrderEntity; decision: Extract<Decision, { allowed: true }>; now: Date; prepared: P; manager: EntityManager; seq: number }) => Promise<Record<string, unknown> | void>;
}

/** Payload members the clocks read, kept in the order's history beside the step. */
const CLOCK_MEMBERS = ['withoutPriorValidation', 'decision', 'grounds', 'partial'] as const;

export const orderNotFound = (id: string) => new DomainError('ORDER_NOT_FOUND', `No order ${id} is visible to your organisation.`);

/**
 * Orders: creation (routed and signed), reading with the clocks, and every transition as one
 * signed, sealed and timestamped step committed with the state change.
 */
@Injectable()
export class OrdersService {
  private readonly logger = new Logger('Orders');

  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrdersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly routing: RoutingService,
    private readonly signing: StepSigningService,
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Reading

  async get(principal: Principal, id: string): Promise<OrderDto> {
    const found = await this.orders.findVisible(principal.organisationId, id);
    if (!found) throw orderNotFound(id);
    return mapOrder(found.order, this.clocksOf(found.order, this.clock.now()), found.parties);
  }

  async list(principal: Principal, filter: OrderListFilter, limit = 50, cursor?: string): Promise<Page<OrderDto>> {
    const after = decodeCursor(cursor, 2) as [string, string] | undefined;
    const rows = await this.orders.list(principal.organisationId, filter, limit + 1, after);
    const now = this.clock.now();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((order) => mapOrder(order, this.clocksOf(order, now), [], 'summary')),
      nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
    };
  }

  clocksOf(order: OrderEntity, now: Date): OrderClocks {
    const selected = order.routing.selected;
    return orderClocks(
      {
        type: order.type,
        emergency: order.emergency,
        enforcingReview: order.enforcingState !== null,
        deadlines: selected?.deadlines ?? [],
        steps: order.history.map((step) => ({ ...step, at: new Date(step.at) })),
      },
      now,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Drafting

  async create(principal: Principal, dto: CreateOrderDto): Promise<OrderDto> {
    const id = randomUUID();
    const draft = await this.routeDraft(principal, toContent(dto));
    const payload = this.signing.payloadOf(dto);
    // A client cannot know the id the exchange will give: its CREATE intent names orderId null.
    const signer = await this.signing.signerFor(principal, dto.signature, { orderId: null, action: 'CREATE', version: 0, payload });
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const order = Object.assign(new OrderEntity(), {
        id,
        reference: newReference(now),
        status: 'DRAFT',
        version: 0,
        issuingOrganisationId: principal.organisationId,
        issuingCountry: principal.organisationCountry!,
        validatingOrganisationId: null,
        resumeStatus: null,
        history: [],
        lastStepHash: GENESIS_HASH,
        createdBy: principal.userId,
        createdAt: now,
        updatedAt: now,
        ...draft,
      } satisfies Partial<OrderEntity>);
      await this.orders.insert(order, manager);
      await this.orders.addParties(id, [{ organisationId: principal.organisationId, party: 'ISSUING' }], manager);
      await this.appendStep(manager, order, {
        action: 'CREATE',
        to: 'DRAFT',
        actor: { userId: principal.userId, organisationId: principal.organisationId, role: actingRole(principal) },
        payload,
        record: draftRecord(order),
        signer,
        now,
      });
      const view = mapOrder(order, this.clocksOf(order, now), ['ISSUING']);
      await this.idempotency.complete(manager, view);
      this.logger.log({ msg: 'order created', orderId: id, reference: order.reference, instrument: order.instrument, by: principal.userId });
      return view;
    });
  }

  /** PATCH: only a draft, only by its drafter's organisation; the whole draft is checked and routed again. */
  async update(principal: Principal, id: string, dto: UpdateOrderDto, ifMatch?: number): Promise<OrderDto> {
    const found = await this.orders.findVisible(principal.organisationId, id);
    if (!found) throw orderNotFound(id);
    // The law's answer before the draft is checked and routed again (the transaction decides again).
    const early = decide('AMEND', this.factsOf(found.order, this.clock.now()), { parties: found.parties, roles: principal.roles, authorityType: principal.authorityType });
    if (!early.allowed) throw refusal(early, 'AMEND', found.order);
    // A member sent as null clears it (e.g. `emergency: null`); absent members keep their value.
    const patch = JSON.parse(JSON.stringify(dto)) as Record<string, unknown>;
    const merged = { ...found.order.content, ...found.order.sectionM } as Record<string, unknown>;
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'signature') continue;
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const draft = await this.routeDraft(principal, toContent(merged as unknown as CreateOrderDto));
    return this.transition(principal, id, {
      action: 'AMEND',
      body: dto,
      expectedVersion: found.order.version,
      apply: async ({ order }) => {
        Object.assign(order, draft);
        return draftRecord(order);
      },
    }, ifMatch);
  }

  /** Checks the content against the provider and routes it; what the order row takes from it. */
  private async routeDraft(principal: Principal, content: OrderContent) {
    const provider = await this.organisations.findById(content.providerId);
    if (!provider || provider.kind !== 'PROVIDER') throw validationError([{ field: 'providerId', message: 'is not a provider of the directory (GET /providers)' }]);
    const problems = orderContentProblems(content, { cgnatOperator: provider.cgnatOperator });
    if (content.evidenceRecipientId) {
      const recipient = await this.organisations.findById(content.evidenceRecipientId);
      if (recipient?.kind !== 'AUTHORITY') problems.push({ field: 'evidenceRecipientId', message: 'is not an authority of the exchange' });
    }
    if (problems.length) throw validationError(problems);

    const routing = this.routing.evaluateFor(
      provider,
      {
        issuingCountry: principal.organisationCountry!,
        providerId: content.providerId,
        orderType: content.type,
        dataCategories: content.dataCategories,
        offence: { maxSentenceMonths: content.offence.maxSentenceMonths, ...(content.offence.listedCategory ? { listedCategory: content.offence.listedCategory } : {}) },
        emergency: content.emergency !== undefined,
        ...pick(content, ['targetIsUsPerson', 'targetLocation', 'offenceInIssuingState', 'targetResidesInIssuingState']),
      },
      content.instrument as InstrumentCode | undefined,
    );
    const selected = routing.selected;
    if (!selected) {
      throw new DomainError('ROUTING_NO_INSTRUMENT', 'No legal instrument lets this order go to this provider; each candidate says why.', {
        candidates: routing.candidates.map((c) => ({ instrument: c.instrument, eligible: c.eligible, reasons: c.reasons.filter((r) => r.outcome === 'NOT_MET') })),
      });
    }
    if (content.instrument && selected.instrument !== content.instrument) {
      const candidate = routing.candidates.find((c) => c.instrument === content.instrument);
      throw new DomainError('ROUTING_INSTRUMENT_NOT_ELIGIBLE', `${content.instrument} does not apply to this order; ${selected.instrument} does.`, {
        errors: [{ field: 'instrument', message: `is not eligible: ${candidate?.reasons.filter((r) => r.outcome === 'NOT_MET').map((r) => r.message).join(' ') ?? ''}` }],
      });
    }
    if (content.language && !selected.addressee.languages.includes(content.language)) {
      throw validationError([{ field: 'language', message: `must be one the addressee accepts: ${selected.addressee.languages.join(', ')}` }]);
    }
    const { caseSummary, necessityGrounds, ...visible } = content;
    return {
      type: content.type,
      instrument: selected.instrument,
      form: selected.form,
      tier: tierOfAll(content.dataCategories),
      emergency: content.emergency !== undefined,
      providerId: content.providerId,
      evidenceRecipientId: content.evidenceRecipientId ?? null,
      enforcingState: selected.enforcingReview ? selected.enforcingState : null,
      content: { ...visible, language: content.language ?? selected.addressee.languages[0] },
      sectionM: caseSummary !== undefined || necessityGrounds !== undefined ? stripUndefined({ caseSummary, necessityGrounds }) : null,
      routing,
    } satisfies Partial<OrderEntity>;
  }

  // -------------------------------------------------------------------------------------------
  // Transitions

  /**
   * The one path every transition takes: the caller's intent is verified or signed, the order
   * row is locked (so of N simultaneous identical transitions exactly one wins), the law decides,
   * and the step and the new state commit together.
   */
  async transition<P>(principal: Principal, id: string, plan: TransitionPlan<P>, ifMatch?: number): Promise<OrderDto> {
    const payload = this.signing.payloadOf(plan.body);
    // Read ahead only when something must happen outside the transaction: verifying a client's
    // signature (it names the version) or the action's own lookups.
    const before = plan.body.signature !== undefined || plan.prepare ? await this.orders.findVisible(principal.organisationId, id) : undefined;
    if (before === null) throw orderNotFound(id);
    if (before && plan.prepare) {
      // Refuse before any lookup: a party or state that may not act gets its 403 or 409, not a lookup's error.
      const facts = this.factsOf(before.order, this.clock.now());
      const early = decide(plan.action, facts, { parties: before.parties, roles: principal.roles, authorityType: principal.authorityType }, plan.input);
      // A clock that ran out is left to the transaction, which records it first.
      const clockRanOut = facts.exPostValidationLapsed || facts.preservation?.expired === true;
      if (!early.allowed && early.refusal !== 'REVIEW_PENDING' && !clockRanOut) throw refusal(early, plan.action, before.order);
    }
    const signer = await this.signing.signerFor(principal, plan.body.signature, { orderId: id, action: plan.action, version: before?.order.version ?? 0, payload });
    const prepared = plan.prepare && before ? await plan.prepare(before.order, before.parties) : (undefined as P);
    // What was prepared (validators, enforcing authorities, a merged draft) holds for this version only.
    const expectedVersion = plan.expectedVersion ?? (plan.prepare ? before?.order.version : undefined);

    const outcome = await this.dataSource.transaction(async (manager) => {
      const found = await this.orders.findVisible(principal.organisationId, id, manager, true);
      if (!found) throw orderNotFound(id);
      const { order } = found;
      if (ifMatch !== undefined && order.version !== ifMatch) {
        throw new DomainError('ORDER_VERSION_MISMATCH', `If-Match names version ${ifMatch}; the order is at version ${order.version}.`, { currentVersion: order.version });
      }
      if (expectedVersion !== undefined && order.version !== expectedVersion) {
        throw new DomainError('ORDER_VERSION_CONFLICT', `The order moved from version ${expectedVersion} to ${order.version} while this request was prepared; send it again.`, { currentVersion: order.version });
      }
      if (signer.kind === 'CLIENT' && signer.intent.version !== order.version) {
        throw new DomainError('ORDER_VERSION_CONFLICT', `The signature is for version ${signer.intent.version}; the order moved to version ${order.version}. Sign again.`, { currentVersion: order.version });
      }
      // The prepared time, unless the order moved on meanwhile (steps never go back in time).
      const preparedAt = plan.at?.(prepared);
      const lastAt = order.history.length ? Date.parse(order.history[order.history.length - 1].at) : 0;
      const now = preparedAt && preparedAt.getTime() >= lastAt ? preparedAt : this.clock.now();
      // A clock that ran out acts first: an expired preservation or a lapsed emergency order is not acted on.
      if (await this.runClock(manager, order, now)) return { error: invalidTransition(plan.action, order, `the order is ${order.status}`) };
      const decision = decide(plan.action, this.factsOf(order, now), { parties: found.parties, roles: principal.roles, authorityType: principal.authorityType }, plan.input);
      if (!decision.allowed) throw refusal(decision, plan.action, order);
      const seq = order.version + 1;
      const record = (await plan.apply?.({ order, decision, now, prepared, manager, seq })) ?? {};
      await this.appendStep(manager, order, {
        action: plan.action,
        to: decision.to,
        actor: { userId: principal.userId, organisationId: principal.organisationId, role: decision.role },
        payload,
        record,
        signer,
        now,
      });
      // Only a validation decision changes the parts the actor plays.
      const parties = plan.action === 'VALIDATE' || plan.action === 'REFUSE_VALIDATION' ? await this.orders.partiesOf(id, principal.organisationId, manager) : found.parties;
      const view = mapOrder(order, this.clocksOf(order, now), parties);
      await this.idempotency.complete(manager, view);
      return { view };
    });
    if ('error' in outcome) throw outcome.error;
    this.logger.log({ msg: 'order step', orderId: id, action: plan.action, status: outcome.view.status, version: outcome.view.version, by: principal.userId });
    return outcome.view;
  }

  /** The law's facts about an order at `now`, for `decide`. */
  factsOf(order: OrderEntity, now: Date): OrderFacts {
    const clocks = this.clocksOf(order, now);
    const approvals = order.routing.selected?.approvals ?? { issuers: [], validators: [], emergencyWithoutPriorValidation: false };
    const due = clocks.exPostValidationDueAt;
    return {
      status: order.status,
      type: order.type,
      tier: order.tier,
      emergency: order.emergency,
      approvals,
      review: clocks.review ? { status: clocks.review.status, suspensive: clocks.review.suspensive, groundsInFull: clocks.review.status === 'GROUNDS_RAISED' && !clocks.review.partial } : null,
      exPostValidationPending: due !== null,
      exPostValidationLapsed: due !== null && now.getTime() >= due.getTime(),
      resumeStatus: order.resumeStatus,
      preservation:
        order.type === 'PRESERVATION' && clocks.preservationFirstPeriodEndsAt
          ? {
              extended: clocks.preservationExtended,
              withinFirstPeriod: now.getTime() < clocks.preservationFirstPeriodEndsAt.getTime(),
              expired: clocks.preservationExpiresAt !== null && now.getTime() >= clocks.preservationExpiresAt.getTime(),
            }
          : null,
    };
  }

  /**
   * The exchange's own steps, when a clock ran out: EXPIRE a preservation past its end, WITHDRAW
   * an emergency order whose ex-post validation lapsed (Reg. 2023/1543 Art 4(5)). Returns whether
   * it acted. Called under the order's row lock.
   */
  async runClock(manager: EntityManager, order: OrderEntity, now: Date): Promise<boolean> {
    const facts = this.factsOf(order, now);
    const system = { parties: ['SYSTEM' as const], roles: ['SYSTEM' as const], authorityType: null };
    for (const [action, reason] of [
      ['EXPIRE', 'PRESERVATION_PERIOD_ENDED'],
      ['WITHDRAW', 'EX_POST_VALIDATION_LAPSED'],
    ] as const) {
      const decision = decide(action, facts, system);
      if (!decision.allowed) continue;
      const payload = this.signing.payloadOf({ reason });
      await this.appendStep(manager, order, {
        action,
        to: decision.to,
        actor: { userId: null, organisationId: null, role: 'SYSTEM' },
        payload,
        record: { reason, clockEndedAt: (action === 'EXPIRE' ? this.clocksOf(order, now).preservationExpiresAt : this.clocksOf(order, now).exPostValidationDueAt)?.toISOString() ?? null },
        signer: { kind: 'EXCHANGE' },
        now,
      });
      this.logger.warn({ msg: 'order clock ran out', orderId: order.id, action, reason });
      return true;
    }
    return false;
  }

  /** Appends one signed step and moves the order to `to`; inside the caller's transaction. */
  private async appendStep(
    manager: EntityManager,
    order: OrderEntity,
    step: { action: OrderEntity['history'][number]['action']; to: OrderEntity['status']; actor: StepActor; payload: { value: Record<string, unknown>; bytes: Buffer; sha256: string }; record: Record<string, unknown>; signer: IntentSigner; now: Date },
  ): Promise<void> {
    const seq = order.version + 1;
    const fromStatus = step.action === 'CREATE' ? null : order.status;
    const intent = await this.signing.sign(step.signer, order.id, step.action, order.version, step.payload.sha256);
    const signed = await this.signing.seal({
      seq,
      orderId: order.id,
      action: step.action,
      fromStatus,
      toStatus: step.to,
      at: step.now,
      actor: step.actor,
      payload: step.payload.bytes,
      record: canonicalJson(step.record),
      prevHash: order.lastStepHash,
      intent,
    });
    await this.orders.insertStep(signed, intent.signedBy, manager);
    const remembered = Object.fromEntries(CLOCK_MEMBERS.filter((m) => m in step.record || m in step.payload.value).map((m) => [m, step.record[m] ?? step.payload.value[m]]));
    const history: StoredClockStep = { action: step.action, at: signed.fields.at, fromStatus, toStatus: step.to, payload: remembered };
    order.history = [...order.history, history];
    order.status = step.to;
    order.version = seq;
    order.lastStepHash = signed.hash;
    order.updatedAt = step.now;
    await this.orders.update(order, manager, step.action === 'AMEND');
  }
}

function refusal(decision: Extract<Decision, { allowed: false }>, action: TransitionAction, order: OrderEntity): DomainError {
  switch (decision.refusal) {
    case 'INVALID_TRANSITION':
      return invalidTransition(action, order, decision.message);
    case 'FORBIDDEN':
      return new DomainError('ORDER_ACTION_FORBIDDEN', decision.message, { state: order.status, action });
    case 'REVIEW_PENDING':
      return new DomainError('ORDER_REVIEW_PENDING', decision.message, { state: order.status, action });
  }
}

function invalidTransition(action: string, order: OrderEntity, message: string): DomainError {
  return new DomainError('ORDER_INVALID_TRANSITION', `${action} is not allowed in state ${order.status}: ${message}.`, { state: order.status, action });
}

/** The role a drafter acts in: the most senior it holds. */
function actingRole(principal: Principal): StepActor['role'] {
  return (['VALIDATOR', 'PROSECUTOR', 'OFFICER'] as const).find((role) => principal.roles.includes(role)) ?? principal.roles[0];
}

/** What the exchange derived for a draft: the route and what it fixes. */
function draftRecord(order: OrderEntity): Record<string, unknown> {
  const selected = order.routing.selected!;
  return {
    reference: order.reference,
    catalogueVersion: order.routing.catalogueVersion,
    instrument: selected.instrument,
    form: selected.form,
    addressee: selected.addressee,
    enforcingState: order.enforcingState,
    // The draft as the provider will read it, and Section M by digest only (the provider sees records).
    contentSha256: hex(canonicalJson(order.content)),
    sectionMSha256: order.sectionM ? hex(canonicalJson(order.sectionM)) : null,
  };
}

/** The request body as an order's content: timestamps normalised to UTC. */
function toContent(dto: CreateOrderDto): OrderContent {
  const { signature: _signature, ...rest } = JSON.parse(JSON.stringify(dto)) as CreateOrderDto;
  // An optional member sent as null is absent: `emergency: null` is no emergency, `sourcePort: null` no port.
  const content = withoutNulls(rest) as OrderContent;
  if (content.targets) content.targets = content.targets.map((target) => withoutNulls(target)).map((target) => (target.timestamp ? { ...target, timestamp: toUtc(target.timestamp) } : target));
  if (content.timeRange) content.timeRange = { from: toUtc(content.timeRange.from), to: toUtc(content.timeRange.to) };
  return content;
}

function newReference(now: Date): string {
  // Crockford base32 without I, L, O, U: read aloud over a phone without mistakes.
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const random = [...randomBytes(8)].map((byte) => alphabet[byte % 32]).join('');
  return `EVX-${now.getUTCFullYear()}-${random}`;
}

function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as T;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((key) => value[key] !== undefined).map((key) => [key, value[key]])) as Partial<Pick<T, K>>;
}

