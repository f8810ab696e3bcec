import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';

export interface StayDownRow {
  id: string;
  seq: string;
  orderReference: string;
  sha256: string;
  pdq: string | null;
  certifiedAccount: boolean;
  withdrawn: boolean;
  addedAt: Date;
}

/** The `stay_down_entries` table: written in the step's transaction, read by every instance. */
@Injectable()
export class StayDownRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The hashes of a confirmed removal (REMOVE), in the step's transaction. */
  async addForRemoval(manager: EntityManager, order: { id: string; reference: string; providerId: string }, hashes: readonly { sha256: string; pdq?: string }[], certifiedAccount: boolean): Promise<void> {
    for (const hash of hashes) {
      await manager.query(
        `INSERT INTO stay_down_entries (id, seq, order_id, order_reference, provider_id, sha256, pdq, certified_account) VALUES ($1, nextval('stay_down_entries_seq'), $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), order.id, order.reference, order.providerId, hash.sha256, hash.pdq ?? null, certifiedAccount],
      );
    }
  }

  /** An order revoked after scrutiny: its hashes leave the list (a new `seq` tells every instance). */
  async withdrawForOrder(manager: EntityManager, orderId: string, at: Date): Promise<void> {
    await manager.query(`UPDATE stay_down_entries SET withdrawn_at = $2, seq = nextval('stay_down_entries_seq') WHERE order_id = $1 AND withdrawn_at IS NULL`, [orderId, at]);
  }

  /**
   * Rows changed after `afterSeq`, and those written in the last minute whatever their `seq`: on a
   * server, a row whose sequence number was taken earlier may commit after a later one, and the
   * look back catches it.
   */
  async changedSince(afterSeq: string, lookBackFrom: Date): Promise<StayDownRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, seq::text AS seq, order_reference, sha256, pdq, certified_account, withdrawn_at IS NOT NULL AS withdrawn, added_at
         FROM stay_down_entries WHERE seq > $1::bigint OR added_at > $2 ORDER BY seq`,
      [afterSeq, lookBackFrom],
    )) as { id: string; seq: string; order_reference: string; sha256: string; pdq: string | null; certified_account: boolean; withdrawn: boolean; added_at: Date }[];
    return rows.map((row) => ({
      id: row.id,
      seq: row.seq,
      orderReference: row.order_reference,
      sha256: row.sha256,
      pdq: row.pdq,
      certifiedAccount: row.certified_account,
      withdrawn: row.withdrawn,
      addedAt: new Date(row.added_at),
    }));
  }
}
