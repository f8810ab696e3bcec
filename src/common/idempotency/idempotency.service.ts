import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../clock.js';
import { ApiError } from '../errors/api-error.js';
import type { Problem } from '../errors/problem.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';

/** How long a claimed key counts as in flight; after it a crashed request's key may be taken over. */
const IN_FLIGHT_MS = 60_000;

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
  async claim(userId: string, key: string, fingerprint: string): Promise<{ claimId: string } | { answer: StoredAnswer }> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(IdempotencyKeyEntity)
        .values({ userId, key, fingerprint, lockedUntil: new Date(now.getTime() + IN_FLIGHT_MS) })
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
      await manager.update(IdempotencyKeyEntity, { id: existing.id }, { lockedUntil: new Date(now.getTime() + IN_FLIGHT_MS) });
      return { claimId: existing.id };
    });
  }

  /** Runs the handler with the claim in context, so `complete` can find it. */
  run<T>(claimId: string, status: number, handler: () => T): T {
    return this.context.run({ id: claimId, status, completed: false }, handler);
  }

  /** Stores the answer inside the caller's transaction; a no-op for requests without a key. */
  async complete(manager: EntityManager, body: unknown): Promise<void> {
    const claim = this.context.getStore();
    if (!claim || claim.completed) return;
    await manager.update(IdempotencyKeyEntity, { id: claim.id }, { responseStatus: claim.status, responseBody: JSON.stringify(body), lockedUntil: null });
    claim.completed = true;
  }

  /** After the handler: stores a success the service did not store itself. */
  async completeAfter(claimId: string, status: number, body: unknown): Promise<void> {
    const claim = this.context.getStore();
    if (claim?.completed) return;
    await this.dataSource.manager.update(IdempotencyKeyEntity, { id: claimId }, { responseStatus: status, responseBody: JSON.stringify(body), lockedUntil: null });
  }

  /** A client error is an answer too and is replayed; a failure on our side frees the key for a retry. */
  async fail(claimId: string, problem: Problem): Promise<void> {
    if (problem.status >= 500) {
      await this.dataSource.manager.delete(IdempotencyKeyEntity, { id: claimId });
      return;
    }
    await this.dataSource.manager.update(IdempotencyKeyEntity, { id: claimId }, { responseStatus: problem.status, responseBody: JSON.stringify(problem), lockedUntil: null });
  }
}
