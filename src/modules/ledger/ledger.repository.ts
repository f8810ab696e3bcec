import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { SignedStep } from '../../../libs/domain/step-chain.js';
import { readAsParty } from '../../database/row-level-security.js';
import { OrderStepEntity } from './entities/order-step.entity.js';

/** The signed steps of orders: appended inside a step's transaction, read as a party. */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(manager: EntityManager, step: SignedStep, signedBy: OrderStepEntity['signedBy']): Promise<void> {
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

  /** The chain of an order as `organisationId` may read it (row-level security: nothing for a stranger). */
  stepsAsParty(organisationId: string, orderId: string): Promise<OrderStepEntity[]> {
    return readAsParty(this.dataSource, organisationId, (reader) => reader.find(OrderStepEntity, { where: { orderId }, order: { seq: 'ASC' } }));
  }
}
