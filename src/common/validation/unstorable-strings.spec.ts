import { unstorableStrings } from './unstorable-strings.js';

describe('unstorableStrings', () => {
  it('names NUL and lone surrogates by their full path, in document order', () => {
    const body = { email: 'a\u0000@b', targets: [{ value: 'ok' }, { value: 'x\ud800' }], note: { text: '\udc00y' }, fine: 'pass 🔑' };
    expect(unstorableStrings(body).map((e) => e.field)).toEqual(['email', 'targets[1].value', 'note.text']);
  });

  it('checks member names and a bare parameter', () => {
    expect(unstorableStrings({ 'a\u0000': 1 })).toEqual([{ field: 'a\\u0000', message: expect.stringMatching(/^is a member name that must not contain the NUL/) }]);
    expect(unstorableStrings('\ud83d', 'cursor')).toEqual([{ field: 'cursor', message: expect.stringMatching(/well-formed Unicode/) }]);
  });

  it('accepts surrogate pairs, buffers and deep but clean values', () => {
    let deep: unknown = 'ok';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableStrings({ emoji: '🔑🔑', bytes: Buffer.from([0]), deep })).toEqual([]);
  });
});
