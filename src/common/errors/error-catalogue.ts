import type { DomainErrorCode } from '../../../libs/domain/errors.js';
import type { HttpErrorCode } from './problem.js';

interface Entry {
  status: number;
  title: string;
}

/**
 * Every error code the API can answer with, its HTTP status and its fixed title. The `Record`
 * types make this exhaustive: adding a code in libs/domain without a line here fails to compile.
 */
export const HTTP_ERRORS: Record<HttpErrorCode, Entry> = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  MALFORMED_REQUEST: { status: 400, title: 'The request could not be read' },
  UPLOAD_INTERRUPTED: { status: 400, title: 'The upload ended before its last byte; nothing was kept' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication is required' },
  FORBIDDEN: { status: 403, title: 'Your role does not allow this action' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  REQUEST_TIMEOUT: { status: 408, title: 'The request did not arrive in time' },
  CONFLICT: { status: 409, title: 'Conflict' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'This Idempotency-Key was used for another request' },
  IDEMPOTENCY_REQUEST_IN_FLIGHT: { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  URI_TOO_LONG: { status: 414, title: 'The URL is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  HEADERS_TOO_LARGE: { status: 431, title: 'The request headers are too large' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  INTERNAL_ERROR: { status: 500, title: 'Internal error' },
  // The second factor (docs/api.md, Authentication). After UNAUTHENTICATED and FORBIDDEN, so a bare 401 or 403 still maps to those.
  TOTP_REQUIRED: { status: 401, title: 'A one-time code from your authenticator app is required' },
  TOTP_INVALID: { status: 401, title: 'The one-time code is wrong, expired or already used' },
  TOTP_ENROLMENT_REQUIRED: { status: 403, title: 'Your organisation requires a second factor: enrol one first' },
  TOTP_CODE_REJECTED: { status: 422, title: 'The one-time code is wrong, expired or already used' },
  TOTP_NO_ENROLMENT: { status: 409, title: 'No enrolment of a second factor is waiting for confirmation' },
  TOTP_NOT_ENABLED: { status: 409, title: 'No second factor is enabled' },
  TOTP_REQUIRED_BY_ORGANISATION: { status: 409, title: 'Your organisation requires a second factor' },
};

export const DOMAIN_ERRORS: Record<DomainErrorCode, Entry> = {
  ORGANISATION_NOT_FOUND: { status: 404, title: 'Organisation not found' },
  USER_EMAIL_TAKEN: { status: 409, title: 'A user with this e-mail address exists' },
  USER_ROLES_INVALID: { status: 400, title: 'These roles do not fit this organisation' },
  ROLE_NOT_GRANTABLE: { status: 403, title: 'You may not grant these roles' },
  PROVIDER_NOT_FOUND: { status: 404, title: 'Provider not found' },
  CERTIFICATE_NOT_FOUND: { status: 404, title: 'Certificate not found' },
  CERTIFICATE_ALREADY_REVOKED: { status: 409, title: 'The certificate is already revoked' },
  CERTIFICATE_NOT_ALLOWED: { status: 409, title: 'This organisation cannot hold a certificate' },
  ORGANISATION_NOT_SUSPENDABLE: { status: 409, title: 'This organisation cannot be suspended' },
  ROUTING_NO_INSTRUMENT: { status: 422, title: 'No legal instrument applies to this order' },
  CERTIFIED_ACCOUNT: { status: 409, title: 'The removal order names a certified account' },
  CERTIFIED_ACCOUNT_NOT_FOUND: { status: 404, title: 'No such certified account' },
  CERTIFIED_ACCOUNT_EXISTS: { status: 409, title: 'This account is already certified' },
  REMOVAL_INFORMATION_PENDING: { status: 409, title: 'The provider must be informed 12 hours before its first removal order' },
  ROUTING_INSTRUMENT_NOT_ELIGIBLE: { status: 422, title: 'The instrument asked for does not apply to this order' },
  ROUTING_FACTS_MISSING: { status: 422, title: 'The order leaves out facts that decide its route' },
  ORDER_NOT_FOUND: { status: 404, title: 'Order not found' },
  ORDER_INVALID_TRANSITION: { status: 409, title: 'The order\'s state does not allow this action' },
  ORDER_ACTION_FORBIDDEN: { status: 403, title: 'You may not take this action on this order' },
  ORDER_REVIEW_PENDING: { status: 409, title: 'The enforcing authority\'s review suspends production' },
  ORDER_VERSION_CONFLICT: { status: 409, title: 'The order changed since the version signed' },
  ORDER_VERSION_MISMATCH: { status: 412, title: 'The order is not at the version in If-Match' },
  NO_VALIDATING_AUTHORITY: { status: 409, title: 'No authority can validate this order' },
  NO_HOP_AUTHORITY: { status: 409, title: 'No authority of the route is on the exchange to take the order on' },
  NO_SCRUTINY_AUTHORITY: { status: 409, title: 'No competent authority of the host State is on the exchange to receive the copy of the removal order' },
  NO_PRODUCTION: { status: 409, title: 'There is no usable production to bundle' },
  SIGNATURE_INVALID: { status: 400, title: 'The signature does not verify' },
  SIGNATURE_REQUIRED: { status: 400, title: 'This organisation must sign its actions' },
  EVIDENCE_NOT_FOUND: { status: 404, title: 'Evidence not found' },
  DOCUMENT_NOT_FOUND: { status: 404, title: 'Document not found' },
  EVIDENCE_DIGEST_MISMATCH: { status: 400, title: 'The evidence does not match its declared digest' },
  EVIDENCE_TOO_LARGE: { status: 413, title: 'The evidence exceeds the size allowed' },
  UPLOAD_OFFSET_MISMATCH: { status: 409, title: 'The chunk does not start where the upload stands' },
  WEBHOOK_NOT_FOUND: { status: 404, title: 'Webhook subscription not found' },
  WEBHOOK_LIMIT_REACHED: { status: 409, title: 'The organisation has as many webhook subscriptions as it may' },
};

/** The code a bare HTTP status stands for, when a framework error carries only a status. */
export function codeForStatus(status: number): HttpErrorCode {
  if (status === 400 || status === 422) return 'MALFORMED_REQUEST';
  const found = (Object.entries(HTTP_ERRORS) as [HttpErrorCode, Entry][]).find(([, entry]) => entry.status === status);
  if (found) return found[0];
  return status >= 500 ? 'INTERNAL_ERROR' : 'MALFORMED_REQUEST';
}
