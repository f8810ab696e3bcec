import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem.js';
import { ProblemDto } from './problem.dto.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `VALIDATION_FAILED` names each field, `MALFORMED_REQUEST` for unreadable bodies',
  401: 'Missing, expired or invalid credentials (`UNAUTHENTICATED`)',
  403: 'The caller\'s role does not allow this action (`FORBIDDEN`), or their organisation requires a second factor they must enrol first (`TOTP_ENROLMENT_REQUIRED`)',
  404: 'No such object, or one the caller may not see (`NOT_FOUND` or a domain code)',
  409: 'Conflicts with the current state (a domain code)',
  412: 'The `If-Match` version is stale',
  413: 'The body is too large (`PAYLOAD_TOO_LARGE`)',
  415: 'Unsupported content type (`UNSUPPORTED_MEDIA_TYPE`)',
  422: 'Semantically invalid',
  429: 'Rate limit reached (`RATE_LIMITED`); see Retry-After',
  503: 'A dependency is unavailable',
};

/**
 * Documents the problem+json answers of a route. 500 (`INTERNAL_ERROR` with an `errorId`) is
 * possible everywhere, and 403 `TOTP_ENROLMENT_REQUIRED` on every route that needs a token: both
 * are added by configure-app.ts (`withCommonProblems`).
 */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Problem',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}
