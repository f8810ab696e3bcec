import { Inject, Injectable, Logger } from '@nestjs/common';
import { PDQ_MATCH_DISTANCE, StayDownList } from '../../../libs/staydown/index.js';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { StayDownRepository } from './stay-down.repository.js';

export interface StayDownMatchView {
  entryId: string;
  addedAt: string;
  orderReference: string;
  sha256: boolean;
  pdqDistance: number | null;
  certifiedAccount: boolean;
}

/**
 * The shared stay-down list in memory (libs/staydown: SHA-256 map and a multi-index hash for PDQ
 * within Hamming distance 31), kept in step with the table: before each match it reads the rows
 * changed since the last one it saw (their numbers follow commit order), so an entry any instance
 * added or withdrew is matched, or no longer, by every other at its next question. As a safety
 * net against any change missed all the same, the whole list is read again every
 * STAY_DOWN_RELOAD_MS (10 minutes by default).
 */
@Injectable()
export class StayDownService {
  private readonly logger = new Logger('StayDown');
  private list = new StayDownList<string>();
  private details = new Map<string, { addedAt: Date; orderReference: string; certifiedAccount: boolean }>();
  private lastSeq = '0';
  /** Wall time of the last full read; -Infinity: never read. */
  private loadedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly repository: StayDownRepository,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
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
    // Wall time, not the demo clock: the reload is about the table, not the orders' time.
    if (Date.now() - this.loadedAt >= this.config.stayDownReloadMs) return this.reload();
    const rows = await this.repository.changedSince(this.lastSeq);
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

  /** The whole list read again and swapped in at once. */
  private async reload(): Promise<void> {
    const started = Date.now();
    const { rows, lastSeq } = await this.repository.current();
    const list = new StayDownList<string>();
    const details = new Map<string, { addedAt: Date; orderReference: string; certifiedAccount: boolean }>();
    for (const row of rows) {
      list.add({ id: row.id, sha256: row.sha256, ...(row.pdq ? { pdq: row.pdq } : {}) });
      details.set(row.id, { addedAt: row.addedAt, orderReference: row.orderReference, certifiedAccount: row.certifiedAccount });
    }
    this.list = list;
    this.details = details;
    this.lastSeq = lastSeq;
    this.loadedAt = started;
    this.logger.debug({ msg: 'stay-down list reloaded', size: list.size, ms: Date.now() - started });
  }
}
