import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { OrderType } from '../../../libs/domain/data-categories.js';
import type { AuthorityType } from '../../../libs/domain/identity.js';
import type { RecordedParty } from '../../../libs/domain/order-access.js';
import { fromStates, type OrderStatus } from '../../../libs/domain/order-lifecycle.js';
import type { CombinedStatement } from '../../database/combined-statement.js';
import { plainRows, type PlainRows } from '../../database/plain-rows.js';
import { readAsParty } from '../../database/row-level-security.js';
import { OrderPartyEntity } from './entities/order-party.entity.js';
import { OrderEntity, type StoredIssuerRecord } from './entities/order.entity.js';

export type StoredParty = RecordedParty;

export interface OrderListFilter {
  status?: OrderStatus;
  type?: OrderType;
  /** outbox: orders the organisation issues; inbox: orders it receives, validates, reviews or collects. */
  box?: 'inbox' | 'outbox';
  /** Only orders changed after this instant. */
  updatedSince?: Date;
}

/** An order together with the parts the reading organisation plays in it. */
export interface VisibleOrder {
  order: OrderEntity;
  parties: StoredParty[];
}

/** Where an order stood when a step locked it: a step applies only to the version it was prepared for. */
export interface LockedOrder {
  version: number;
  lastStepHash: string;
  parties: StoredParty[];
}

const INBOX: readonly StoredParty[] = ['VALIDATION_CANDIDATE', 'VALIDATING', 'CERTIFYING', 'TRANSMITTING', 'EXECUTING', 'ADDRESSEE', 'ENFORCING', 'SCRUTINISING', 'EVIDENCE_RECIPIENT'];

/** An organisation taking part in an order, as the order view names it. */
export interface ParticipantRow {
  orderId: string;
  party: StoredParty;
  organisationId: string;
  name: string;
  country: string | null;
  authorityType: AuthorityType | null;
  kind: string;
  contactEmail: string | null;
  contactPhone: string | null;
  contactAddress: string | null;
  suspendedAt: Date | null;
  suspensionReason: string | null;
}

/** Receipts of one issuing authority, one at a time (pg_advisory_xact_lock's first key; the second is the issuer's). */
const ISSUER_RECEIPTS_LOCK = 7_301_002;

/**
 * Orders as an organisation may see them. Every read is scoped twice: by `order_parties` in the
 * query (an order without a row for the caller's organisation does not exist for it: 404), and by
 * row-level security (the read runs as evx_reader for that organisation). Writes run as the owner
 * inside the caller's transaction.
 */
