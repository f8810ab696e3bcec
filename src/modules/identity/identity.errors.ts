import { DomainError } from '../../../libs/domain/errors.js';

/** The one answer for an organisation that does not exist and one the caller may not see. */
export function organisationNotFound(id: string): DomainError {
  return new DomainError('ORGANISATION_NOT_FOUND', `No organisation ${id} is visible to you.`);
}
