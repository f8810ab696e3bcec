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
      { field: 'establishments[0].languages', message: 'each value in establishments[0].languages must be a code' },
      { field: 'id', message: 'is not an accepted field' },
      { field: 'password', message: 'is required' },
    ]);
  });
});
