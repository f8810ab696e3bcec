import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { SignedStep } from '../../../libs/domain/step-chain.js';
import { readAsParty } from '../../database/row-level-security.js';
import { LogOutbox } from '../log/log-outbox.js';
import { OrderStepEntity } from './entities/order-step.entity.js';

/** A step with its index in the transparency log, or null until the sequencer logged it. */
export type LoggedStep = OrderStepEntity & { logIndex: number | null };

/**
 * The signed steps of orders: appended inside a step's transaction (with the step's outbox row
 * for the transparency log, so a committed step is always logged), read as a party.
 */
@Injectable()
export class LedgerRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logOutbox: LogOutbox,
  ) {}

  async append(manager: EntityManager, step: SignedStep, signedBy: OrderStepEntity['signedBy']): Promise<void> {
    const { fields } = step;
    const { identifiers } = await manager.insert(OrderStepEntity, {
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
    await this.logOutbox.add(manager, identifiers[0].id as string, step.hash);
  }

  /**
   * The chain of an order as `organisationId` may read it (row-level security: nothing for a
   * stranger), each step with its log index (entries are public).
   */
  stepsAsParty(organisationId: string, orderId: string): Promise<LoggedStep[]> {
    return readAsParty(this.dataSource, organisationId, async (reader) => {
      const { entities, raw } = await reader
        .createQueryBuilder(OrderStepEntity, 's')
        .addSelect('(SELECT e.index FROM log_entries e WHERE e.step_id = s.id)', 's_log_index')
        .where('s.order_id = :orderId', { orderId })
        .orderBy('s.seq', 'ASC')
        .getRawAndEntities<{ s_id: string; s_log_index: string | null }>();
      const indexes = new Map(raw.map((row) => [row.s_id, row.s_log_index === null ? null : Number(row.s_log_index)]));
      return entities.map((step) => Object.assign(step, { logIndex: indexes.get(step.id) ?? null }));
    });
  }
}
