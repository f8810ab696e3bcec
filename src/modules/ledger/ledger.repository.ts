import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { SignedStep } from '../../../libs/domain/step-chain.js';
import { CombinedStatement } from '../../database/combined-statement.js';
import { readAsParty } from '../../database/row-level-security.js';
import { LogOutbox, logOutboxEntry } from '../log/log-outbox.js';
import { OrderStepEntity } from './entities/order-step.entity.js';

/** A step with its index in the transparency log, or null until the sequencer logged it. */
export type LoggedStep = OrderStepEntity & { logIndex: number | null };

/**
 * The signed steps of orders: appended by a step's statement, in the step's transaction or as
 * one of its own (with the step's outbox row for the transparency log, so a committed step is
 * always logged), read as a party.
 */
@Injectable()
export class LedgerRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logOutbox: LogOutbox,
  ) {}

  /**
   * The step's row and its row in the transparency log's outbox (`log_pending`: the step's id and
   * hash), as parts of the step's statement. Plain SQL with the id made here: TypeORM's insert
   * builder (the SQL written afresh for 21 columns at every step, then RETURNING read back for the
   * id) was the costliest part of a step's writes on the event loop; the text is the same at every
   * call and prepared.
   */
  appendIn(statement: CombinedStatement, step: SignedStep, signedBy: OrderStepEntity['signedBy']): void {
    const { fields } = step;
    const id = statement.bind(randomUUID());
    const values = [
      fields.orderId,
      fields.seq,
      fields.action,
      fields.fromStatus,
      fields.toStatus,
      new Date(fields.at),
      fields.actor.userId,
      fields.actor.organisationId,
      fields.actor.role,
      step.payload!, // the exchange always holds the payloads it records
      step.record,
      fields.payloadSha256,
      fields.prevHash,
      step.hash,
      step.canonical,
      step.intentCanonical,
      step.intentCms,
      step.signerFingerprintSha256,
      signedBy,
      step.sealCms,
      step.timestampToken,
    ].map((value) => statement.bind(value));
    statement.with(
      `INSERT INTO order_steps (id, order_id, seq, action, from_status, to_status, at, actor_user_id, actor_organisation_id, actor_role,
                                payload, record, payload_sha256, prev_hash, hash, canonical, intent_canonical, intent_cms,
                                signer_fingerprint_sha256, signed_by, seal_cms, timestamp_token)
       VALUES (${id}, ${values.join(', ')})`,
    );
    statement.with(`INSERT INTO log_pending (step_id, entry) VALUES (${id}, ${statement.bind(logOutboxEntry(step.hash))})`);
    this.logOutbox.written(statement);
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
