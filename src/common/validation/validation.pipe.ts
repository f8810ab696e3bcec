import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { validationError } from '../errors/api-error.js';
import type { FieldError } from '../errors/problem.js';

/** Flattens class-validator's tree into `[{ field: 'targets[0].value', message }]`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: humanise(message, error.property, field) }));
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
 * are converted to the DTO's declared types.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationError(flattenValidationErrors(errors)),
  });
}
