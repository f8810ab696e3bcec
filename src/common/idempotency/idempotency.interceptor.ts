import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../../../libs/pki/index.js';
import type { Principal } from '../auth/principal.js';
import { ReplayedProblem, validationError } from '../errors/api-error.js';
import { toProblem } from '../errors/to-problem.js';
import { ANSWER_NEVER_STORED, type IdempotencyClaim } from './idempotency-claim.js';
import { HEARTBEAT_MS, IdempotencyService } from './idempotency.service.js';

const KEY = /^[\x21-\x7e]{1,255}$/;

type KeyedRequest = FastifyRequest & { user?: Principal; idempotency?: IdempotencyClaim };

/**
 * Every state-changing request (POST, PATCH) that carries `Idempotency-Key` goes through here:
 * claim the key, replay a stored answer, or hand the claim to the handler (`@Idempotency()`), keep
 * it alive while the handler runs, and keep the answer only if it is final.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<KeyedRequest>();
    const header = request.headers['idempotency-key'];
    if ((request.method !== 'POST' && request.method !== 'PATCH') || header === undefined || !request.user) return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(ANSWER_NEVER_STORED, [context.getHandler(), context.getClass()])) return next.handle();
    return from(this.handle(context, request, String(header), next));
  }

  private async handle(context: ExecutionContext, request: KeyedRequest, key: string, next: CallHandler): Promise<unknown> {
    if (!KEY.test(key)) throw validationError([{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters, e.g. a UUID' }]);
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);
    const upload = !String(request.headers['content-type'] ?? '').startsWith('application/json');
    // A streamed body is not read twice: its declared digest is what names it.
    if (upload && request.headers['repr-digest'] === undefined) {
      throw validationError([{ field: 'Repr-Digest', message: 'is required with Idempotency-Key on an upload: it is how a retry is recognised as the same file' }]);
    }
    const claimed = await this.idempotency.claim(request.user!.userId, key, fingerprint(request));
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if ('answer' in claimed) {
      void reply.header('idempotent-replayed', 'true');
      if (claimed.answer.status >= 400) throw new ReplayedProblem(claimed.answer.body as never);
      if (claimed.answer.status !== status) void reply.status(claimed.answer.status);
      return claimed.answer.body;
    }
    let completed = false;
    request.idempotency = {
      complete: async (manager: EntityManager, body: unknown) => {
        await this.idempotency.complete(manager, claimed.claimId, status, body);
        completed = true;
      },
    };
    const heartbeat = setInterval(() => {
      this.idempotency.heartbeat(claimed.claimId).catch((error: unknown) => this.logger.warn({ msg: 'idempotency heartbeat failed', err: error }));
    }, HEARTBEAT_MS);
    heartbeat.unref();
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      if (!completed) await this.idempotency.store(claimed.claimId, status, body ?? null);
      return body;
    } catch (error) {
      const { problem } = toProblem(error, request.method);
      problem.instance = request.url.split('?')[0];
      await this.idempotency.fail(claimed.claimId, problem);
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }
}

/** Method, path and body: the same key with anything else is another request (422). */
function fingerprint(request: FastifyRequest): string {
  const hash = createHash('sha256').update(`${request.method} ${request.url}\n`);
  const type = String(request.headers['content-type'] ?? '');
  if (type.startsWith('application/json')) hash.update(canonicalJson(request.body ?? null));
  // A streamed upload is not read twice: it is named by what its headers declare.
  else hash.update(`${type}\n${request.headers['content-length'] ?? ''}\n${request.headers['repr-digest'] ?? ''}\n${request.headers['content-disposition'] ?? ''}`);
  return hash.digest('hex');
}
