import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../../libs/domain/errors.js';
import { countersignatureOf, clocksOf } from '../../../libs/domain/order-facts.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { decodeCursor, encodeCursor, type Page } from '../../common/pagination.js';
import type { OrderDto } from './dto/order.dto.js';
import { UsersRepository } from '../identity/users.repository.js';
import type { OrderEntity } from './entities/order.entity.js';
import { mapOrder, stateOf, type OrderViewContext } from './orders.mapper.js';
import { OrdersRepository, type OrderListFilter, type ParticipantRow, type StoredParty, type VisibleOrder } from './orders.repository.js';

export const orderNotFound = (id: string) => new DomainError('ORDER_NOT_FOUND', `No order ${id} is visible to your organisation.`);

/** Reading orders: one order with its clocks, and the lists. */
@Injectable()
export class OrdersService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
  ) {}

  /** The order and the caller's parts in it; 404 when the caller's organisation is not a party. */
  async visible(principal: Principal, id: string): Promise<VisibleOrder> {
    const found = await this.orders.findVisible(principal.organisationId, id);
    if (!found) throw orderNotFound(id);
    return found;
  }

  async get(principal: Principal, id: string): Promise<OrderDto> {
    const { order, parties } = await this.visible(principal, id);
    return this.view(order, parties, this.clock.now());
  }

  /**
   * The order as `parties` see it at `now`, with the names and records beside its ids. Pass the
   * transaction's manager inside one, and the participants when the caller read them already (a
   * step reads them in its own statement).
   */
  async view(order: OrderEntity, parties: readonly StoredParty[], now: Date, manager?: EntityManager, participants?: readonly ParticipantRow[]): Promise<OrderDto> {
    const [context] = await this.contexts([order], manager, participants);
    return mapOrder(order, clocksOf(stateOf(order), now), parties, context);
  }

  /**
   * Whether the view of an order, given its participants (a step's statement reads them), still
   * reads something: the name of the person who countersigned it.
   */
  viewReadsMore(order: OrderEntity): boolean {
    return countersignersOf([order]).length > 0;
  }

  /** The names and records of several orders' views, in a few queries whatever their number. */
  private async contexts(orders: readonly OrderEntity[], manager: EntityManager | undefined, read?: readonly ParticipantRow[]): Promise<OrderViewContext[]> {
    const participants = read ?? (await this.orders.participantsOf(orders.map((order) => order.id), manager));
    const countersigners = countersignersOf(orders);
    const people = new Map((await this.users.findPeople(countersigners, manager)).map((person) => [person.id, { name: person.name, function: person.function }]));
    return orders.map((order) => ({ participants: participants.filter((row) => row.orderId === order.id), people }));
  }

  async list(principal: Principal, filter: OrderListFilter, limit = 50, cursor?: string): Promise<Page<OrderDto>> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.orders.list(principal.organisationId, filter, limit + 1, after);
    const now = this.clock.now();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const contexts = await this.contexts(page, undefined);
    return {
      items: page.map((order, index) => mapOrder(order, clocksOf(stateOf(order), now), [], contexts[index], 'summary')),
      nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
    };
  }
}

function countersignersOf(orders: readonly OrderEntity[]): string[] {
  return orders.flatMap((order) => countersignatureOf(stateOf(order)).step?.actor?.userId ?? []);
}
