import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../clock.js';
import { ApiError } from '../errors/api-error.js';
import type { Problem } from '../errors/problem.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';

/** How long a claimed key counts as in flight; after it a crashed request's key may be taken over. */
const IN_FLIGHT_MS = 60_000;
/** A streamed upload may take hours on a slow line. */
const UPLOAD_IN_FLIGHT_MS = 6 * 3_600_000;
/**
 * Answers that describe a passing state rather than the request: a conflict, a stale If-Match, a
 * rate limit. Stored, they would be replayed after the state moved on; the key is freed instead.
 */
const TRANSIENT_STATUSES = new Set([409, 412, 429]);

interface Claim {
  id: string;
  /** The status the route answers with on success (201 create, 200 transition). */
  status: number;
  completed: boolean;
}

/** What a key already holds: a stored answer to replay. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

/**
 * `Idempotency-Key` (API.md "Conventions"; draft-ietf-httpapi-idempotency-key-header): the key is
 * claimed in its own short transaction, so a duplicate that arrives meanwhile sees it in flight
 * (409); the answer is stored by the service in the same transaction as the work it describes
 * (`complete`), so an acknowledged step and its stored answer commit or vanish together.
 */
@Injectable()
export class IdempotencyService {
  private readonly context = new AsyncLocalStorage<Claim>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Claims `key` for `userId`, or answers what it already holds (replay), or refuses (409, 422). */
  async claim(userId: string, key: string, fingerprint: string, upload = false): Promise<{ claimId: string } | { answer: StoredAnswer }> {
    const inFlight = upload ? UPLOAD_IN_FLIGHT_MS : IN_FLIGHT_MS;
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(IdempotencyKeyEntity)
        .values({ userId, key, fingerprint, lockedUntil: new Date(now.getTime() + inFlight) })
        .orIgnore()
        .returning(['id'])
        .execute();
      const id = (inserted.raw as { id?: string }[])[0]?.id;
      if (id) return { claimId: id };
      const existing = await manager.createQueryBuilder(IdempotencyKeyEntity, 'k').where('k.user_id = :userId AND k.key = :key', { userId, key }).setLock('pessimistic_write').getOneOrFail();
      if (existing.fingerprint !== fingerprint) {
        throw new ApiError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request (method, path or body); use a new key.');
      }
      if (existing.responseStatus !== null && existing.responseBody !== null) {
        return { answer: { status: existing.responseStatus, body: JSON.parse(existing.responseBody) as unknown } };
      }
      if (existing.lockedUntil && existing.lockedUntil.getTime() > now.getTime()) {
        throw new ApiError('IDEMPOTENCY_REQUEST_IN_FLIGHT', 'A request with this Idempotency-Key is still being processed; retry after it completes.');
      }
      // The first attempt died without an answer: this one takes the key over.
      await manager.update(IdempotencyKeyEntity, { id: existing.id }, { lockedUntil: new Date(now.getTime() + inFlight) });
      return { claimId: existing.id };
    });
  }

  /** Runs the handler with the claim in context, so `complete` can find it; says whether it did. */
  async run<T>(claimId: string, status: number, handler: () => Promise<T>): Promise<{ result: T; completed: boolean }> {
    const claim: Claim = { id: claimId, status, completed: false };
    const result = await this.context.run(claim, handler);
    return { result, completed: claim.completed };
  }

  /** Stores the answer inside the caller's transaction; a no-op for requests without a key. */
  async complete(manager: EntityManager, body: unknown): Promise<void> {
    const claim = this.context.getStore();
    if (!claim || claim.completed) return;
    await manager.update(IdempotencyKeyEntity, { id: claim.id }, { responseStatus: claim.status, responseBody: JSON.stringify(body), lockedUntil: null });
    claim.completed = true;
  }

  /** After the handler: stores a success the service did not store in its own transaction. */
  async store(claimId: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.manager.update(IdempotencyKeyEntity, { id: claimId }, { responseStatus: status, responseBody: JSON.stringify(body), lockedUntil: null });
  }

  /**
   * A client error is an answer too and is replayed (a 400, 403, 404, 422); a transient one
   * (409, 412, 429) or a failure on our side frees the key, so a retry runs again.
   */
  async fail(claimId: string, problem: Problem): Promise<void> {
    if (problem.status >= 500 || TRANSIENT_STATUSES.has(problem.status)) {
      await this.dataSource.manager.delete(IdempotencyKeyEntity, { id: claimId });
      return;
    }
    await this.dataSource.manager.update(IdempotencyKeyEntity, { id: claimId }, { responseStatus: problem.status, responseBody: JSON.stringify(problem), lockedUntil: null });
  }
}
