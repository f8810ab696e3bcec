import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../libs/domain/errors.js';
import { clocksOf } from '../../../libs/domain/order-facts.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { decodeCursor, encodeCursor, type Page } from '../../common/pagination.js';
import type { OrderDto } from './dto/order.dto.js';
import { mapOrder, stateOf } from './orders.mapper.js';
import { OrdersRepository, type OrderListFilter, type VisibleOrder } from './orders.repository.js';

export const orderNotFound = (id: string) => new DomainError('ORDER_NOT_FOUND', `No order ${id} is visible to your organisation.`);

/** Reading orders: one order with its clocks, and the lists. */
@Injectable()
export class OrdersService {
  constructor(
    private readonly orders: OrdersRepository,
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
    return mapOrder(order, clocksOf(stateOf(order), this.clock.now()), parties);
  }

  async list(principal: Principal, filter: OrderListFilter, limit = 50, cursor?: string): Promise<Page<OrderDto>> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.orders.list(principal.organisationId, filter, limit + 1, after);
    const now = this.clock.now();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((order) => mapOrder(order, clocksOf(stateOf(order), now), [], 'summary')),
      nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
    };
  }
}
