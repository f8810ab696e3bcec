import { applyDecorators } from '@nestjs/common';
import { IsISO31661Alpha2, isISO6391, Matches, ValidateBy, type ValidationOptions } from 'class-validator';

/** ISO 3166-1 alpha-2, upper case, as the API requires (`GB`, never `UK`). */
export function IsIsoCountry(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. FR or GB', ...options }),
    IsISO31661Alpha2({ message: 'is not an ISO 3166-1 alpha-2 country code', ...options }),
  );
}

/** ISO 639-1, lower case (`en`, `fr`). */
export function IsLanguageCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLanguageCode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /^[a-z]{2}$/.test(value) && isISO6391(value),
        defaultMessage: () => 'must be an ISO 639-1 language code in lower case, e.g. en',
      },
    },
    options,
  );
}

/**
 * An instant with an explicit offset and second precision (`2026-09-01T10:15:30Z`,
 * `2026-09-01T12:15:30+02:00`). A time without offset is ambiguous, which for identifying a
 * subscriber behind a shared IP address means the wrong person.
 */
export function IsUtcTimestamp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUtcTimestamp',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
          !Number.isNaN(Date.parse(value)),
        defaultMessage: () => 'must be an ISO 8601 timestamp with seconds and an explicit offset, e.g. 2026-09-01T10:15:30Z',
      },
    },
    options,
  );
}
