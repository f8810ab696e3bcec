import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { DataCategory, OrderType } from '../../../libs/domain/data-categories.js';
import { PRE_RECEIPT_STATUSES } from '../../../libs/domain/order-lifecycle.js';
import type { StatisticsOrder, StatisticsStep } from '../../../libs/domain/statistics.js';
import type { OrderState } from '../../../libs/domain/order-facts.js';
import { PLANNED_AT_EACH_CALL } from '../../database/prepared-statements.js';
import { readAsParty } from '../../database/row-level-security.js';
import { OrderEntity } from '../orders/entities/order.entity.js';
import { stateOf } from '../orders/orders.mapper.js';

/** Whose orders: every order (the public aggregates), or those an organisation takes one part in. */
export type StatisticsScope = { kind: 'public' } | { kind: 'organisation'; organisationId: string; party: string };

/** Steps whose payload or record the statistics read (issue, enforcing review, non-execution, the clock's withdrawal). */
const FACT_ACTIONS = ['ISSUE', 'REVIEW', 'NOT_EXECUTE', 'WITHDRAW'];

interface OrderRow {
  id: string;
  type: OrderType;
  instrument: string;
  emergency: boolean;
  issuing_country: string;
  enforcing_state: string | null;
  provider_id: string;
  data_categories: DataCategory[] | null;
  deadlines: { clock: string; duration: string }[] | null;
}

interface StepRow {
  order_id: string;
  action: string;
  at: Date;
  from_status: string | null;
  to_status: string;
  payload: string | null;
  record: string | null;
}

/**
 * The orders and steps the statistics count, as SQL. Only steps the transparency log holds below
 * `logSize` are read, so each figure is tied to the checkpoint it states: the same request at the
 * same checkpoint counts the same steps. (The log holds step hashes only: an outsider can check
 * that every counted step is in the log, not recount the figures from it.) An organisation's
 * orders are read as that organisation, under row-level security. Each statement is planned for
 * its scope at every call: one plan for every organisation would be made for whichever came first
 * (src/database/prepared-statements.ts).
 */
@Injectable()
export class StatisticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async orders(scope: StatisticsScope, window: { from: Date; to: Date }, logSize: number): Promise<StatisticsOrder[]> {
    const read = (manager: EntityManager) => this.read(manager, scope, window, logSize);
    const orders = scope.kind === 'public' ? await read(this.dataSource.manager) : await readAsParty(this.dataSource, scope.organisationId, read);
    // The directory is public: names of the addressees, read as the owner.
    const providerIds = [...new Set(orders.map((order) => order.provider.id))];
    const providers = providerIds.length
      ? ((await this.dataSource.query('SELECT id, name, country FROM organisations WHERE id = ANY($1::uuid[])', [providerIds])) as { id: string; name: string; country: string | null }[])
      : [];
    const byId = new Map(providers.map((p) => [p.id, p]));
    return orders.map((order) => ({ ...order, provider: { id: order.provider.id, name: byId.get(order.provider.id)?.name ?? '', country: byId.get(order.provider.id)?.country ?? null } }));
  }

  private async read(manager: EntityManager, scope: StatisticsScope, window: { from: Date; to: Date }, logSize: number): Promise<StatisticsOrder[]> {
    // Receipt is the step into ISSUED from any state before it (a draft, a validation, or the
    // last hop of a state-to-state route): the domain's list, as `isReceipt` reads it.
    const params: unknown[] = [window.from, window.to, logSize, PRE_RECEIPT_STATUSES];
    const party = scope.kind === 'organisation' ? `AND EXISTS (SELECT 1 FROM order_parties p WHERE p.order_id = o.id AND p.organisation_id = $5 AND p.party = $6)` : '';
    if (scope.kind === 'organisation') params.push(scope.organisationId, scope.party);
    // Orders received (issued into the addressee's inbox) in the window, by a step the log holds.
    const orders = (await manager.query(
      `/* ${PLANNED_AT_EACH_CALL} */
       SELECT o.id, o.type, o.instrument, o.emergency, o.issuing_country, o.enforcing_state, o.provider_id,
              o.content->'dataCategories' AS data_categories, o.routing->'selected'->'deadlines' AS deadlines
         FROM orders o
        WHERE EXISTS (SELECT 1 FROM order_steps s JOIN log_entries e ON e.step_id = s.id AND e.index < $3
                       WHERE s.order_id = o.id AND s.to_status = 'ISSUED' AND s.from_status = ANY($4::text[]) AND s.at >= $1 AND s.at < $2)
              ${party}
        ORDER BY o.id`,
      params,
    )) as OrderRow[];
    if (orders.length === 0) return [];
    const steps = (await manager.query(
      `/* ${PLANNED_AT_EACH_CALL} */
       SELECT s.order_id, s.action, s.at, s.from_status, s.to_status,
              CASE WHEN s.action = ANY($3::text[]) THEN convert_from(s.payload, 'UTF8') END AS payload,
              CASE WHEN s.action = ANY($3::text[]) THEN convert_from(s.record, 'UTF8') END AS record
         FROM order_steps s JOIN log_entries e ON e.step_id = s.id AND e.index < $2
        WHERE s.order_id = ANY($1::uuid[])
        ORDER BY s.order_id, s.seq`,
      [orders.map((o) => o.id), logSize, FACT_ACTIONS],
    )) as StepRow[];
    const byOrder = new Map<string, StatisticsStep[]>();
    for (const step of steps) {
      const list = byOrder.get(step.order_id) ?? [];
      list.push({
        action: step.action,
        at: new Date(step.at),
        fromStatus: step.from_status,
        toStatus: step.to_status,
        facts: { ...(step.payload ? JSON.parse(step.payload) : {}), ...(step.record ? JSON.parse(step.record) : {}) } as Record<string, unknown>,
      });
      byOrder.set(step.order_id, list);
    }
    return orders.map((order) => ({
      id: order.id,
      type: order.type,
      instrument: order.instrument,
      emergency: order.emergency,
      dataCategories: order.data_categories ?? [],
      issuingState: order.issuing_country,
      enforcingState: order.enforcing_state,
      provider: { id: order.provider_id, name: '', country: null },
      deadlines: order.deadlines ?? [],
      steps: byOrder.get(order.id) ?? [],
    }));
  }

  /**
   * The removal orders of `scope` as the law reads them (route, history), for the provider's
   * record (libs/domain/removal-accountability.ts). A provider's and an issuer's are read as that
   * organisation, under row-level security.
   */
  async removalOrders(scope: StatisticsScope): Promise<OrderState[]> {
    const read = async (manager: EntityManager) => {
      const query = manager.getRepository(OrderEntity).createQueryBuilder('o').comment(PLANNED_AT_EACH_CALL).where(`o.type = 'REMOVAL'`);
      if (scope.kind === 'organisation') {
        query.andWhere('EXISTS (SELECT 1 FROM order_parties p WHERE p.order_id = o.id AND p.organisation_id = :organisation AND p.party = :party)', { organisation: scope.organisationId, party: scope.party });
      }
      return (await query.getMany()).map(stateOf);
    };
    return scope.kind === 'public' ? read(this.dataSource.manager) : readAsParty(this.dataSource, scope.organisationId, read);
  }
}
