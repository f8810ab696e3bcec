import { applyDecorators, createParamDecorator, HttpCode, Post, UseInterceptors, type ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../common/auth/principal.js';
import { validationError } from '../../common/errors/api-error.js';
import type { IdempotencyClaim } from '../../common/idempotency/idempotency-claim.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { IDEMPOTENCY_KEY_HEADER, IF_MATCH_HEADER } from '../../common/openapi/headers.js';
import { OrderDto } from '../orders/dto/order.dto.js';
import { OrderEtagInterceptor, parseIfMatch } from '../orders/order-version.http.js';
import type { StepRequest } from './step-runner.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who asks for a step on which order, on which version, under which idempotency claim: everything but the body. */
export type StepCall = Omit<StepRequest, 'body'>;

/** The step call of a `POST /orders/:id/<action>` (or PATCH) request. */
export const Step = createParamDecorator((_: unknown, context: ExecutionContext): StepCall => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { user: Principal; idempotency?: IdempotencyClaim; params: { id?: string } }>();
  const orderId = request.params.id ?? '';
  if (!UUID.test(orderId)) throw validationError([{ field: 'id', message: 'must be a UUID' }]);
  return { principal: request.user, orderId, ifMatch: parseIfMatch(request.headers['if-match']), claim: request.idempotency };
});

/** The route of one step of the life cycle: `POST /orders/:id/<path>`, answering the order with its ETag. */
export function StepRoute(path: string, summary: string): MethodDecorator {
  return applyDecorators(
    Post(`:id/${path}`),
    HttpCode(200),
    UseInterceptors(OrderEtagInterceptor),
    ApiOperation({ summary }),
    ApiParam({ name: 'id', format: 'uuid' }),
    ApiHeader(IF_MATCH_HEADER),
    ApiHeader(IDEMPOTENCY_KEY_HEADER),
    ApiOkResponse({ type: OrderDto }),
    ApiProblems(400, 403, 404, 409, 412),
  );
}
