import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../../../libs/domain/errors.js';
import { isReceipt } from '../../../libs/domain/order-clocks.js';
import { documentsFor } from '../../../libs/domain/order-documents.js';
import { nextClockAt } from '../../../libs/domain/order-events.js';
import { clockStepDue, factsOf } from '../../../libs/domain/order-facts.js';
import { decide, type ActionInput, type Decision, type OrderAction, type OrderStatus, type TransitionAction } from '../../../libs/domain/order-lifecycle.js';
import type { StepActor } from '../../../libs/domain/step-chain.js';
import { canonicalJson } from '../../../libs/pki/index.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { CombinedStatement } from '../../database/combined-statement.js';
import { isDeadlock, isUniqueViolation } from '../../database/unique-violation.js';
import type { IdempotencyClaim } from '../../common/idempotency/idempotency-claim.js';
import { DocumentsService, type PreparedDocument } from '../documents/documents.service.js';
import { EventBus } from '../events/event-bus.js';
import { EventsRepository } from '../events/events.repository.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { StepSigningService, type SignedIntent, type StepPayload } from '../ledger/step-signing.service.js';
import type { OrderDto } from '../orders/dto/order.dto.js';
import type { OrderEntity } from '../orders/entities/order.entity.js';
import { stateOf } from '../orders/orders.mapper.js';
import { OrdersRepository, type ParticipantRow, type StoredParty } from '../orders/orders.repository.js';
import { orderNotFound, OrdersService } from '../orders/orders.service.js';

/** A step asked for over HTTP (or by any other caller acting for a user). */
export interface StepRequest<B extends object = object> {
  principal: Principal;
  orderId: string;
  body: B & { signature?: string };
  /** `If-Match`: act only on this version (412 otherwise). */
  ifMatch?: number;
  claim?: IdempotencyClaim;
}

export type Allowed = Extract<Decision, { allowed: true }>;

/** What a use case knows once the law allowed the step: the order as read, and the decision. */
export interface StepContext {
  order: OrderEntity;
  parties: readonly StoredParty[];
  decision: Allowed;
  now: Date;
  seq: number;
}

/** What a step does beside moving the order, decided before anything is signed. */
export interface StepPlan {
  /** What the exchange records about the step (its `record`, sealed into the step). */
  record?: Record<string, unknown>;
  /** Parts organisations take in the order with this step, or lose (by part). */
  addParties?: readonly { organisationId: string; party: StoredParty }[];
  removeParties?: readonly StoredParty[];
  /** Columns of the order the step sets. */
  changes?: Partial<Pick<OrderEntity, 'validatingOrganisationId' | 'resumeStatus'>>;
  /** An amendment: the draft's own columns, routed again. */
  draft?: Partial<OrderEntity>;
  /** Work that must happen under the order's lock, in the step's transaction (binding evidence). */
  underLock?: (manager: EntityManager, seq: number) => Promise<void>;
}

export interface Transition {
  action: TransitionAction;
  /** Facts of the request that change where the step leads (a partial production). */
  input?: ActionInput;
  /** Checks and lookups once the law allowed the step; may refuse with a field error. */
  plan?: (context: StepContext) => StepPlan | Promise<StepPlan>;
}

/**
 * The order moved under the step while it was prepared; or, `unsettled`, the step lost a deadlock
 * to one not yet committed, and the version is still the one it was prepared for: it is prepared
 * again, whatever the caller's If-Match or signature said (both still hold).
 */
class OrderMoved extends Error {
  constructor(
    readonly version: number,
    readonly unsettled = false,
  ) {
    super('order moved');
  }
}

/** The unique index of an order's steps on (order_id, seq) (migration Orders). */
const STEP_SEQ_KEY = 'ux_order_steps_seq';

/** A step prepared against a version that moved is prepared again, this many times in all. */
const ATTEMPTS = 3;
const SYSTEM_ACTOR = { parties: ['SYSTEM' as const], roles: ['SYSTEM' as const], authorityType: null };

