import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GENESIS_HASH, type StepActor } from '../../../../libs/domain/step-chain.js';
import { canonicalJson } from '../../../../libs/pki/index.js';
import type { Principal } from '../../../common/auth/principal.js';
import { Clock } from '../../../common/clock.js';
import type { IdempotencyClaim } from '../../../common/idempotency/idempotency-claim.js';
import { CombinedStatement } from '../../../database/combined-statement.js';
import { EventBus } from '../../events/event-bus.js';
import { EventsRepository } from '../../events/events.repository.js';
import { LedgerRepository } from '../../ledger/ledger.repository.js';
import { StepSigningService } from '../../ledger/step-signing.service.js';
import type { OrderDto } from '../../orders/dto/order.dto.js';
import { OrderEntity } from '../../orders/entities/order.entity.js';
import { OrdersRepository, type ParticipantRow } from '../../orders/orders.repository.js';
import { OrdersService } from '../../orders/orders.service.js';
import { Drafting, draftRecord } from '../drafting.js';
import { StepRunner, type StepRequest } from '../step-runner.js';

/** A drafter acts in the most senior role it holds. */
function actingRole(principal: Principal): StepActor['role'] {
  return (['VALIDATOR', 'PROSECUTOR', 'OFFICER'] as const).find((role) => principal.roles.includes(role)) ?? principal.roles[0];
}

/** `EVX-2026-7KQ3M9XD`: Crockford base32 without I, L, O, U, read aloud over a phone without mistakes. */
function newReference(now: Date): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const random = [...randomBytes(8)].map((byte) => alphabet[byte % 32]).join('');
  return `EVX-${now.getUTCFullYear()}-${random}`;
}

/**
 * Drafting an order: checked, routed to a legal instrument, and signed by the drafter as step 1
 * (CREATE). The order, its first party and its first step commit together.
 */
@Injectable()
export class DraftOrder {
  private readonly logger = new Logger('Orders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly drafting: Drafting,
    private readonly orders: OrdersRepository,
    private readonly ledger: LedgerRepository,
    private readonly signing: StepSigningService,
    private readonly events: EventsRepository,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly ordersService: OrdersService,
  ) {}

  async execute(principal: Principal, body: Record<string, unknown>, claim?: IdempotencyClaim): Promise<OrderDto> {
    const draft = await this.drafting.fromBody(principal, body);
    const id = randomUUID();
    const now = this.clock.now();
    const payload = this.signing.payloadOf(body);
    const order = Object.assign(new OrderEntity(), {
      id,
      reference: newReference(now),
      status: 'DRAFT',
      version: 0,
      issuingOrganisationId: principal.organisationId,
      issuingCountry: principal.organisationCountry!,
      validatingOrganisationId: null,
      resumeStatus: null,
      history: [{ action: 'CREATE', at: now.toISOString(), fromStatus: null, toStatus: 'DRAFT', payload: {}, actor: { userId: principal.userId, organisationId: principal.organisationId } }],
      lastStepHash: GENESIS_HASH,
      nextClockAt: null,
      clockMarks: [],
      clockLockedUntil: null,
      createdBy: principal.userId,
      createdAt: now,
      updatedAt: now,
      ...draft,
    } satisfies Partial<OrderEntity>);
    // A client cannot know the id the exchange gives a new order: its intent names orderId null.
    const intent = await this.signing.intent(principal, body.signature as string | undefined, { orderId: id, clientOrderId: null, action: 'CREATE', version: 0, payload });
    const step = await this.signing.seal({
      seq: 1,
      orderId: id,
      action: 'CREATE',
      fromStatus: null,
      toStatus: 'DRAFT',
      at: now,
      actor: { userId: principal.userId, organisationId: principal.organisationId, role: actingRole(principal) },
      payload: payload.bytes,
      record: canonicalJson(draftRecord(order)),
      prevHash: GENESIS_HASH,
      intent,
    });
    order.version = 1;
    order.lastStepHash = step.hash;
    const view = await this.dataSource.transaction(async (manager) => {
      await this.orders.insert(manager, order);
      await this.orders.addParties(manager, id, [{ organisationId: principal.organisationId, party: 'ISSUING' }]);
      // The step, its events (to the party just added) and the participants of the answer in one round trip (combined-statement.ts).
      const statement = new CombinedStatement(manager);
      this.ledger.appendIn(statement, step, intent.signedBy);
      this.events.recordStepIn(statement, order, { action: 'CREATE', fromStatus: null, toStatus: 'DRAFT' }, now);
      const participants = await statement.run<ParticipantRow>(this.orders.participantsIn(statement, id));
      const view = await this.ordersService.view(order, ['ISSUING'], now, manager, participants);
      await claim?.complete(manager, view);
      return view;
    });
    this.bus.written();
    this.logger.log({ msg: 'order created', orderId: id, reference: order.reference, instrument: order.instrument, by: principal.userId });
    return view;
  }
}

/** PATCH while in DRAFT, by the drafter's organisation: the whole draft is checked and routed again, and signed as a step (AMEND). */
@Injectable()
export class AmendDraft {
  constructor(
    private readonly steps: StepRunner,
    private readonly drafting: Drafting,
  ) {}

  execute(request: StepRequest<Record<string, unknown>>): Promise<OrderDto> {
    return this.steps.run(request, {
      action: 'AMEND',
      plan: async ({ order }) => {
        const draft = await this.drafting.merged(request.principal, order, request.body);
        return { draft, record: draftRecord(Object.assign(Object.create(Object.getPrototypeOf(order)) as OrderEntity, order, draft)) };
      },
    });
  }
}
