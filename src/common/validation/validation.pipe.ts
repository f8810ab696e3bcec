import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ApiError, validationError } from '../errors/api-error.js';
import type { FieldError } from '../errors/problem.js';
import { unstorableStrings } from './unstorable-strings.js';

/** Flattens class-validator's tree into `[{ field: 'targets[0].value', message }]`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const constraints = Object.values(error.constraints ?? {});
    // A missing member fails every rule on it; "is required" says all there is to say.
    const own =
      error.value === undefined && constraints.length > 0
        ? [{ field, message: 'is required' }]
        : constraints.map((message) => ({ field, message: humanise(message, error.property, field) }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** class-validator starts messages with the bare property; name the full path instead. */
function humanise(message: string, property: string, field: string): string {
  if (message === `property ${property} should not exist`) return 'is not an accepted field';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message.replace(property, field);
}

/**
 * Unknown fields are refused, not silently dropped (mass assignment, ASVS 15.3.3), and values
 * are converted to the DTO's declared types. Field values are read to say "is required" but
 * never copied into the answer.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const expectsObject = metadata.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (expectsObject && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new ApiError('MALFORMED_REQUEST', 'The request body must be a JSON object.');
    }
    if (metadata.type === 'custom') return super.transform(value, metadata);
    // Text PostgreSQL cannot store is refused here, for every DTO at once, together with the
    // DTO's own findings: one answer lists every field error of the request.
    const unstorable = unstorableStrings(value, metadata.data ?? '');
    if (unstorable.length === 0) return super.transform(value, metadata);
    const named = new Set(unstorable.map((error) => error.field));
    let others: FieldError[] = [];
    try {
      await super.transform(value, metadata);
    } catch (error) {
      // Some validators throw on such text (isEmail's encodeURI on a lone surrogate): the
      // request is refused either way, with whatever else the DTO could tell.
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') others = (error.extensions.errors ?? []).filter((other) => !named.has(other.field));
    }
    throw validationError([...unstorable, ...others]);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => validationError(flattenValidationErrors(errors)),
  });
}
