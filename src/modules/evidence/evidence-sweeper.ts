import { Inject, Injectable, Logger } from '@nestjs/common';
import { fromStates } from '../../../libs/domain/order-lifecycle.js';
import { Clock } from '../../common/clock.js';
import { BLOB_STORE, type BlobStore } from '../storage/blob-store.js';
import { SWEEP_GRACE_MS } from '../storage/storage.service.js';
import { EvidenceRepository } from './evidence.repository.js';

/** A resumable upload nobody touched for this long is dropped. */
const ABANDONED_AFTER_MS = 7 * 24 * 3_600_000;

/**
 * Uploads that will never finish: resumable uploads whose order can no longer take evidence or
 * that nobody touched for a week, one-shot reservations whose lease ran out (the request died),
 * and part files no upload owns (a crash between them). Their rows and part files go.
 */
@Injectable()
export class EvidenceSweeper {
  private readonly logger = new Logger('Evidence');

  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly evidence: EvidenceRepository,
    private readonly clock: Clock,
  ) {}

  async sweep(now = this.clock.now()): Promise<number> {
    const abandoned = await this.evidence.abandonedUploads(new Date(now.getTime() - ABANDONED_AFTER_MS), now, fromStates('PRODUCE'));
    for (const { id, kind } of abandoned) {
      if (kind === 'RESUMABLE') await this.blobs.removePart(id);
      await this.evidence.releaseNow(id);
    }
    const parts: string[] = [];
    for await (const part of this.blobs.listParts()) if (part.modifiedAt.getTime() < now.getTime() - SWEEP_GRACE_MS) parts.push(part.key);
    const owned = await this.evidence.uploadIds(parts);
    const orphans = parts.filter((id) => !owned.has(id));
    for (const id of orphans) await this.blobs.removePart(id);
    if (abandoned.length || orphans.length) this.logger.log({ msg: 'abandoned uploads dropped', uploads: abandoned.length, orphanParts: orphans.length });
    return abandoned.length + orphans.length;
  }
}