@Injectable()
export class OrdersRepository {
  /** The order read on every step and every look at an order, without the query builder (plain-rows.ts). */
  private readonly orderRows: PlainRows<OrderEntity>;
  /** `findVisible`'s statement, written once. */
  private readonly visibleOrder: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(OrderEntity) private readonly orders: Repository<OrderEntity>,
  ) {
    this.orderRows = plainRows(dataSource.getMetadata(OrderEntity));
    this.visibleOrder = `SELECT ${this.orderRows.select('(r.entry)')}, r.parties AS evx_parties FROM evx_order_as_party($1, $2) r`;
  }

  /**
   * The order and the caller's parts in it, or null if it is not a party. One statement: the
   * function evx_order_as_party (migration OrderAsParty) switches the statement to evx_reader for
   * the organisation, as `readAsParty` does a transaction, and reads both under row-level
   * security; it took four round trips in a transaction of its own.
   */
  async findVisible(organisationId: string, id: string): Promise<VisibleOrder | null> {
    const rows = (await this.dataSource.query(this.visibleOrder, [organisationId, id])) as (Record<string, unknown> & { evx_parties: StoredParty[] })[];
    const row = rows[0];
    if (!row || row.evx_parties.length === 0) return null;
    return { order: this.orderRows.entity(row), parties: row.evx_parties };
  }

  /**
   * Takes the row lock that serialises an order's steps, reading as the party (row-level security
   * covers the locked read too), and leaves the transaction to the owner for its writes: the
   * function evx_lock_as_party (migration LockAsParty) does the switch, the lock and the switch
   * back in one statement. Null when the caller is no longer a party.
   */
  async lockForStep(manager: EntityManager, organisationId: string, id: string, receiptOf?: string): Promise<LockedOrder | null> {
    // A step of receipt also waits for the issuer's other receipts here (recordReceipt says why), in the same round trip.
    const rows = (await manager.query(
      receiptOf === undefined
        ? `SELECT version, last_step_hash, parties FROM evx_lock_as_party($1, $2)`
        : `SELECT version, last_step_hash, parties, pg_advisory_xact_lock($3, hashtext($4::text)) FROM evx_lock_as_party($1, $2)`,
      receiptOf === undefined ? [organisationId, id] : [organisationId, id, ISSUER_RECEIPTS_LOCK, receiptOf],
    )) as { version: number; last_step_hash: string; parties: StoredParty[] }[];
    const row = rows[0];
    if (!row || row.parties.length === 0) return null;
    return { version: row.version, lastStepHash: row.last_step_hash, parties: row.parties };
  }

  /** The exchange's own clock reads and locks any order (no party): its steps are sealed by the exchange. */
  findForSystem(id: string): Promise<OrderEntity | null> {
    return this.orders.findOne({ where: { id } });
  }

  /** The order's version now, as the owner: for the message of a step whose order moved under it (its caller read it a moment ago). */
  async versionOf(id: string): Promise<number | null> {
    const rows = (await this.dataSource.query('SELECT version FROM orders WHERE id = $1', [id])) as { version: number }[];
    return rows[0]?.version ?? null;
  }

  async lockForSystem(manager: EntityManager, id: string): Promise<{ version: number; lastStepHash: string } | null> {
    const rows = (await manager.query('SELECT version, last_step_hash FROM orders WHERE id = $1 FOR UPDATE', [id])) as { version: number; last_step_hash: string }[];
    return rows[0] ? { version: rows[0].version, lastStepHash: rows[0].last_step_hash } : null;
  }

  /** Newest first, keyset-paginated on (created_at, id); under row-level security. */
  list(organisationId: string, filter: OrderListFilter, limit: number, after?: [string, string]): Promise<OrderEntity[]> {
    return readAsParty(this.dataSource, organisationId, (reader) => {
      const parties = filter.box === 'outbox' ? ['ISSUING'] : filter.box === 'inbox' ? INBOX : undefined;
      const query = reader
        .createQueryBuilder(OrderEntity, 'o')
        .where(`EXISTS (SELECT 1 FROM order_parties p WHERE p.order_id = o.id AND p.organisation_id = :organisationId${parties ? ' AND p.party IN (:...parties)' : ''})`, {
          organisationId,
          parties,
        })
        .orderBy('o.created_at', 'DESC')
        .addOrderBy('o.id', 'DESC')
        .limit(limit);
      if (filter.status) query.andWhere('o.status = :status', { status: filter.status });
      if (filter.type) query.andWhere('o.type = :type', { type: filter.type });
      if (filter.updatedSince) query.andWhere('o.updated_at > :updatedSince', { updatedSince: filter.updatedSince });
      if (after) query.andWhere('(o.created_at, o.id) < (:createdAt, :id)', { createdAt: after[0], id: after[1] });
      return query.getMany();
    });
  }

  async insert(manager: EntityManager, order: OrderEntity): Promise<void> {
    // insert, not save: save reads the row back first to diff it.
    await manager.insert(OrderEntity, order as QueryDeepPartialEntity<OrderEntity>);
  }

  /**
   * The columns a step changes, as a part of the step's statement: one UPDATE, without the
   * read-back `save` would do, in plain SQL (TypeORM's update builder wrote it afresh at every
   * step). An amendment's draft is written before it (`updateDraft`).
   */
  updateIn(statement: CombinedStatement, order: OrderEntity): void {
    const { id, status, version, lastStepHash, history, resumeStatus, validatingOrganisationId, updatedAt, nextClockAt, issuerRecord } = order;
    // jsonb from its JSON text: node-postgres would send an array as a PostgreSQL array.
    const [$id, ...$] = [id, status, version, lastStepHash, JSON.stringify(history), resumeStatus, validatingOrganisationId, updatedAt, nextClockAt, issuerRecord === null ? null : JSON.stringify(issuerRecord)].map((value) => statement.bind(value));
    statement.with(
      `UPDATE orders SET status = ${$[0]}, version = ${$[1]}, last_step_hash = ${$[2]}, history = ${$[3]}, resume_status = ${$[4]}, validating_organisation_id = ${$[5]},
                         updated_at = ${$[6]}, next_clock_at = ${$[7]}, issuer_record = coalesce(${$[8]}, issuer_record)
        WHERE id = ${$id}`,
    );
  }

  /** An amendment's draft columns, routed again (rare: an amendment of a draft), before the step's statement. */
  async updateDraft(manager: EntityManager, order: OrderEntity): Promise<void> {
    const { type, instrument, form, tier, emergency, providerId, evidenceRecipientId, enforcingState, content, sectionM, routing } = order;
    // jsonb members are typed loosely by TypeORM's partial-entity type; the values are the entity's own.
    const changes = { type, instrument, form, tier, emergency, providerId, evidenceRecipientId, enforcingState, content, sectionM, routing } as QueryDeepPartialEntity<OrderEntity>;
    await manager.update(OrderEntity, { id: order.id }, changes);
  }

  /** The rows as two arrays: one text for any number of them, so it is prepared (prepared-statements.ts). */
  async addParties(manager: EntityManager, orderId: string, rows: readonly { organisationId: string; party: StoredParty }[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO order_parties (order_id, organisation_id, party)
       SELECT $1, row.organisation_id, row.party FROM unnest($2::uuid[], $3::text[]) AS row(organisation_id, party)
       ON CONFLICT DO NOTHING`,
      [orderId, rows.map((row) => row.organisationId), rows.map((row) => row.party)],
    );
  }

  async removeParties(manager: EntityManager, orderId: string, party: StoredParty): Promise<void> {
    await manager.delete(OrderPartyEntity, { orderId, party });
  }

  /**
   * Every organisation taking part in these orders, with its name and contacts. Read as the owner,
   * after the caller's own access to the orders was checked (row-level security shows a party only
   * its own rows of order_parties).
   */
  async participantsOf(orderIds: readonly string[], manager?: EntityManager): Promise<ParticipantRow[]> {
    if (orderIds.length === 0) return [];
    return (manager ?? this.dataSource.manager).query(participantsRead('$1'), [orderIds]) as Promise<ParticipantRow[]>;
  }

  /**
   * `participantsOf` one order, as the read that closes a step's statement (it sees the parties as
   * the step's earlier statements left them). By its id, not an array of one: PostgreSQL estimates
   * `= ANY($1)` from the array it is given, and would plan the step's statement anew at every call
   * (events.repository.ts, `writeIn`).
   */
  participantsIn(statement: CombinedStatement, orderId: string): string {
    return participantsRead(`ARRAY[${statement.bind(orderId)}::uuid]`);
  }

  /**
   * The step of receipt, in its transaction before the step is written: counts the order as sent
   * by its issuer to its provider (`issuer_sent_counts`) and answers the issuer's record as the
   * provider is shown it from now on: the orders received before this one, of them those to this
   * provider, and the certificate of the issuer's last step up to receipt (`step`, the step of
   * receipt itself when the issuer takes it, else its last step before). Costs the same whatever
   * the issuer's history (the sum runs over the providers it has sent to).
   *
   * The issuer's receipts are taken one at a time, until commit: the step's lock took a
   * transaction-scoped advisory lock per issuer (`lockForStep`'s `receiptOf`), in a statement
   * before this one, so that this count's snapshot, taken when it starts, sees every receipt
   * committed before. With only the count's row locked, two receipts to two providers at once on
   * a server each missed the other and got the same number.
   */
  async recordReceipt(
    manager: EntityManager,
    order: Pick<OrderEntity, 'id' | 'issuingOrganisationId' | 'providerId'>,
    step: { seq: number; at: Date; actorOrganisationId: string | null; signerFingerprintSha256: string },
  ): Promise<StoredIssuerRecord> {
    const byIssuer = step.actorOrganisationId === order.issuingOrganisationId;
    const [row] = (await manager.query(
      `WITH bumped AS (
         INSERT INTO issuer_sent_counts AS c (issuing_organisation_id, provider_id, sent) VALUES ($1, $2, 1)
         ON CONFLICT (issuing_organisation_id, provider_id) DO UPDATE SET sent = c.sent + 1
         RETURNING c.sent - 1 AS before)
       SELECT b.before + (SELECT coalesce(sum(o.sent), 0) FROM issuer_sent_counts o WHERE o.issuing_organisation_id = $1 AND o.provider_id <> $2)::int AS sent,
              b.before AS "toYou", last.at AS "signedAt", cert.not_before AS "notBefore"
         FROM bumped b
         LEFT JOIN LATERAL (
               SELECT 1 AS rank, $5::timestamptz AS at, $6::char(64) AS fingerprint WHERE $5::timestamptz IS NOT NULL
               UNION ALL
               (SELECT 2, s.at, s.signer_fingerprint_sha256 FROM order_steps s
                 WHERE s.order_id = $3 AND s.actor_organisation_id = $1 AND s.seq < $4
                 ORDER BY s.seq DESC LIMIT 1)
               ORDER BY rank LIMIT 1) last ON true
         LEFT JOIN certificates cert ON cert.fingerprint_sha256 = last.fingerprint AND cert.organisation_id = $1`,
      [order.issuingOrganisationId, order.providerId, order.id, step.seq, byIssuer ? step.at : null, byIssuer ? step.signerFingerprintSha256 : null],
    )) as { sent: number; toYou: number; signedAt: Date | null; notBefore: Date | null }[];
    return { ordersSentBefore: row.sent, ordersSentToYouBefore: row.toYou, signedAt: row.signedAt?.toISOString() ?? null, certificateIssuedAt: row.notBefore?.toISOString() ?? null };
  }

  /**
   * Orders on which a clock of the exchange may run out: preservations in the states they can
   * expire from, and emergency orders that an ex-post validation may withdraw. The state lists
   * come from the life-cycle table.
   */
  clockCandidates(): Promise<Pick<OrderEntity, 'id'>[]> {
    return this.orders
      .createQueryBuilder('o')
      .select('o.id')
      .where(`(o.type = 'PRESERVATION' AND o.status IN (:...expiring)) OR (o.emergency AND o.status IN (:...withdrawable))`, {
        expiring: fromStates('EXPIRE', 'PRESERVATION'),
        withdrawable: fromStates('WITHDRAW'),
      })
      .getMany();
  }
}

/** Every organisation taking part in the orders whose ids are the array `orderIds` (a parameter, or an SQL array), with its name and contacts. */
function participantsRead(orderIds: string): string {
  return `SELECT p.order_id AS "orderId", p.party, o.id AS "organisationId", o.name, o.country, o.authority_type AS "authorityType", o.kind,
                 o.contact_email AS "contactEmail", o.contact_phone AS "contactPhone", o.contact_address AS "contactAddress",
                 o.suspended_at AS "suspendedAt", o.suspension_reason AS "suspensionReason"
            FROM order_parties p JOIN organisations o ON o.id = p.organisation_id
           WHERE p.order_id = ANY(${orderIds}::uuid[])
           ORDER BY p.order_id, p.party, o.name`;
}
