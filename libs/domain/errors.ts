/**
 * Typed domain errors. Domain code never knows about HTTP: it throws a `DomainError` with a
 * stable code, and one exhaustive table in `src/common/errors` turns each code into a status
 * and an RFC 9457 problem.
 */
export const DOMAIN_ERROR_CODES = [
  'ORGANISATION_NOT_FOUND',
  'USER_EMAIL_TAKEN',
  'USER_ROLES_INVALID',
  'ROLE_NOT_GRANTABLE',
  'PROVIDER_NOT_FOUND',
  'CERTIFICATE_NOT_FOUND',
  'CERTIFICATE_ALREADY_REVOKED',
  'CERTIFICATE_NOT_ALLOWED',
  'ORGANISATION_NOT_SUSPENDABLE',
  'ROUTING_NO_INSTRUMENT',
  'ROUTING_INSTRUMENT_NOT_ELIGIBLE',
  'ROUTING_FACTS_MISSING',
  'ORDER_NOT_FOUND',
  'ORDER_INVALID_TRANSITION',
  'ORDER_ACTION_FORBIDDEN',
  'ORDER_REVIEW_PENDING',
  'ORDER_VERSION_CONFLICT',
  'ORDER_VERSION_MISMATCH',
  'NO_VALIDATING_AUTHORITY',
  'NO_HOP_AUTHORITY',
  'NO_SCRUTINY_AUTHORITY',
  'NO_PRODUCTION',
  'SIGNATURE_INVALID',
  'SIGNATURE_REQUIRED',
  'EVIDENCE_NOT_FOUND',
  'DOCUMENT_NOT_FOUND',
  'EVIDENCE_DIGEST_MISMATCH',
  'EVIDENCE_TOO_LARGE',
  'UPLOAD_OFFSET_MISMATCH',
  'WEBHOOK_NOT_FOUND',
  'WEBHOOK_LIMIT_REACHED',
  'CERTIFIED_ACCOUNT',
  'CERTIFIED_ACCOUNT_NOT_FOUND',
  'CERTIFIED_ACCOUNT_EXISTS',
  'REMOVAL_INFORMATION_PENDING',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Extra members for the problem body, e.g. `{ field: 'roles' }`; never secrets. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
