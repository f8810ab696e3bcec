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
    // A missing (or null) member fails every rule on it; "is required" says all there is to say.
    // Two rules may say the same thing once humanised (an object expected): say it once.
    const own =
      (error.value === undefined || error.value === null) && constraints.length > 0
        ? [{ field, message: 'is required' }]
        : [...new Set(constraints.map((message) => humanise(message, error.property)))].map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * class-validator's own messages name the bare property ("targets must be an array", "each
 * value in languages must be ..."); the answer's `field` already names it with its full path,
 * so the name is taken out. Our own messages never name the field and are left as written: a
 * message that mentions a word equal to the property ("a timestamp with seconds") stays whole.
 */
function humanise(message: string, property: string): string {
  const rewrites: [string, string][] = [
    [`property ${property} should not exist`, 'is not an accepted field'],
    [`each value in nested property ${property} must be either object or array`, 'each value must be an object'],
    [`nested property ${property} must be either object or array`, 'must be an object'],
    [`All ${property}'s elements must be unique`, 'must not list an element twice'],
  ];
  for (const [from, to] of rewrites) if (message === from) return to;
  if (message.startsWith(`each value in ${property} `)) return `each value ${message.slice(`each value in ${property} `.length)}`;
  if (message.startsWith(`${property}'s `)) return `its ${message.slice(property.length + 3)}`;
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
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
