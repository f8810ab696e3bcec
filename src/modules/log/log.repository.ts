import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { HASH_SIZE, TlogError, type Hash, type HashReader } from '../../../libs/tlog/index.js';

/** A checkpoint as stored: the log's own signed note, and the witness cosignature lines collected for it. */
export interface StoredCheckpoint {
  size: number;
  rootHash: Buffer;
  note: string;
  cosignatures: { witness: string; line: string }[];
}

/** A pending step as the sequencer takes it. */
export interface PendingEntry {
  id: string;
  stepId: string;
  entry: Buffer;
}

/** Serialises sequencers across instances sharing a database (pg_try_advisory_xact_lock). */
const SEQUENCER_LOCK = 4_201_313;

const toCheckpoint = (row: { size: string; root_hash: Buffer; note: string; cosignatures: { witness: string; line: string }[] | null }): StoredCheckpoint => ({
  size: Number(row.size),
  rootHash: row.root_hash,
  note: row.note,
  cosignatures: row.cosignatures ?? [],
});

const CHECKPOINT_COLUMNS = `c.size, c.root_hash, c.note,
  (SELECT json_agg(json_build_object('witness', s.witness, 'line', s.line) ORDER BY s.witness) FROM log_cosignatures s WHERE s.size = c.size) AS cosignatures`;

/**
 * The transparency log's tables (migration TransparencyLog): the outbox written in each step's
 * transaction, and the append-only stored hashes, entries, checkpoints and cosignatures. SQL
 * only; what to store and prove is libs/tlog's.
 */
