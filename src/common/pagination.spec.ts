import { ApiError } from './errors/api-error.js';
import { decodeCursor, encodeCursor } from './pagination.js';

const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const UUID = '0b6f9c1e-7f0a-4c44-9a55-2f1d6a3e8b10';

describe('keyset cursors', () => {
  it('give back what they were made of', () => {
    const cursor = encodeCursor(['2026-09-01T10:15:30.000Z', UUID]);
    expect(decodeCursor(cursor, ['timestamp', 'uuid'])).toEqual(['2026-09-01T10:15:30.000Z', UUID]);
    expect(decodeCursor(encodeCursor(['Examplegram', UUID]), ['text', 'uuid'])).toEqual(['Examplegram', UUID]);
    expect(decodeCursor(undefined, ['text', 'uuid'])).toBeUndefined();
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor!'],
    ['an object', raw({ a: 1 })],
    ['too few parts', raw([UUID])],
    ['a number where text is expected', raw([42, UUID])],
    ['a last part that is not a UUID', raw(['Examplegram', 'x'])],
    ['NUL inside a part', raw(['Example\u0000gram', UUID])],
    ['a lone surrogate inside a part', raw(['\ud800', UUID])],
    ['an overlong part', raw(['x'.repeat(600), UUID])],
  ])('refuses %s with 400 naming cursor', (_name, cursor) => {
    expect(() => decodeCursor(cursor, ['text', 'uuid'])).toThrow(ApiError);
    try {
      decodeCursor(cursor, ['text', 'uuid']);
    } catch (error) {
      expect((error as ApiError).extensions.errors).toEqual([{ field: 'cursor', message: expect.stringMatching(/^is not a cursor this list issued/) }]);
    }
  });

  it('checks a timestamp part against the calendar', () => {
    expect(() => decodeCursor(raw(['not a date', UUID]), ['timestamp', 'uuid'])).toThrow(ApiError);
    expect(() => decodeCursor(raw(['2026-02-30T00:00:00.000Z', UUID]), ['timestamp', 'uuid'])).toThrow(ApiError);
  });
});
