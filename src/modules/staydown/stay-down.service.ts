import { Injectable, Logger } from '@nestjs/common';
import { PDQ_MATCH_DISTANCE, StayDownList } from '../../../libs/staydown/index.js';
import { Clock } from '../../common/clock.js';
import { StayDownRepository } from './stay-down.repository.js';

export interface StayDownMatchView {
  entryId: string;
  addedAt: string;
  orderReference: string;
  sha256: boolean;
  pdqDistance: number | null;
  certifiedAccount: boolean;
}

/** How far back every refresh looks, beside the rows past the last `seq` (see StayDownRepository.changedSince). */
const LOOK_BACK_MS = 60_000;

/**
 * The shared stay-down list in memory (libs/staydown: SHA-256 map and a multi-index hash for PDQ
 * within Hamming distance 31), kept in step with the table: before each match it reads the rows
 * changed since the last one it saw, so an entry any instance added is matched by every other at
 * its next question.
 */
@Injectable()
export class StayDownService {
  private readonly logger = new Logger('StayDown');
  private readonly list = new StayDownList<string>();
  private readonly details = new Map<string, { addedAt: Date; orderReference: string; certifiedAccount: boolean }>();
  private lastSeq = '0';
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly repository: StayDownRepository,
    private readonly clock: Clock,
  ) {}

  get size(): number {
    return this.list.size;
  }

  async match(query: { sha256?: string; pdq?: string }): Promise<StayDownMatchView[]> {
    await this.refresh();
    return this.list.match(query, PDQ_MATCH_DISTANCE).map((match) => {
      const detail = this.details.get(match.id)!;
      return { entryId: match.id, addedAt: detail.addedAt.toISOString(), orderReference: detail.orderReference, sha256: match.sha256, pdqDistance: match.pdqDistance, certifiedAccount: detail.certifiedAccount };
    });
  }

  /** Reads what changed in the table; one refresh at a time, the others wait for it. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    // Wall time, not the demo clock: the look back is about commits on the server.
    const rows = await this.repository.changedSince(this.lastSeq, new Date(Date.now() - LOOK_BACK_MS));
    for (const row of rows) {
      if (row.withdrawn) {
        this.list.remove(row.id);
        this.details.delete(row.id);
      } else if (!this.list.has(row.id)) {
        this.list.add({ id: row.id, sha256: row.sha256, ...(row.pdq ? { pdq: row.pdq } : {}) });
        this.details.set(row.id, { addedAt: row.addedAt, orderReference: row.orderReference, certifiedAccount: row.certifiedAccount });
      }
      if (BigInt(row.seq) > BigInt(this.lastSeq)) this.lastSeq = row.seq;
    }
    if (rows.length > 0) this.logger.debug({ msg: 'stay-down list refreshed', rows: rows.length, size: this.list.size, at: this.clock.now().toISOString() });
  }
}
