import { Param, ParseUUIDPipe } from '@nestjs/common';
import { validationError } from '../errors/api-error.js';

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => validationError([{ field: name, message: 'must be a UUID' }]) }));
