import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { eventsOfStep, type EventData, type EventToSend, type EventType, type Recipients } from '../../../libs/domain/order-events.js';
import { clocksOf } from '../../../libs/domain/order-facts.js';
import { TERMINAL_STATUSES, type OrderAction, type OrderStatus } from '../../../libs/domain/order-lifecycle.js';
import { CombinedStatement } from '../../database/combined-statement.js';
import { returning } from '../../database/returning.js';
import type { OrderEntity } from '../orders/entities/order.entity.js';
import { stateOf } from '../orders/orders.mapper.js';
import { EventEntity } from './entities/event.entity.js';

/** One dispatcher at a time, across instances (pg_advisory_xact_lock key). */
const DISPATCH_LOCK = 7_301_001;

@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The events of a step, as a part of its statement (the outbox): every party, and the addressee
   * at receipt. They go to the parties as the statements before it left them (combined-statement.ts).
   */
  recordStepIn(statement: CombinedStatement, order: OrderEntity, step: { action: OrderAction; fromStatus: OrderStatus | null; toStatus: OrderStatus }, at: Date): void {
    this.writeIn(statement, eventsOfStep(step), dataOf(order, at, step.action), at);
  }

  /** One event about an order (a reminder, a deadline passed), inside the caller's transaction. */
  async record(manager: EntityManager, type: EventType, recipients: Recipients, data: EventData, at: Date): Promise<void> {
    const statement = new CombinedStatement(manager);
    this.writeIn(statement, [{ type, recipients }], data, at);
    await statement.run();
  }

  /**
   * Writes each event for every organisation playing one of its recipients in the order right now,
   * as a part of the caller's statement (the outbox: it commits with the step, whether the step has
   * a transaction or is a statement of its own): who receives it is decided here, once, from
   * `order_parties` as the step left them. One part, whatever the number of events, written in
   * their order (an order received, then updated).
   *
   * The events come as one JSON array, not as arrays of columns: PostgreSQL estimates the rows of
   * `unnest($1::text[])` from the array it is given and plans a prepared statement anew at every
   * call while such an estimate makes its plan look cheaper than the generic one, which for a
   * step's whole statement was about a quarter of the database's work for an acknowledgement.
   * `jsonb_array_elements` is estimated the same whatever it is given, so the plan is made once
   * (prepared-statements.ts).
   */
  private writeIn(statement: CombinedStatement, events: readonly EventToSend[], data: EventData, at: Date): void {
    const orderId = statement.bind(data.orderId);
    const createdAt = statement.bind(at);
    const rows = statement.bind(
      JSON.stringify(
        events.map((event) => ({
          type: event.type,
          body: JSON.stringify({ type: event.type, timestamp: at.toISOString(), data }),
          // Party names are codes without commas (libs/domain); null: every party.
          parties: event.recipients === 'EVERY_PARTY' ? null : event.recipients.join(','),
        })),
      ),
    );
    statement.with(
      `INSERT INTO events (id, organisation_id, order_id, type, body, created_at)
       SELECT gen_random_uuid(), p.organisation_id, ${orderId}, e.event->>'type', e.event->>'body', ${createdAt}
         FROM jsonb_array_elements(${rows}::jsonb) WITH ORDINALITY AS e(event, n)
         CROSS JOIN LATERAL (SELECT DISTINCT organisation_id FROM order_parties
                              WHERE order_id = ${orderId} AND (e.event->>'parties' IS NULL OR party = ANY(string_to_array(e.event->>'parties', ',')))) p
        ORDER BY e.n, p.organisation_id`,
    );
  }

  /**
   * Numbers the events written and committed since the last run, in the order they were written
   * (`written`), in one transaction under a lock only one dispatcher holds: numbers become visible in the order they are given, so a reader
   * resuming after a number misses nothing. The same transaction queues their webhook deliveries.
   * Answers how many events it numbered and how many deliveries it queued.
   */
  async dispatch(now: Date, limit = 500): Promise<{ numbered: number; queued: number }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [DISPATCH_LOCK]);
      const pending = (await manager.query(`SELECT id FROM events WHERE seq IS NULL ORDER BY written LIMIT $1`, [limit])) as { id: string }[];
      if (pending.length === 0) return { numbered: 0, queued: 0 };
      const ids = pending.map((row) => row.id);
      // Numbers taken in one go are increasing; they follow the order the events were written in.
      const numbers = ((await manager.query(`SELECT nextval('events_seq')::text AS seq FROM generate_series(1, $1)`, [ids.length])) as { seq: string }[]).map((row) => row.seq);
      numbers.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      await manager.query(`UPDATE events e SET seq = n.seq::bigint FROM unnest($1::uuid[], $2::text[]) AS n(id, seq) WHERE e.id = n.id`, [ids, numbers]);
      const [{ queued }] = (await manager.query(
        `WITH queued AS (
           INSERT INTO webhook_deliveries (id, subscription_id, event_id, status, attempts, next_attempt_at, created_at)
           SELECT gen_random_uuid(), s.id, e.id, 'PENDING', 0, $2, $2
             FROM events e JOIN webhook_subscriptions s ON s.organisation_id = e.organisation_id AND s.disabled_at IS NULL AND (s.events IS NULL OR e.type = ANY(s.events))
            WHERE e.id = ANY($1::uuid[])
              -- Locks the subscriptions read: a deletion (or a 410) waits for this transaction, then
              -- fails what it queued; one that committed first is seen, and nothing is queued for it.
              FOR SHARE OF s
           ON CONFLICT DO NOTHING
           RETURNING 1)
         SELECT count(*)::int AS queued FROM queued`,
        [ids, now],
      )) as { queued: number }[];
      return { numbered: ids.length, queued };
    });
  }

  /** An organisation's numbered events after `seq`, in order. */
  after(organisationId: string, seq: string, limit = 200): Promise<Pick<EventEntity, 'id' | 'seq' | 'type' | 'body'>[]> {
    return this.dataSource.manager
      .createQueryBuilder(EventEntity, 'e')
      .select(['e.id', 'e.seq', 'e.type', 'e.body'])
      .where('e.organisation_id = :organisationId AND e.seq > :seq', { organisationId, seq })
      .orderBy('e.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Where a stream resumes: the number of the organisation's event `id` (null when it is not one of its numbered events). */
  async seqOf(organisationId: string, id: string): Promise<string | null> {
    const row = await this.dataSource.manager.findOne(EventEntity, { where: { id, organisationId }, select: { seq: true } });
    return row?.seq ?? null;
  }

  /** The organisation's last numbered event, for a stream that starts from now. */
  async lastSeq(organisationId: string): Promise<string> {
    const [row] = await returning<{ seq: string | null }>(this.dataSource, `SELECT max(seq)::text AS seq FROM events WHERE organisation_id = $1`, [organisationId]);
    return row?.seq ?? '0';
  }
}

/** The thin body of an event about `order` as it stands: never its content. */
export function dataOf(order: OrderEntity, at: Date, action?: OrderAction, dueAt?: Date | null): EventData {
  // An ended order has no deadline running, whatever its clocks computed before it ended.
  const due = TERMINAL_STATUSES.includes(order.status) ? null : dueAt !== undefined ? dueAt : clocksOf(stateOf(order), at).dueAt;
  return { orderId: order.id, reference: order.reference, status: order.status, version: order.version, ...(action ? { action } : {}), dueAt: due?.toISOString() ?? null };
}
