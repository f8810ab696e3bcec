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

/**
 * Writers of the list take this transaction-level advisory lock before they take sequence numbers,
 * and hold it to their commit: numbers are then handed out in commit order, so a reader that saw
 * number n has seen every change numbered below n (`nextval` alone is not commit order: a number
 * taken first may commit last).
 */
const STAY_DOWN_WRITE_LOCK = 7_401_001;

/** The `stay_down_entries` table: written in the step's transaction, read by every instance. */
@Injectable()
export class StayDownRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The hashes of a confirmed removal (REMOVE), in the step's transaction. */
  async addForRemoval(manager: EntityManager, order: { id: string; reference: string; providerId: string }, hashes: readonly { sha256: string; pdq?: string }[], certifiedAccount: boolean): Promise<void> {
    if (hashes.length === 0) return;
    await manager.query('SELECT pg_advisory_xact_lock($1)', [STAY_DOWN_WRITE_LOCK]);
    for (const hash of hashes) {
      await manager.query(
        `INSERT INTO stay_down_entries (id, seq, order_id, order_reference, provider_id, sha256, pdq, certified_account) VALUES ($1, nextval('stay_down_entries_seq'), $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), order.id, order.reference, order.providerId, hash.sha256, hash.pdq ?? null, certifiedAccount],
      );
    }
  }

  /** An order revoked after scrutiny: its hashes leave the list (a new `seq` tells every instance). */
  async withdrawForOrder(manager: EntityManager, orderId: string, at: Date): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [STAY_DOWN_WRITE_LOCK]);
    await manager.query(`UPDATE stay_down_entries SET withdrawn_at = $2, seq = nextval('stay_down_entries_seq') WHERE order_id = $1 AND withdrawn_at IS NULL`, [orderId, at]);
  }

  /** Rows changed after `afterSeq` (numbers follow commit order: STAY_DOWN_WRITE_LOCK). */
  async changedSince(afterSeq: string): Promise<StayDownRow[]> {
    return this.rows(`WHERE seq > $1::bigint ORDER BY seq`, [afterSeq]);
  }

  /** The whole list as it stands (the periodic full reload), and the last number it includes. */
  async current(): Promise<{ rows: StayDownRow[]; lastSeq: string }> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [{ last }] = (await manager.query(`SELECT COALESCE(max(seq), 0)::text AS last FROM stay_down_entries`)) as { last: string }[];
      return { rows: await this.rows(`WHERE withdrawn_at IS NULL ORDER BY seq`, [], manager), lastSeq: last };
    });
  }

  private async rows(where: string, parameters: unknown[], manager: EntityManager = this.dataSource.manager): Promise<StayDownRow[]> {
    const rows = (await manager.query(
      `SELECT id, seq::text AS seq, order_reference, sha256, pdq, certified_account, withdrawn_at IS NOT NULL AS withdrawn, added_at
         FROM stay_down_entries ${where}`,
      parameters,
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
