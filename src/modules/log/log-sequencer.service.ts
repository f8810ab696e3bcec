import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EMPTY_TREE_HASH, appendRecordHashes, recordHash, signCheckpoint } from '../../../libs/tlog/index.js';
import { AppConfig } from '../../config/app-config.js';
import { ExchangePkiService } from '../pki/exchange-pki.service.js';
import { LogRepository, type StoredCheckpoint } from './log.repository.js';

/** Entries per transaction: keeps each batch short on the embedded database's one connection. */
const BATCH = 1000;
/**
 * After a step commits on this instance, the sequencer runs this soon; the steps that commit
 * meanwhile join the batch. At 20 ms a batch of about eleven statements held one or two steps
 * under load; at 100 ms it holds several, and an entry is still logged well within a second.
 */
const WAKE_DELAY_MS = 100;

/**
 * The log's sequencer: one at a time across instances (a transaction-scoped advisory lock; an
 * instance that does not get it leaves the batch to the one that has it). Every
 * LOG_SEQUENCE_INTERVAL_MS, and right after a step commits on this instance, it takes the
 * outbox's steps in id order and, in one transaction per batch, appends their leaf hashes
 * (Go's stored-hash layout), their entries and a new signed checkpoint, and consumes them. Then
 * the witnesses hear of the new checkpoint (LogWitnesses, after commit, never blocking).
 */
@Injectable()
export class LogSequencer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LogSequencer');
  private timer?: NodeJS.Timeout;
  private due = Infinity;
  private running?: Promise<number>;
  private again = false;
  /** A step of this instance committed since the last look at the outbox (see `drain`). */
  private woken = false;
  /** How long to wait before looking again while another instance holds the lock: doubles, up to the poll. */
  private lockedDelay = 0;
  private stopped = false;
  /** Once the log has a checkpoint, an idle pass is one read of the outbox. */
  private started = false;
  private readonly listeners = new Set<(checkpoint: StoredCheckpoint) => void>();

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: LogRepository,
    private readonly pki: ExchangePkiService,
  ) {}

  /** Starts the loop without waiting for it: boot never waits on the log. */
  onApplicationBootstrap(): void {
    if (this.config.logSequenceIntervalMs > 0) this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Called after a step commits on this instance: sequence it soon. */
  wake(): void {
    if (this.config.logSequenceIntervalMs <= 0 || this.stopped) return;
    this.woken = true;
    if (this.running) this.again = true;
    else this.schedule(WAKE_DELAY_MS);
  }

  /** Hears of every checkpoint this instance signs, after its commit. */
  onCheckpoint(listener: (checkpoint: StoredCheckpoint) => void): void {
    this.listeners.add(listener);
  }

  /**
   * Sequences everything pending now, batch after batch; answers how many entries this instance
   * logged (0 when another instance holds the lock). One run at a time per instance.
   */
  run(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      // A step that committed during this run may have missed its batch: its wake() is honoured
      // here, whoever started the run (the timer, or a proof or tile asked for over HTTP).
      if (this.again) {
        this.again = false;
        this.schedule(this.lockedDelay || WAKE_DELAY_MS);
      }
    });
    return this.running;
  }

  private schedule(delay: number): void {
    // With no poll, the sequencer runs only when asked (the specs that drive it by hand).
    if (this.stopped || this.config.logSequenceIntervalMs <= 0) return;
    const at = Date.now() + delay;
    if (at >= this.due) return;
    clearTimeout(this.timer);
    this.due = at;
    this.timer = setTimeout(() => this.tick(), delay);
    this.timer.unref();
  }

  private tick(): void {
    this.due = Infinity;
    // `again` is left alone: a tick that joins a run started over HTTP must not drop the wake of a
    // step that committed during that run (the run's end honours it).
    this.run()
      .catch((error: unknown) => this.logger.error({ msg: 'sequencing failed', err: error }))
      .finally(() => this.schedule(this.config.logSequenceIntervalMs));
  }

  private async drain(): Promise<number> {
    let total = 0;
    const woken = this.woken;
    this.woken = false;
    if (this.started && !(await this.log.hasPending())) {
      this.lockedDelay = 0;
      return 0;
    }
    for (;;) {
      if (this.stopped) return total;
      const batch = await this.sequenceBatch();
      if (batch === 'locked') {
        // Another instance sequences now, and may have read the outbox before a step of ours
        // committed: look again soon rather than at the next poll, less often the longer the lock
        // stays held (a backlog, a stalled holder), and only when a step of this instance woke it.
        if ((woken || this.woken) && this.config.logSequenceIntervalMs > 0) {
          this.woken = true;
          this.lockedDelay = Math.min(this.config.logSequenceIntervalMs, this.lockedDelay ? this.lockedDelay * 2 : WAKE_DELAY_MS);
          this.again = true;
        }
        return total;
      }
      this.lockedDelay = 0;
      this.started = true;
      if (batch === 'idle') return total;
      total += batch.logged;
      for (const listener of this.listeners) listener(batch.checkpoint);
      // Requests get their turn between batches of a backlog: every query waits for one (a socket's
      // answer on a server, PgliteQueue's turn of the event loop on the embedded database).
      if (batch.logged < BATCH) return total;
    }
  }

  /** One batch in one transaction; `locked` while another instance sequences, `idle` when nothing is new. */
  private async sequenceBatch(): Promise<{ logged: number; checkpoint: StoredCheckpoint } | 'locked' | 'idle'> {
    const logKey = this.pki.logKey();
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.log.tryLockSequencer(manager))) return 'locked' as const;
      const latest = await this.log.latestCheckpoint(manager);
      const pending = await this.log.takePending(manager, BATCH);
      // The first run on a new log signs the empty tree, so there is always a checkpoint to serve.
      if (latest && pending.length === 0) return 'idle' as const;
      const size = latest?.size ?? 0;
      const appended = pending.length
        ? await appendRecordHashes(size, pending.map((p) => recordHash(p.entry)), this.log.hashReader(manager))
        : { firstIndex: 0, hashes: [], size: 0, rootHash: EMPTY_TREE_HASH };
      const note = await signCheckpoint({ origin: logKey.origin, size: appended.size, rootHash: appended.rootHash }, [logKey.signer]);
      const checkpoint = { size: appended.size, rootHash: appended.rootHash, note };
      await this.log.append(manager, { firstHashIndex: appended.firstIndex, hashes: appended.hashes, firstIndex: size, entries: pending, checkpoint });
      return { logged: pending.length, checkpoint: { ...checkpoint, cosignatures: [] } };
    });
  }
}
