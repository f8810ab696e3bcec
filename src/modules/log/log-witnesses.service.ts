import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import {
  ADD_CHECKPOINT_PATH,
  addCosignatures,
  formatAddCheckpointRequest,
  parseAddCheckpointResponse,
  parseVerifierKey,
  proveTree,
  type NoteVerifier,
} from '../../../libs/tlog/index.js';
import { AppConfig, type LogWitness } from '../../config/app-config.js';
import { LogRepository, type StoredCheckpoint } from './log.repository.js';
import { LogSequencer } from './log-sequencer.service.js';

/** A witness that does not answer within this is tried again with a later checkpoint. */
const REQUEST_TIMEOUT_MS = 5000;
/** How often a witness behind the latest checkpoint is given it again (after a failure, a restart...). */
const CATCH_UP_MS = 5000;

interface Witness {
  config: LogWitness;
  verifier: NoteVerifier;
  name: string;
  /** The size this witness last cosigned, as far as this instance knows (read from the database first). */
  known?: number;
  inFlight?: Promise<void>;
  /** The newest checkpoint that arrived while a request was in flight. */
  next?: StoredCheckpoint;
}

/**
 * The log's side of C2SP tlog-witness: every checkpoint this instance signs goes to each witness
 * in LOG_WITNESSES with a consistency proof from the size the witness last cosigned (a 409 names
 * that size: the proof is made again from it). Cosignatures are verified and kept; the served
 * checkpoint carries them. A witness that is down never holds up sequencing: it gets the newest
 * checkpoint next time, or from the catch-up timer.
 */
@Injectable()
export class LogWitnesses implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LogWitnesses');
  private readonly witnesses: Witness[];
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @Inject(AppConfig) config: AppConfig,
    private readonly log: LogRepository,
    private readonly sequencer: LogSequencer,
  ) {
    this.witnesses = config.logWitnesses.map((w) => {
      const verifier = parseVerifierKey(w.verifierKey);
      return { config: w, verifier, name: verifier.name };
    });
  }

  /** How many witnesses the log has. */
  get count(): number {
    return this.witnesses.length;
  }

  /** The witnesses' verifier keys, as a bundle carries them. */
  verifierKeys(): string[] {
    return this.witnesses.map((w) => w.config.verifierKey);
  }

  onApplicationBootstrap(): void {
    if (this.witnesses.length === 0) return;
    this.sequencer.onCheckpoint((checkpoint) => this.submitAll(checkpoint));
    this.timer = setInterval(() => {
      this.catchUp().catch((error: unknown) => this.logger.warn({ msg: 'witness catch-up failed', err: error }));
    }, CATCH_UP_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.all(this.witnesses.map((w) => w.inFlight));
  }

  /** Sends `checkpoint` to every witness (at most one request per witness at a time); resolves when all answered. */
  async submitAll(checkpoint: StoredCheckpoint): Promise<void> {
    await Promise.all(this.witnesses.map((w) => this.submit(w, checkpoint)));
  }

  /** Gives the latest checkpoint to every witness that has not cosigned it. */
  async catchUp(): Promise<void> {
    const latest = await this.log.latestCheckpoint();
    if (!latest) return;
    const behind = this.witnesses.filter((w) => !latest.cosignatures.some((c) => c.witness === w.config.verifierKey));
    await Promise.all(behind.map((w) => this.submit(w, latest)));
  }

  private submit(witness: Witness, checkpoint: StoredCheckpoint): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (witness.inFlight) {
      if (!witness.next || witness.next.size < checkpoint.size) witness.next = checkpoint;
      return witness.inFlight;
    }
    witness.inFlight = this.send(witness, checkpoint)
      .catch((error: unknown) => this.logger.warn({ msg: 'witness unreachable', witness: witness.name, url: witness.config.url, size: checkpoint.size, err: error }))
      .finally(() => {
        witness.inFlight = undefined;
        const next = witness.next;
        witness.next = undefined;
        if (next && next.size > checkpoint.size) void this.submit(witness, next);
      });
    return witness.inFlight;
  }

  private async send(witness: Witness, checkpoint: StoredCheckpoint): Promise<void> {
    let oldSize = witness.known ?? (await this.log.lastCosignedSize(witness.config.verifierKey));
    // A 409 names the size the witness holds: one more try, proving from there.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (oldSize > checkpoint.size) {
        // A newer checkpoint of this log was cosigned meanwhile (often by another instance):
        // this one is simply stale. Only a witness ahead of the log itself is alarming.
        if ((await this.log.treeSize()) >= oldSize) return;
        this.logger.error({ msg: 'a witness holds a larger tree than this checkpoint: the log may have been forked or rolled back', witness: witness.name, witnessSize: oldSize, size: checkpoint.size });
        return;
      }
      const proof = oldSize > 0 && oldSize < checkpoint.size ? await proveTree(checkpoint.size, oldSize, this.log.hashReader()) : [];
      const response = await fetch(`${witness.config.url}${ADD_CHECKPOINT_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: formatAddCheckpointRequest({ oldSize, proof, checkpoint: checkpoint.note }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const contentType = response.headers.get('content-type')?.split(';')[0].trim();
      const result = parseAddCheckpointResponse(response.status, contentType, await response.text());
      if (result.kind === 'conflict') {
        witness.known = oldSize = result.size;
        continue;
      }
      if (result.kind === 'rejected') {
        this.logger.warn({ msg: 'a witness refused a checkpoint', witness: witness.name, status: result.status, answer: result.message, oldSize, size: checkpoint.size });
        return;
      }
      const cosigned = addCosignatures(checkpoint.note, result.signatures, [witness.verifier]).slice(checkpoint.note.length);
      const lines = cosigned.split('\n').filter(Boolean);
      if (lines.length === 0) {
        this.logger.warn({ msg: 'a witness answered without a cosignature by its key', witness: witness.name, size: checkpoint.size });
        return;
      }
      await this.log.addCosignature(checkpoint.size, witness.config.verifierKey, lines[0]);
      witness.known = checkpoint.size;
      return;
    }
    this.logger.warn({ msg: 'a witness kept answering 409', witness: witness.name, size: checkpoint.size });
  }
}