/**
 * Every step of an order takes one straight line: read the order as the party, decide once, make
 * what the step needs (lookups, documents, signatures) before any lock, then lock, check the
 * order has not moved, append the step with its effects, store the answer, and commit; a step
 * with nothing to do under the lock is its one statement alone (`commit` says when). The lock
 * is held only for the writes: on the embedded database, which serialises every transaction,
 * that is what lets steps run side by side. A step prepared against a version that moved is
 * prepared again; a client's own signature names its version, so it gets a conflict instead.
 */
@Injectable()
export class StepRunner {
  private readonly logger = new Logger('Steps');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orders: OrdersRepository,
    private readonly ordersService: OrdersService,
    private readonly ledger: LedgerRepository,
    private readonly signing: StepSigningService,
    private readonly documents: DocumentsService,
    private readonly events: EventsRepository,
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  async run(request: StepRequest, transition: Transition): Promise<OrderDto> {
    const { principal, orderId, body } = request;
    const action = transition.action;
    const payload = this.signing.payloadOf(body);
    let firstRead: number | undefined;
    for (let attempt = 1; ; attempt++) {
      const { order, parties } = await this.ordersService.visible(principal, orderId);
      if (request.ifMatch !== undefined && order.version !== request.ifMatch) throw versionMismatch(request.ifMatch, order.version);
      // Prepared again (a clock step went first, a deadlock with a step in flight): a client's
      // signature names the version first read, so an order that moved meanwhile is a conflict,
      // not a signature for the wrong version.
      firstRead ??= order.version;
      if (body.signature !== undefined && order.version !== firstRead) {
        throw new DomainError('ORDER_VERSION_CONFLICT', `The order moved from version ${firstRead} to ${order.version} while this step was prepared. Read it again and sign for its version.`, { currentVersion: order.version });
      }
      const now = this.later(this.clock.now(), order);
      // A clock that ran out acts first: an expired preservation or a lapsed emergency order is not acted on.
      if (await this.runClock(order, now)) continue;
      // The person acting too: some rules are about persons (a countersignature is never by the drafter or issuer).
      const decision = decide(action, factsOf(stateOf(order), now), { parties, roles: principal.roles, authorityType: principal.authorityType, userId: principal.userId }, transition.input);
      if (!decision.allowed) throw refusal(decision, action, order.status);
      const seq = order.version + 1;
      const plan = (await transition.plan?.({ order, parties, decision, now, seq })) ?? {};
      const made = documentsFor({ action, fromStatus: order.status, toStatus: decision.to, routeForm: order.form as never, enforcingReview: order.enforcingState !== null });
      const documents = await this.documents.prepare(principal, order, {
        action,
        seq,
        at: now,
        fromStatus: order.status,
        toStatus: decision.to,
        // The form reads the request as the exchange recorded it (Annex III reasons by number and code).
        payload: { ...payload.value, ...plan.record },
        withoutPriorValidation: decision.effects.startsExPostValidation === true,
        validatingOrganisationId: plan.changes?.validatingOrganisationId !== undefined ? plan.changes.validatingOrganisationId : order.validatingOrganisationId,
      }, made);
      try {
        const record = { ...plan.record, ...(documents.length ? { documents: this.documents.recordOf(documents) } : {}) };
        const intent = await this.signing.intent(principal, body.signature, { orderId, action, version: order.version, payload });
        const actor = { userId: principal.userId, organisationId: principal.organisationId, role: decision.role };
        // An idempotency answer is stored with the step, in its transaction.
        const view = await this.commit(order, { action, to: decision.to, at: now, actor, payload, record, intent }, plan, documents, request.claim === undefined, async (manager, receiptOf) => {
          const locked = await this.orders.lockForStep(manager, principal.organisationId, orderId, receiptOf);
          if (!locked) throw orderNotFound(orderId);
          if (locked.version !== order.version) throw new OrderMoved(locked.version);
        }, async (manager, after, participants) => {
          // The view names the organisations and people beside their ids (from the step's statement; a countersigner's name read in its transaction).
          const view = await this.ordersService.view(after, partiesAfter(parties, plan, principal.organisationId), now, manager, participants);
          await request.claim?.complete(manager, view);
          return view;
        });
        this.logger.log({ msg: 'order step', orderId, action, status: view.status, version: view.version, by: principal.userId });
        return view;
      } catch (error) {
        await this.documents.discard(documents);
        if (!(error instanceof OrderMoved)) throw error;
        if (error.unsettled) {
          if (attempt < ATTEMPTS) continue;
          // The version is the caller's still: neither a version mismatch nor a moved order.
          throw new DomainError('ORDER_VERSION_CONFLICT', `Another step on this order was being written at the same moment ${ATTEMPTS} times; send this one again.`, { currentVersion: error.version });
        }
        if (request.ifMatch !== undefined) throw versionMismatch(request.ifMatch, error.version);
        if (body.signature !== undefined) {
          throw new DomainError('ORDER_VERSION_CONFLICT', `The signature is for version ${order.version}; the order moved to version ${error.version} meanwhile. Read it again and sign for its version.`, { currentVersion: error.version });
        }
        if (attempt >= ATTEMPTS) throw new DomainError('ORDER_VERSION_CONFLICT', `The order kept moving while this step was prepared (now version ${error.version}); send it again.`, { currentVersion: error.version });
      }
    }
  }

