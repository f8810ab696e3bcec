import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import { toProblem } from './to-problem.js';

export const SERVICE_UNAVAILABLE_RETRY_SECONDS = 5;

/** The one place errors become HTTP answers (see to-problem.ts for the mapping). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}

export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply, logger: Pick<Logger, 'error' | 'warn'>): void {
  const { problem, unexpected } = toProblem(error, request.method);
  problem.instance = request.url.split('?')[0];
  if (unexpected !== undefined) {
    logger.error({ msg: problem.status === 503 ? 'database unavailable' : 'unexpected error', errorId: problem.errorId, err: unexpected });
  } else if (problem.status === 401 || problem.status === 403) {
    // ASVS 16.3: failed authentication and authorisation decisions are security events.
    logger.warn({ msg: 'access refused', code: problem.code, method: request.method, path: problem.instance });
  }
  if (problem.code === 'RATE_LIMITED' && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
  // A pool reconnects on the next query: a few seconds is enough to try again.
  if (problem.code === 'SERVICE_UNAVAILABLE' && !reply.hasHeader('retry-after')) reply.header('retry-after', String(SERVICE_UNAVAILABLE_RETRY_SECONDS));
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
