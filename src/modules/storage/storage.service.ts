import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { CombinedStatement } from '../../database/combined-statement.js';
import { BLOB_STORE, type BlobStore, type StoredBlob } from './blob-store.js';
import { StoredBlobEntity } from './stored-blob.entity.js';

/** Bytes older than this that no row adopted are leftovers: no request stages or commits for that long. */
export const SWEEP_GRACE_MS = 60 * 60 * 1000;

/** Adopting blobs into rows, and sweeping what nothing adopted. */
@Injectable()
export class StorageService {
  private readonly logger = new Logger('Storage');

  constructor(
    @Inject(BLOB_STORE) readonly blobs: BlobStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Records that a committed blob is referred to, inside the transaction of the row that refers to it. */
  async adopt(manager: EntityManager, blobs: readonly Pick<StoredBlob, 'sha256' | 'size'>[]): Promise<void> {
    if (blobs.length === 0) return;
    const statement = new CombinedStatement(manager);
    this.adoptIn(statement, blobs);
    await statement.run();
  }

  /** `adopt`, as a part of the statement that writes the rows referring to the blobs. */
  adoptIn(statement: CombinedStatement, blobs: readonly Pick<StoredBlob, 'sha256' | 'size'>[]): void {
    if (blobs.length === 0) return;
    // Two arrays: one text for any number of blobs, so it is prepared.
    const keys = statement.bind(blobs.map((blob) => blob.sha256));
    const sizes = statement.bind(blobs.map((blob) => String(blob.size)));
    statement.with(`INSERT INTO blobs (sha256, size) SELECT * FROM unnest(${keys}::text[], ${sizes}::bigint[]) ON CONFLICT DO NOTHING`);
  }

  /**
   * Removes staged files and stored blobs older than the grace period that no row adopted. Answers
   * how many of each went. Safe beside live requests and other instances: a blob being committed
   * is younger than the grace period, and a second copy of existing bytes makes them young again.
   */
  async sweep(now = this.clock.now()): Promise<{ staged: number; stored: number }> {
    const cutoff = now.getTime() - SWEEP_GRACE_MS;
    let staged = 0;
    for await (const file of this.blobs.listStaged()) {
      if (file.modifiedAt.getTime() >= cutoff) continue;
      await this.blobs.discard({ id: file.key, sha256: '', size: 0 });
      staged += 1;
    }
    let stored = 0;
    let batch: string[] = [];
    const flush = async () => {
      const adopted = new Set((await this.dataSource.manager.find(StoredBlobEntity, { where: { sha256: In(batch) }, select: { sha256: true } })).map((row) => row.sha256));
      for (const key of batch.filter((key) => !adopted.has(key))) {
        await this.blobs.remove(key);
        stored += 1;
      }
      batch = [];
    };
    for await (const blob of this.blobs.listStored()) {
      if (blob.modifiedAt.getTime() >= cutoff) continue;
      batch.push(blob.key);
      if (batch.length >= 500) await flush();
    }
    if (batch.length) await flush();
    if (staged || stored) this.logger.log({ msg: 'blob store swept', staged, stored });
    return { staged, stored };
  }
}