  /**
   * The exchange's own step on an order whose clock ran out (an expired preservation, a lapsed
   * ex-post validation), sealed by the exchange. Answers whether it took one.
   */
  async runClock(order: OrderEntity, now: Date): Promise<boolean> {
    const due = clockStepDue(stateOf(order), now);
    if (!due) return false;
    const decision = decide(due.action, factsOf(stateOf(order), now), SYSTEM_ACTOR);
    if (!decision.allowed) return false;
    const payload = this.signing.payloadOf({ reason: due.reason });
    const intent = await this.signing.exchangeIntent(order.id, due.action, order.version, payload);
    const record = { reason: due.reason, clockEndedAt: due.endedAt.toISOString() };
    const actor: StepActor = { userId: null, organisationId: null, role: 'SYSTEM' };
    try {
      await this.commit(order, { action: due.action, to: decision.to, at: now, actor, payload, record, intent }, {}, [], false, async (manager, receiptOf) => {
        // The clocks expire and withdraw orders; none brings one to its addressee, whose receipts are counted under the issuer's lock.
        if (receiptOf !== undefined) throw new Error(`a clock step (${due.action}) would be the order's receipt`);
        const locked = await this.orders.lockForSystem(manager, order.id);
        if (!locked || locked.version !== order.version) throw new OrderMoved(locked?.version ?? -1);
      }, async () => undefined);
    } catch (error) {
      // Someone else moved the order first (perhaps the same clock on another instance): look again.
      if (error instanceof OrderMoved) return true;
      throw error;
    }
    this.logger.warn({ msg: 'order clock ran out', orderId: order.id, action: due.action, reason: due.reason });
    return true;
  }

  /** The clock steps due on one order now, for the sweep (read without a party: the exchange acts). */
  async runClockFor(orderId: string): Promise<boolean> {
    const order = await this.orders.findForSystem(orderId);
    return order ? this.runClock(order, this.later(this.clock.now(), order)) : false;
  }

