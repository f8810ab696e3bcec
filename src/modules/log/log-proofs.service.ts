import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatTlogProof, proveRecord } from '../../../libs/tlog/index.js';
import { ApiError } from '../../common/errors/api-error.js';
import { ExchangePkiService } from '../pki/exchange-pki.service.js';
import { LogRepository, type StoredCheckpoint } from './log.repository.js';
import { LogSequencer } from './log-sequencer.service.js';
import { servedCheckpoint } from './log-tiles.service.js';
import { LogWitnesses } from './log-witnesses.service.js';

/** How long a bundle waits for its last steps to be sequenced (normally milliseconds). */
const SEQUENCING_WAIT_MS = 5000;
/** How long it waits for the witnesses to cosign a checkpoint that covers its steps. */
const COSIGNING_WAIT_MS = 3000;
const POLL_MS = 50;

/** A step of a bundle, by its id, place in the chain and hash. */
export interface ProvableStep {
  id: string;
  seq: number;
  hash: string;
}

/** What a bundle carries of the log: one tlog-proof per step under one checkpoint, and the keys to check them. */
export interface BundleProofs {
  checkpoint: StoredCheckpoint;
  /** seq → c2sp.org/tlog-proof@v1 text. */
  proofs: Map<number, string>;
  /** seq → log index. */
  indexes: Map<number, number>;
  logKey: string;
  witnessKeys: string[];
}

/**
 * Offline proofs for a bundle: every step of the order proven (RFC 9162 inclusion) under one
 * checkpoint signed by the log key, cosigned when witnesses exist. A bundle never ships without
 * them: steps the sequencer has not reached are sequenced first (this instance runs it; if
 * another instance holds the sequencer, it waits for it), for a few seconds at most, then 503.
 */
@Injectable()
export class LogProofs {
  constructor(
    private readonly log: LogRepository,
    private readonly sequencer: LogSequencer,
    private readonly witnesses: LogWitnesses,
    private readonly pki: ExchangePkiService,
  ) {}

  async forSteps(steps: readonly ProvableStep[]): Promise<BundleProofs> {
    const indexes = await this.sequenced(steps);
    const minSize = Math.max(...indexes.values()) + 1;
    const checkpoint = await this.checkpointFor(minSize);
    const reader = this.log.hashReader();
    const note = servedCheckpoint(checkpoint);
    const proofs = new Map<number, string>();
    const bySeq = new Map<number, number>();
    for (const step of steps) {
      const index = indexes.get(step.id)!;
      bySeq.set(step.seq, index);
      proofs.set(step.seq, formatTlogProof({ index, proof: await proveRecord(checkpoint.size, index, reader), checkpoint: note }));
    }
    return { checkpoint, proofs, indexes: bySeq, logKey: this.pki.logKey().verifierKey, witnessKeys: this.witnesses.verifierKeys() };
  }

  private async sequenced(steps: readonly ProvableStep[]): Promise<Map<string, number>> {
    const ids = steps.map((step) => step.id);
    const until = Date.now() + SEQUENCING_WAIT_MS;
    for (;;) {
      const indexes = await this.log.indexesOf(ids);
      if (indexes.size === ids.length) return indexes;
      if (Date.now() >= until) {
        const missing = steps.filter((step) => !indexes.has(step.id)).map((step) => step.seq);
        throw new ApiError('SERVICE_UNAVAILABLE', `The transparency log has not sequenced step ${missing.join(', ')} of this order yet; try again in a few seconds.`);
      }
      if ((await this.sequencer.run()) === 0) await sleep(POLL_MS);
    }
  }

  /** The checkpoint to prove under: covering every step, cosigned by every witness if they answer in time. */
  private async checkpointFor(minSize: number): Promise<StoredCheckpoint> {
    const until = Date.now() + (this.witnesses.count > 0 ? COSIGNING_WAIT_MS : 0);
    for (let attempt = 0; ; attempt++) {
      const checkpoint = await this.log.checkpointCovering(minSize);
      if (!checkpoint) throw new Error(`no checkpoint covers the ${minSize} entries just sequenced`);
      if (checkpoint.cosignatures.length >= this.witnesses.count || Date.now() >= until) return checkpoint;
      // The instance that signed it is submitting it; should that one be gone, this one does.
      if (attempt === 0) void this.witnesses.catchUp().catch(() => undefined);
      await sleep(POLL_MS);
    }
  }
}
