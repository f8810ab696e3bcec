import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * A claimed `Idempotency-Key`, handed to the use case explicitly: the use case stores the answer
 * in the same transaction as its work (`complete`), so an acknowledged step and its stored answer
 * commit or vanish together.
 */
export interface IdempotencyClaim {
  complete(manager: EntityManager, body: unknown): Promise<void>;
}

/** The request's claim, when it carried an `Idempotency-Key` (set by IdempotencyInterceptor). */
export const Idempotency = createParamDecorator(
  (_: unknown, context: ExecutionContext): IdempotencyClaim | undefined => context.switchToHttp().getRequest<{ idempotency?: IdempotencyClaim }>().idempotency,
);

export const ANSWER_NEVER_STORED = 'evx:answerNeverStored';

/**
 * A route whose answer is a credential (a token, a second-factor secret): `Idempotency-Key` is
 * ignored there, so no credential is ever kept in the database to be replayed.
 */
export const AnswerNeverStored = (): MethodDecorator & ClassDecorator => SetMetadata(ANSWER_NEVER_STORED, true);
