import { Injectable } from '@nestjs/common';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { OrderType } from '../../../libs/domain/data-categories.js';
import type { AuthorityType } from '../../../libs/domain/identity.js';
import type { OrderParty, OrderStatus } from '../../../libs/domain/order-lifecycle.js';
import type { SignedStep } from '../../../libs/domain/step-chain.js';
import { OrganisationEntity } from '../identity/entities/organisation.entity.js';
import { OrderPartyEntity } from './entities/order-party.entity.js';
import { OrderStepEntity } from './entities/order-step.entity.js';
import { OrderEntity } from './entities/order.entity.js';

export type StoredParty = Exclude<OrderParty, 'SYSTEM'>;

export interface OrderListFilter {
  status?: OrderStatus;
  type?: OrderType;
  /** outbox: orders the organisation issues; inbox: orders it receives, validates, reviews or collects. */
  box?: 'inbox' | 'outbox';
}

/**
 * Orders as an organisation may see them. Every read goes through `order_parties`: an order
 * without a row for the caller's organisation does not exist for it (404), whatever the query.
 */
@Injectable()
export class OrdersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /**
   * Runs a read as the row-level-security role evx_reader, with the caller's organisation set for
   * the transaction: the database itself then shows only the orders it is a party to, whatever the
   * query (migration RowLevelSecurity). The second wall behind the application's own check.
   */
  private asParty<T>(organisationId: string, read: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('role', 'evx_reader', true), set_config('evx.organisation_id', $1, true)`, [organisationId]);
      return read(manager);
    });
  }

  /**
   * The order and the parts `organisationId` plays in it, or null if it is not a party. Inside a
   * transaction (`manager`, `lock` taking the row lock that serialises transitions) it reads as the
   * owner; alone, it reads under row-level security.
   */
  async findVisible(organisationId: string, id: string, manager?: EntityManager, lock = false): Promise<{ order: OrderEntity; parties: StoredParty[] } | null> {
    if (!manager) return this.asParty(organisationId, (reader) => this.findVisible(organisationId, id, reader, lock));
    // One round trip: the order and the caller's parts in it (an empty array means not a party).
    const query = this.manager(manager)
      .createQueryBuilder(OrderEntity, 'o')
      .addSelect('ARRAY(SELECT p.party FROM order_parties p WHERE p.order_id = o.id AND p.organisation_id = :organisationId ORDER BY p.party)', 'o_parties')
      .where('o.id = :id', { id })
      .setParameter('organisationId', organisationId);
    if (lock) query.setLock('pessimistic_write', undefined, ['o']);
    const { entities, raw } = await query.getRawAndEntities<{ o_parties: StoredParty[] }>();
    const parties = raw[0]?.o_parties ?? [];
    if (!entities[0] || parties.length === 0) return null;
    return { order: entities[0], parties };
  }

  /** The order regardless of parties: only for the exchange's own clock. */
  findForSystem(id: string, manager: EntityManager): Promise<OrderEntity | null> {
    return manager.createQueryBuilder(OrderEntity, 'o').where('o.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  async partiesOf(orderId: string, organisationId: string, manager?: EntityManager): Promise<StoredParty[]> {
    const rows = await this.manager(manager).find(OrderPartyEntity, { where: { orderId, organisationId }, select: { party: true } });
    return rows.map((row) => row.party);
  }

  /** Newest first, keyset-paginated on (created_at, id); under row-level security. */
  list(organisationId: string, filter: OrderListFilter, limit: number, after?: [string, string]): Promise<OrderEntity[]> {
    return this.asParty(organisationId, (reader) => this.listAs(reader, organisationId, filter, limit, after));
  }

  private async listAs(reader: EntityManager, organisationId: string, filter: OrderListFilter, limit: number, after?: [string, string]): Promise<OrderEntity[]> {
    const parties: StoredParty[] | undefined =
      filter.box === 'outbox' ? ['ISSUING'] : filter.box === 'inbox' ? ['VALIDATION_CANDIDATE', 'VALIDATING', 'ADDRESSEE', 'ENFORCING', 'EVIDENCE_RECIPIENT'] : undefined;
    const query = reader
      .createQueryBuilder(OrderEntity, 'o')
      .where(
        `EXISTS (SELECT 1 FROM order_parties p WHERE p.order_id = o.id AND p.organisation_id = :organisationId${parties ? ' AND p.party IN (:...parties)' : ''})`,
        { organisationId, parties },
      )
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(limit);
    if (filter.status) query.andWhere('o.status = :status', { status: filter.status });
    if (filter.type) query.andWhere('o.type = :type', { type: filter.type });
    if (after) query.andWhere('(o.created_at, o.id) < (:createdAt, :id)', { createdAt: after[0], id: after[1] });
    return query.getMany();
  }

  async insert(order: OrderEntity, manager: EntityManager): Promise<void> {
    // insert, not save: save reads the row back first to diff it.
    await manager.insert(OrderEntity, order as QueryDeepPartialEntity<OrderEntity>);
  }

  /**
   * Writes the columns a step changes; the draft's content and route only when `withDraft` (an
   * amendment). One UPDATE, without the read-back `save` would do.
   */
  async update(order: OrderEntity, manager: EntityManager, withDraft = false): Promise<void> {
    const { id, status, version, lastStepHash, history, resumeStatus, validatingOrganisationId, updatedAt } = order;
    const draft = withDraft
      ? (({ type, instrument, form, tier, emergency, providerId, evidenceRecipientId, enforcingState, content, sectionM, routing }) => ({ type, instrument, form, tier, emergency, providerId, evidenceRecipientId, enforcingState, content, sectionM, routing }))(order)
      : {};
    // jsonb members are typed loosely by TypeORM's partial-entity type; the values are the entity's own.
    const changes = { status, version, lastStepHash, history, resumeStatus, validatingOrganisationId, updatedAt, ...draft } as QueryDeepPartialEntity<OrderEntity>;
    await manager.update(OrderEntity, { id }, changes);
  }

  async addParties(orderId: string, rows: { organisationId: string; party: StoredParty }[], manager: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(OrderPartyEntity)
      .values(rows.map((row) => ({ orderId, ...row })))
      .orIgnore()
      .execute();
  }

  async removeParties(orderId: string, party: StoredParty, manager: EntityManager): Promise<void> {
    await manager.delete(OrderPartyEntity, { orderId, party });
  }

  /** Judicial authorities of `country` whose type may validate, other than the drafter's. */
  async validatingAuthorities(country: string, types: readonly AuthorityType[], exceptOrganisationId: string, manager?: EntityManager): Promise<OrganisationEntity[]> {
    if (types.length === 0) return [];
    return this.manager(manager).find(OrganisationEntity, {
      where: { kind: 'AUTHORITY', country, authorityType: In([...types]), id: Not(exceptOrganisationId) },
      order: { name: 'ASC' },
    });
  }

  /** The enforcing authorities of the State where the addressee sits. */
  enforcingAuthorities(country: string, manager?: EntityManager): Promise<OrganisationEntity[]> {
    return this.manager(manager).find(OrganisationEntity, { where: { kind: 'AUTHORITY', country, authorityType: 'ENFORCING_AUTHORITY' } });
  }

  async insertStep(step: SignedStep, signedBy: OrderStepEntity['signedBy'], manager: EntityManager): Promise<void> {
    const { fields } = step;
    await manager.insert(OrderStepEntity, {
      orderId: fields.orderId,
      seq: fields.seq,
      action: fields.action,
      fromStatus: fields.fromStatus,
      toStatus: fields.toStatus,
      at: new Date(fields.at),
      actorUserId: fields.actor.userId,
      actorOrganisationId: fields.actor.organisationId,
      actorRole: fields.actor.role,
      payload: step.payload!, // the exchange always holds the payloads it records
      record: step.record,
      payloadSha256: fields.payloadSha256,
      prevHash: fields.prevHash,
      hash: step.hash,
      canonical: step.canonical,
      intentCanonical: step.intentCanonical,
      intentCms: step.intentCms,
      signerFingerprintSha256: step.signerFingerprintSha256,
      signedBy,
      sealCms: step.sealCms,
      timestampToken: step.timestampToken,
    });
  }

  steps(orderId: string, manager?: EntityManager): Promise<OrderStepEntity[]> {
    return this.manager(manager).find(OrderStepEntity, { where: { orderId }, order: { seq: 'ASC' } });
  }

  /** Orders whose clocks may need the exchange to act (preservation expiry, lapsed ex-post validation). */
  clockCandidates(): Promise<Pick<OrderEntity, 'id'>[]> {
    return this.manager()
      .createQueryBuilder(OrderEntity, 'o')
      .select('o.id')
      .where(`(o.type = 'PRESERVATION' AND o.status IN ('ISSUED', 'ACKNOWLEDGED', 'CLARIFICATION_REQUESTED', 'PRESERVED')) OR (o.emergency AND o.status NOT IN ('DRAFT', 'PENDING_VALIDATION', 'WITHDRAWN', 'EXPIRED', 'CLOSED'))`)
      .getMany();
  }
}
