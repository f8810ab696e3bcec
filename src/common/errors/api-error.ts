import type { FieldError, HttpErrorCode, Problem } from './problem.js';

/**
 * An error the HTTP layer raises itself (bad credentials, a missing role, bad input).
 * Domain rules throw `DomainError` from libs/domain instead.
 */
export class ApiError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    readonly detail: string,
    readonly extensions: { errors?: FieldError[]; [member: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export const validationError = (errors: FieldError[]): ApiError =>
  new ApiError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });

/** A stored error answer replayed for an `Idempotency-Key`: sent again exactly as it was. */
export class ReplayedProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ReplayedProblem';
  }
}