  /**
   * Seals the step and writes it: the lock and version check (`lock`, which also takes the
   * issuer's lock on receipts at the step of receipt), the step's effects, then the step, the
   * order row, its events and its documents' rows in one statement that also reads the
   * participants for the answer (`answer`), and the documents' bytes last (to their address just
   * before COMMIT).
   *
   * A step with nothing to do under the lock (no parties added or removed, no work of the use case,
   * no amendment, no documents, not the step of receipt, no idempotency answer to store: an
   * acknowledgement, most answers) is that one statement alone, its own transaction: 3 round trips
   * instead of 6 for an acknowledgement. Its version check is the steps' unique key (order, seq):
   * every move of an order appends its step, so a step prepared against a version that moved
   * collides with the step that moved it, and the whole statement fails (`OrderMoved`). The order
   * row is locked by its own update only; a step in flight on it makes that update wait for its
   * commit. The events go to the parties in the statement's snapshot, which are those at the
   * read, since only a step changes them. Its answer is made after the commit, so the step is
   * written alone only when making it reads nothing more (`viewReadsMore`): no query can then
   * fail once it is taken. PostgreSQL runs a statement's data-modifying parts in the reverse of
   * their order in the text (nodeModifyTable.c; its documentation leaves the order open), so the
   * order row's update (`updateIn`, after `appendIn`) waits for a locked step's transaction
   * before the step's insert. Should that ever change and the two deadlock, the one written
   * alone is prepared again like any other that lost (`writeAlone`).
   */
  private async commit<T>(
    order: OrderEntity,
    step: { action: OrderAction; to: OrderStatus; at: Date; actor: StepActor; payload: StepPayload; record: Record<string, unknown>; intent: SignedIntent },
    plan: StepPlan,
    documents: readonly PreparedDocument[],
    mayWriteAlone: boolean,
    lock: (manager: EntityManager, receiptOf: string | undefined) => Promise<void>,
    answer: (manager: EntityManager, after: OrderEntity, participants: ParticipantRow[]) => Promise<T>,
  ): Promise<T> {
    const seq = order.version + 1;
    const signed = await this.signing.seal({
      seq,
      orderId: order.id,
      action: step.action,
      fromStatus: order.status,
      toStatus: step.to,
      at: step.at,
      actor: step.actor,
      payload: step.payload.bytes,
      record: canonicalJson(step.record),
      prevHash: order.lastStepHash,
      intent: step.intent,
    });
    // The provider is shown the issuer's record as it stood when the order reached it, counted once, at the step of receipt.
    const receipt = order.issuerRecord === null && isReceipt({ fromStatus: order.status, toStatus: step.to });
    const remembered = rememberedForClocks(step.payload.value, step.record);
    const after = Object.assign(Object.create(Object.getPrototypeOf(order)) as OrderEntity, order, plan.draft ?? {}, plan.changes ?? {}, {
      status: step.to,
      version: seq,
      lastStepHash: signed.hash,
      updatedAt: step.at,
      // Who took the step, for the rules about persons (countersignature) and the names in the view.
      history: [...order.history, { action: step.action, at: signed.fields.at, fromStatus: order.status, toStatus: step.to, payload: remembered, actor: { userId: step.actor.userId, organisationId: step.actor.organisationId } }],
    });
    after.nextClockAt = nextClockAt(stateOf(after), after.clockMarks, step.at);
    // The step's writes in one round trip (combined-statement.ts): the events go to the parties the statements before it left.
    const write = (manager: EntityManager): Promise<ParticipantRow[]> => {
      const statement = new CombinedStatement(manager);
      this.ledger.appendIn(statement, signed, step.intent.signedBy);
      this.orders.updateIn(statement, after);
      this.events.recordStepIn(statement, after, { action: step.action, fromStatus: order.status, toStatus: step.to }, step.at);
      this.documents.saveIn(statement, order.id, seq, documents);
      return statement.run<ParticipantRow>(this.orders.participantsIn(statement, order.id));
    };
    const nothingUnderLock = !receipt && documents.length === 0 && plan.underLock === undefined && plan.draft === undefined && !plan.addParties?.length && !plan.removeParties?.length;
    if (mayWriteAlone && nothingUnderLock && !this.ordersService.viewReadsMore(after)) {
      const participants = await this.writeAlone(order.id, order.version, write);
      this.bus.written();
      return answer(this.dataSource.manager, after, participants);
    }
    const result = await this.dataSource.transaction(async (manager) => {
      await lock(manager, receipt ? order.issuingOrganisationId : undefined);
      for (const party of plan.removeParties ?? []) await this.orders.removeParties(manager, order.id, party);
      await this.orders.addParties(manager, order.id, plan.addParties ?? []);
      await plan.underLock?.(manager, seq);
      if (receipt) {
        after.issuerRecord = await this.orders.recordReceipt(manager, after, { seq, at: new Date(signed.fields.at), actorOrganisationId: step.actor.organisationId, signerFingerprintSha256: signed.signerFingerprintSha256 });
      }
      if (plan.draft !== undefined) await this.orders.updateDraft(manager, after);
      const participants = await write(manager);
      const answered = await answer(manager, after, participants);
      await this.documents.commit(documents);
      return answered;
    });
    this.bus.written();
    return result;
  }

