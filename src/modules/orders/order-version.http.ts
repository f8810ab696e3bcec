import { createParamDecorator, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { DomainError } from '../../../libs/domain/errors.js';
import { validationError } from '../../common/errors/api-error.js';

/**
 * An order's version is its entity tag: `ETag: "3"` on every answer that carries an order, and
 * `If-Match: "3"` on a step to act only on that version (RFC 9110 13.1.1). If-Match compares
 * strongly, so a weak tag never matches.
 */

/** `If-Match` as the version it names (`"3"` → 3), undefined when absent or `*`. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '*') return undefined;
  if (/^W\//.test(value)) {
    throw new DomainError('ORDER_VERSION_MISMATCH', 'If-Match compares strong entity tags: a weak tag (W/"…") never matches. Send the ETag exactly as the order gave it, e.g. "3".', {
      errors: [{ field: 'If-Match', message: 'must be a strong entity tag, e.g. "3"' }],
    });
  }
  const match = /^"(\d{1,9})"$/.exec(value);
  if (!match) throw validationError([{ field: 'If-Match', message: 'must be the order version as the ETag gave it, in quotes, e.g. "3"' }]);
  return Number(match[1]);
}

/** The `If-Match` version of the request (a parameter decorator for transition routes). */
export const IfMatch = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined =>
  parseIfMatch(context.switchToHttp().getRequest<FastifyRequest>().headers['if-match']),
);

/** Sets `ETag: "<version>"` from the order a route answers with. */
@Injectable()
export class OrderEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const version = (body as { version?: unknown } | undefined)?.version;
        if (typeof version === 'number') void reply.header('etag', `"${version}"`);
        return body;
      }),
    );
  }
}
