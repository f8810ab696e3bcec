import { HttpException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../libs/domain/errors.js';
import { ApiError, ReplayedProblem } from './api-error.js';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { codeForStatus, DOMAIN_ERRORS, HTTP_ERRORS } from './error-catalogue.js';
import { MAX_PATH_PARAMETER_LENGTH, problemType, type ErrorCode, type Problem } from './problem.js';

/** Fastify's own errors (body parsing, limits) carry a `statusCode` and an `FST_` code. */
interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
}

export interface ProblemResult {
  problem: Problem;
  /** Set for errors we did not foresee, and for a database outage: the caller logs it with `problem.errorId`. */
  unexpected?: unknown;
}

function build(code: ErrorCode, status: number, title: string, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: problemType(code), title, status, detail, code, ...extra };
}

function fromHttp(code: Exclude<ErrorCode, DomainError['code']>, detail: string, extra?: Record<string, unknown>): Problem {
  const entry = HTTP_ERRORS[code as keyof typeof HTTP_ERRORS];
  return build(code, entry.status, entry.title, detail, extra);
}

/** Methods that change nothing. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * A connection lost while a change ran may have been lost after it was committed (a step written
 * alone commits as it runs; a transaction's COMMIT may go through and its answer be lost).
 */
const UNKNOWN_OUTCOME = ' The change this request sent may or may not have been made: read it back before sending it again.';

/**
 * Turns anything thrown while serving a request into one RFC 9457 problem. Known errors keep
 * their code and message; anything else becomes a 500 that tells the client only an error id,
 * never a message, stack or SQL.
 */
export function toProblem(error: unknown, method = 'GET'): ProblemResult {
  if (error instanceof ReplayedProblem) return { problem: { ...error.problem } };
  if (error instanceof DomainError) {
    const entry = DOMAIN_ERRORS[error.code];
    return { problem: build(error.code, entry.status, entry.title, error.message, error.details) };
  }
  if (error instanceof ApiError) {
    return { problem: fromHttp(error.code, error.detail, error.extensions) };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Nest wraps fastify's own 4xx errors (unreadable JSON, body limits) and keeps them as the cause.
    if (status < 500 && isFastifyError(error.cause)) return { problem: fromFastify(error.cause) };
    if (status < 500) {
      const response = error.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? String((response as { message: unknown }).message)
          : error.message;
      const code = codeForStatus(status);
      return { problem: build(code, status, HTTP_ERRORS[code].title, message) };
    }
  }
  if (isFastifyError(error) && (error.statusCode ?? 500) < 500) return { problem: fromFastify(error) };
  const errorId = randomUUID();
  if (isDatabaseUnavailable(error)) {
    return {
      problem: fromHttp('SERVICE_UNAVAILABLE', `The database cannot be reached just now; retry in a few seconds.${READS.has(method) ? '' : UNKNOWN_OUTCOME} Quote error id ${errorId} if it lasts.`, { errorId }),
      unexpected: error,
    };
  }
  return {
    problem: fromHttp('INTERNAL_ERROR', `Something went wrong on our side. Quote error id ${errorId} when reporting it.`, { errorId }),
    unexpected: error,
  };
}

function isFastifyError(error: unknown): error is FrameworkError {
  const candidate = error as FrameworkError | undefined;
  return typeof candidate?.statusCode === 'number' && typeof candidate.code === 'string' && candidate.code.startsWith('FST_');
}

function fromFastify(error: FrameworkError): Problem {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return fromHttp('MALFORMED_REQUEST', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return fromHttp('PAYLOAD_TOO_LARGE', 'The request body exceeds the size this endpoint accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return fromHttp('UNSUPPORTED_MEDIA_TYPE', 'This endpoint does not accept the Content-Type sent.');
    // The router's own refusals (see frameworkErrors in create-app.ts): the URL is not echoed back.
    case 'FST_ERR_BAD_URL':
      return fromHttp('MALFORMED_REQUEST', 'The URL path is not valid percent-encoded UTF-8.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return fromHttp('URI_TOO_LONG', `A path segment of this URL is longer than ${MAX_PATH_PARAMETER_LENGTH} characters; no identifier of this API is.`);
    default: {
      const status = error.statusCode ?? 400;
      const code = codeForStatus(status);
      return build(code, status, HTTP_ERRORS[code].title, error.message ?? HTTP_ERRORS[code].title);
    }
  }
}
