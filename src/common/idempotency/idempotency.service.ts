import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { openSecret, sealSecret } from '../../../libs/pki/index.js';
import { AppConfig } from '../../config/app-config.js';
import { resolveKeyEncryptionKey } from '../../modules/pki/key-store.provider.js';
import { DataSource, IsNull, LessThan, type EntityManager } from 'typeorm';
import { Clock } from '../clock.js';
import { ApiError } from '../errors/api-error.js';
import type { Problem } from '../errors/problem.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';

/**
 * How long a claim counts as in flight without a heartbeat. The holder renews it while it works
 * (`HEARTBEAT_MS`), so a live request keeps its key however long it takes, and a dead one (a
 * crashed process) frees it within seconds for the client's retry.
 */
export const LEASE_MS = 5_000;
export const HEARTBEAT_MS = 1_500;
/**
 * Stored answers hold response bodies (Section M, a webhook's secret among them): they are sealed
 * with the key-encryption key, kept a day, then removed.
 */
export const KEEP_ANSWERS_MS = 24 * 3_600_000;

/** Answers that describe a passing state, not the request: never stored, the key is freed for a retry. */
const TRANSIENT_STATUSES = new Set([409, 412, 429, 503]);
const TRANSIENT_CODES = new Set(['UPLOAD_INTERRUPTED']);
const SEAL_PURPOSE = 'idempotent answers';
/** A sealed answer's column value starts with this (an older row holds plain JSON). */
const SEALED = 'sealed:';

export function isFinal(problem: Pick<Problem, 'status' | 'code'>): boolean {
  return problem.status < 500 && !TRANSIENT_STATUSES.has(problem.status) && !TRANSIENT_CODES.has(problem.code);
}

/** What a key already holds: a stored answer to replay. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

/**
 * `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header), per user: a key is claimed in a
 * short transaction of its own, so a duplicate that arrives meanwhile sees it in flight (409);
 * the answer is stored with the work; only final outcomes are stored.
 */
@Injectable()
export class IdempotencyService {
  private readonly kek: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.kek = resolveKeyEncryptionKey(config);
  }

  /** Claims `key` for `userId`, or answers what it already holds (replay), or refuses (409, 422). */
  async claim(userId: string, key: string, fingerprint: string): Promise<{ claimId: string } | { answer: StoredAnswer }> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const lease = new Date(now.getTime() + LEASE_MS);
      const inserted = await manager.createQueryBuilder().insert().into(IdempotencyKeyEntity).values({ userId, key, fingerprint, lockedUntil: lease }).orIgnore().returning(['id']).execute();
      const id = (inserted.raw as { id?: string }[])[0]?.id;
      if (id) return { claimId: id };
      const existing = await manager.createQueryBuilder(IdempotencyKeyEntity, 'k').where('k.user_id = :userId AND k.key = :key', { userId, key }).setLock('pessimistic_write').getOneOrFail();
      if (existing.fingerprint !== fingerprint) {
        throw new ApiError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request (method, path or body); use a new key.');
      }
      if (existing.responseStatus !== null && existing.responseBody !== null) {
        return { answer: { status: existing.responseStatus, body: this.open(existing.responseBody) } };
      }
      if (existing.lockedUntil && existing.lockedUntil.getTime() > now.getTime()) {
        throw new ApiError('IDEMPOTENCY_REQUEST_IN_FLIGHT', 'A request with this Idempotency-Key is still being processed; retry in a few seconds.');
      }
      // The first attempt died without an answer (its lease ran out): this one takes the key over.
      await manager.update(IdempotencyKeyEntity, { id: existing.id }, { lockedUntil: lease });
      return { claimId: existing.id };
    });
  }

  /** The holder is alive: its claim stays in flight a lease longer. */
  async heartbeat(claimId: string): Promise<void> {
    await this.dataSource.manager.update(IdempotencyKeyEntity, { id: claimId, responseStatus: IsNull() }, { lockedUntil: new Date(this.clock.now().getTime() + LEASE_MS) });
  }

  /** Stores the answer inside the caller's transaction; an answer stored already stays (it is the one a retry replays). */
  async complete(manager: EntityManager, claimId: string, status: number, body: unknown): Promise<void> {
    await manager.update(IdempotencyKeyEntity, { id: claimId, responseStatus: IsNull() }, { responseStatus: status, responseBody: this.seal(body), lockedUntil: null });
  }

  private seal(body: unknown): string {
    return SEALED + sealSecret(this.kek, SEAL_PURPOSE, Buffer.from(JSON.stringify(body))).toString('base64');
  }

  private open(stored: string): unknown {
    const json = stored.startsWith(SEALED) ? openSecret(this.kek, SEAL_PURPOSE, Buffer.from(stored.slice(SEALED.length), 'base64')).toString('utf8') : stored;
    return JSON.parse(json) as unknown;
  }

  /** A success the handler did not store in its own transaction (a route without one). */
  async store(claimId: string, status: number, body: unknown): Promise<void> {
    await this.complete(this.dataSource.manager, claimId, status, body);
  }

  /**
   * A final client error is an answer too and is replayed; anything transient frees the key for a
   * retry. Only a claim still without an answer: a step's answer is stored in its transaction, and
   * a COMMIT that went through before its connection was reported lost (a 503) has stored the
   * answer the retry must replay.
   */
  async fail(claimId: string, problem: Problem): Promise<void> {
    if (!isFinal(problem)) {
      await this.dataSource.manager.delete(IdempotencyKeyEntity, { id: claimId, responseStatus: IsNull() });
      return;
    }
    await this.store(claimId, problem.status, problem);
  }

  /**
   * Removes answers older than a day (they hold response bodies). Answers how many went. On the
   * real time, as the database stamps `created_at`: the demo clock moving forward must not remove
   * answers a client may still replay.
   */
  async removeExpired(now = new Date()): Promise<number> {
    const result = await this.dataSource.manager.delete(IdempotencyKeyEntity, { createdAt: LessThan(new Date(now.getTime() - KEEP_ANSWERS_MS)) });
    return result.affected ?? 0;
  }
}