@Injectable()
export class LogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether any step waits for the sequencer (one cheap read outside a transaction). */
  async hasPending(): Promise<boolean> {
    const rows = (await this.dataSource.query('SELECT 1 FROM log_pending LIMIT 1')) as unknown[];
    return rows.length > 0;
  }

  /** Takes the sequencer's lock for this transaction, or answers false when another instance holds it. */
  async tryLockSequencer(manager: EntityManager): Promise<boolean> {
    const [row] = (await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SEQUENCER_LOCK])) as { locked: boolean }[];
    return row.locked;
  }

  async takePending(manager: EntityManager, limit: number): Promise<PendingEntry[]> {
    const rows = (await manager.query('SELECT id, step_id, entry FROM log_pending ORDER BY id LIMIT $1', [limit])) as { id: string; step_id: string; entry: Buffer }[];
    return rows.map((row) => ({ id: row.id, stepId: row.step_id, entry: row.entry }));
  }

  /** Stores one batch: its stored hashes, its entries from `firstIndex`, its checkpoint; consumes the outbox rows. */
  async append(
    manager: EntityManager,
    batch: { firstHashIndex: number; hashes: readonly Hash[]; firstIndex: number; entries: readonly PendingEntry[]; checkpoint: { size: number; rootHash: Buffer; note: string } },
  ): Promise<void> {
    const { hashes, entries, checkpoint } = batch;
    if (hashes.length) {
      await manager.query('INSERT INTO log_hashes (index, hash) SELECT * FROM unnest($1::int8[], $2::bytea[])', [hashes.map((_, i) => batch.firstHashIndex + i), hashes]);
    }
    if (entries.length) {
      await manager.query('INSERT INTO log_entries (index, step_id, entry) SELECT * FROM unnest($1::int8[], $2::uuid[], $3::bytea[])', [
        entries.map((_, i) => batch.firstIndex + i),
        entries.map((e) => e.stepId),
        entries.map((e) => e.entry),
      ]);
      await manager.query('DELETE FROM log_pending WHERE id = ANY($1::int8[])', [entries.map((e) => e.id)]);
    }
    await manager.query('INSERT INTO log_checkpoints (size, root_hash, note) VALUES ($1, $2, $3)', [checkpoint.size, checkpoint.rootHash, checkpoint.note]);
  }

  /** The newest checkpoint with its cosignatures, or null before the first. */
  async latestCheckpoint(manager: EntityManager = this.dataSource.manager): Promise<StoredCheckpoint | null> {
    const rows = await manager.query(`SELECT ${CHECKPOINT_COLUMNS} FROM log_checkpoints c ORDER BY c.size DESC LIMIT 1`);
    return rows[0] ? toCheckpoint(rows[0]) : null;
  }

  /** The latest tree size, without reading the note (0 before the first checkpoint). */
  async treeSize(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [row] = (await manager.query('SELECT max(size) AS size FROM log_checkpoints')) as { size: string | null }[];
    return row.size === null ? 0 : Number(row.size);
  }

  async checkpointAt(size: number): Promise<StoredCheckpoint | null> {
    const rows = await this.dataSource.query(`SELECT ${CHECKPOINT_COLUMNS} FROM log_checkpoints c WHERE c.size = $1`, [size]);
    return rows[0] ? toCheckpoint(rows[0]) : null;
  }

  /**
   * The checkpoint to prove entries below `minSize` under: of those at least that large, the one
   * the most witnesses cosigned, the newest among equals.
   */
  async checkpointCovering(minSize: number): Promise<StoredCheckpoint | null> {
    const rows = await this.dataSource.query(
      `SELECT ${CHECKPOINT_COLUMNS}, (SELECT count(*) FROM log_cosignatures s WHERE s.size = c.size) AS witnessed
         FROM log_checkpoints c WHERE c.size >= $1 ORDER BY witnessed DESC, c.size DESC LIMIT 1`,
      [minSize],
    );
    return rows[0] ? toCheckpoint(rows[0]) : null;
  }

  /** Keeps a witness's cosignature line (verified by the caller); a repeat is ignored. */
  async addCosignature(size: number, witness: string, line: string): Promise<void> {
    await this.dataSource.query('INSERT INTO log_cosignatures (size, witness, line) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [size, witness, line]);
  }

  /** The largest size a witness is known to have cosigned (0 when none). */
  async lastCosignedSize(witness: string): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT max(size) AS size FROM log_cosignatures WHERE witness = $1', [witness])) as { size: string | null }[];
    return row.size === null ? 0 : Number(row.size);
  }

  /** Entries `from` .. `to - 1`, in order (an entry bundle). */
  async entries(from: number, to: number): Promise<Buffer[]> {
    const rows = (await this.dataSource.query('SELECT entry FROM log_entries WHERE index >= $1 AND index < $2 ORDER BY index', [from, to])) as { entry: Buffer }[];
    if (rows.length !== to - from) throw new Error(`log_entries holds ${rows.length} of entries ${from}..${to - 1}`);
    return rows.map((row) => row.entry);
  }

  /** Log indexes of steps, for those sequenced. */
  async indexesOf(stepIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, number>> {
    if (stepIds.length === 0) return new Map();
    const rows = (await manager.query('SELECT step_id, index FROM log_entries WHERE step_id = ANY($1::uuid[])', [stepIds])) as { step_id: string; index: string }[];
    return new Map(rows.map((row) => [row.step_id, Number(row.index)]));
  }

  /** A HashReader over log_hashes (one query per call), in a transaction or on its own. */
  hashReader(manager: EntityManager = this.dataSource.manager): HashReader {
    return {
      async readHashes(indexes: readonly number[]): Promise<Hash[]> {
        if (indexes.length === 0) return [];
        const rows = (await manager.query('SELECT index, hash FROM log_hashes WHERE index = ANY($1::int8[])', [[...new Set(indexes)]])) as { index: string; hash: Buffer }[];
        const byIndex = new Map(rows.map((row) => [Number(row.index), row.hash]));
        return indexes.map((index) => {
          const hash = byIndex.get(index);
          if (!hash || hash.length !== HASH_SIZE) throw new TlogError('READER_FAILED', `log_hashes has no stored hash ${index}`);
          return hash;
        });
      },
    };
  }
}
