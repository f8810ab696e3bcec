import type { DomainErrorCode } from '../../../libs/domain/errors.js';

/** Codes for failures the HTTP layer itself detects; domain codes come from libs/domain. */
export const HTTP_ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_REQUEST',
  'UPLOAD_INTERRUPTED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'REQUEST_TIMEOUT',
  'CONFLICT',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_REQUEST_IN_FLIGHT',
  'PAYLOAD_TOO_LARGE',
  'URI_TOO_LONG',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'HEADERS_TOO_LARGE',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_ERROR',
  'TOTP_REQUIRED',
  'TOTP_INVALID',
  'TOTP_ENROLMENT_REQUIRED',
  'TOTP_CODE_REJECTED',
  'TOTP_NO_ENROLMENT',
  'TOTP_NOT_ENABLED',
  'TOTP_REQUIRED_BY_ORGANISATION',
] as const;
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];
export type ErrorCode = HttpErrorCode | DomainErrorCode;

export interface FieldError {
  /** Path of the offending member, e.g. `email` or `establishments[0].languages`. */
  field: string;
  message: string;
}

/** RFC 9457 problem details, with our stable machine `code` as an extension member. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  errors?: FieldError[];
  errorId?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Fastify's `maxParamLength`: a longer path parameter is refused by the router (414). */
export const MAX_PATH_PARAMETER_LENGTH = 100;

/** A stable, dereference-free identifier per code: `urn:evx:problem:validation-failed`. */
export function problemType(code: ErrorCode): string {
  return `urn:evx:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}
