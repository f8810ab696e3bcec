import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors } from './validation.pipe.js';

describe('flattenValidationErrors', () => {
  it('names nested and indexed members by their full path', () => {
    const errors: ValidationError[] = [
      { property: 'country', value: 'UK', constraints: { isIso: 'country must be an ISO code' }, children: [] },
      {
        property: 'establishments',
        value: [{}],
        children: [
          {
            property: '0',
            value: {},
            children: [{ property: 'languages', value: ['english'], constraints: { each: 'each value in languages must be a code' }, children: [] }],
          },
        ],
      },
      { property: 'id', value: 'x', constraints: { whitelistValidation: 'property id should not exist' }, children: [] },
      { property: 'password', value: undefined, constraints: { a: 'password must be a string', b: 'password is too short' }, children: [] },
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'country', message: 'must be an ISO code' },
      { field: 'establishments[0].languages', message: 'each value must be a code' },
      { field: 'id', message: 'is not an accepted field' },
      { field: 'password', message: 'is required' },
    ]);
  });

  it('leaves our own messages whole, even when they contain a word equal to the property', () => {
    const message = 'must be a date and time with seconds and an offset, e.g. 2026-09-01T12:15:30+02:00 (the timestamp the address was used)';
    const errors: ValidationError[] = [
      { property: 'targets', value: [{}], children: [{ property: '0', value: {}, children: [{ property: 'timestamp', value: 'x', constraints: { isUtcTimestamp: message }, children: [] }] }] },
      { property: 'timeRange', value: [], constraints: { nestedValidation: 'nested property timeRange must be either object or array' }, children: [] },
      { property: 'ids', value: ['a', 'a'], constraints: { arrayUnique: "All ids's elements must be unique" }, children: [] },
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'targets[0].timestamp', message },
      { field: 'timeRange', message: 'must be an object' },
      { field: 'ids', message: 'must not list an element twice' },
    ]);
  });
});