  /**
   * The step's statement as its own transaction; a step already taken at its seq means the order
   * moved. A unique violation comes only once the other step committed, so its version is there
   * to read; a deadlock may be with a step still in flight, which leaves the version as it was.
   */
  private async writeAlone(orderId: string, preparedFor: number, write: (manager: EntityManager) => Promise<ParticipantRow[]>): Promise<ParticipantRow[]> {
    try {
      return await write(this.dataSource.manager);
    } catch (error) {
      if (!isUniqueViolation(error, STEP_SEQ_KEY) && !isDeadlock(error)) throw error;
      // Orders are never deleted (their steps hold them), so the version is there to read.
      const version = (await this.orders.versionOf(orderId))!;
      throw new OrderMoved(version, version === preparedFor);
    }
  }

  /** Steps never go back in time (a clock set back, another instance's clock behind). */
  private later(now: Date, order: OrderEntity): Date {
    const last = order.history.at(-1);
    const floor = last ? Date.parse(last.at) : 0;
    return now.getTime() >= floor ? now : new Date(floor);
  }
}

/**
 * Payload and record members the clocks read, kept in the order's history beside the step; `challenge`: the order view shows a provider's challenge;
 * `reasons`, `reason`, `requestedBy`, `action` (removed or disabled): a removal order's Annex III impediment and its scrutiny (Reg. 2021/784 Arts 3(7)-(8), 4).
 */
const CLOCK_MEMBERS = ['withoutPriorValidation', 'decision', 'grounds', 'partial', 'challenge', 'reasons', 'reason', 'requestedBy', 'action', 'contentProviderInformed'] as const;

function rememberedForClocks(payload: Record<string, unknown>, record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(CLOCK_MEMBERS.filter((member) => member in record || member in payload).map((member) => [member, record[member] ?? payload[member]]));
}

/** The parts the acting organisation plays once the step is taken. */
function partiesAfter(parties: readonly StoredParty[], plan: StepPlan, organisationId: string): StoredParty[] {
  const kept = parties.filter((party) => !(plan.removeParties ?? []).includes(party));
  const added = (plan.addParties ?? []).filter((row) => row.organisationId === organisationId).map((row) => row.party);
  return [...new Set([...kept, ...added])].sort();
}

export function refusal(decision: Extract<Decision, { allowed: false }>, action: TransitionAction, state: OrderStatus): DomainError {
  switch (decision.refusal) {
    case 'INVALID_TRANSITION':
      return new DomainError('ORDER_INVALID_TRANSITION', `${decision.message}.`, { state, action });
    case 'FORBIDDEN':
      return new DomainError('ORDER_ACTION_FORBIDDEN', `${decision.message}.`, { state, action });
    case 'REVIEW_PENDING':
      return new DomainError('ORDER_REVIEW_PENDING', `${decision.message}.`, { state, action });
  }
}

function versionMismatch(ifMatch: number, current: number): DomainError {
  return new DomainError('ORDER_VERSION_MISMATCH', `If-Match names version ${ifMatch}; the order is at version ${current}. Read it again before acting.`, { currentVersion: current });
}
