import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, isISO31661Alpha2, isISO6391, ValidateBy, ValidateNested, type ValidationOptions } from 'class-validator';
import { isOffsetTimestamp } from '../../../libs/domain/order-content.js';

/** ISO 3166-1 alpha-2, upper case, as the API requires (`GB`, never `UK`). */
export function IsIsoCountry(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoCountry',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isISO31661Alpha2(value),
        // One message per field: the format first, then whether the code is assigned.
        defaultMessage: (args) =>
          typeof args?.value === 'string' && /^[A-Z]{2}$/.test(args.value)
            ? 'must be an ISO 3166-1 alpha-2 country code that exists, e.g. FR or GB'
            : 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. FR or GB',
      },
    },
    options,
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

const TIMESTAMP_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const TIMESTAMP_EXAMPLE = 'e.g. 2026-09-01T12:15:30+02:00';

/**
 * An instant with an explicit offset and second precision (`2026-09-01T10:15:30Z`,
 * `2026-09-01T12:15:30+02:00`) that exists on the calendar (isOffsetTimestamp: no 30 February,
 * years 1000-9999, offsets within ±14:00). A time without offset is ambiguous, which for
 * identifying a subscriber behind a shared IP address means the wrong person.
 */
export function IsUtcTimestamp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUtcTimestamp',
      validator: {
        validate: (value: unknown) => isOffsetTimestamp(value),
        defaultMessage: (args) =>
          typeof args?.value === 'string' && TIMESTAMP_SHAPE.test(args.value)
            ? `must be a date and time that exists, with seconds and an offset, ${TIMESTAMP_EXAMPLE} (years 1000 to 9999, offsets up to ±14:00)`
            : `must be a date and time with seconds and an offset, ${TIMESTAMP_EXAMPLE}`,
      },
    },
    options,
  );
}

/**
 * A calendar date, `YYYY-MM-DD`, that exists (the same calendar rules as IsUtcTimestamp: no
 * 30 February, years 1000-9999).
 */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && isOffsetTimestamp(`${value}T12:00:00Z`),
        defaultMessage: (args) =>
          typeof args?.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(args.value)
            ? 'must be a date that exists, e.g. 2026-09-01 (years 1000 to 9999)'
            : 'must be a date as year-month-day, e.g. 2026-09-01',
      },
    },
    options,
  );
}

/**
 * One nested object of class `type`, validated member by member. ValidateNested alone takes an
 * array too (it validates each element, so `[]` passes) and lets the rest of the code meet an
 * array where it expects an object; IsObject refuses it.
 */
export function IsNestedObject(type: () => Function, options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(IsObject(options), ValidateNested(options), Type(type));
}
