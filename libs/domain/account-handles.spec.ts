import { handleKey, targetHandleKeys, urlHandleCandidates } from './account-handles.js';

describe('account handles (the white list)', () => {
  it.each([
    ['@counter.voices', 'counter.voices'],
    ['Counter.Voices', 'counter.voices'],
    ['@@counter.voices', 'counter.voices'],
    ['  @ @counter.voices ', 'counter.voices'],
    ['ｗｈｉｔｅｖｏｉｃｅ', 'whitevoice'],
    ['＠ｗｈｉｔｅｖｏｉｃｅ', 'whitevoice'],
    ['white\u200Bvoice', 'whitevoice'],
    ['\uFEFF@white\u200Dvoice\u2060', 'whitevoice'],
    ['white\u202Evoice', 'whitevoice'],
  ])('%j compares as %j', (handle, key) => {
    expect(handleKey(handle)).toBe(key);
  });

  it.each([
    ['https://examplegram.example/@white.voice.one/p/77', ['white.voice.one']],
    ['https://examplegram.example/@@White.Voice/p/77', ['white.voice']],
    ['https://examplegram.example/white.voice/status/1', ['white.voice']],
    ['https://video.example/user/white.voice/videos', ['user', 'white.voice']],
    ['https://video.example/%40white.voice', ['white.voice']],
    ['https://examplegram.example/?id=12', []],
    ['https://examplegram.example/', []],
    ['not a url', []],
  ])('the URL %s names %j', (url, keys) => {
    expect(urlHandleCandidates(url)).toEqual(keys);
  });

  it('a target names its accountHandle and what its URL names', () => {
    expect(targetHandleKeys({ value: 'https://examplegram.example/@one/p/1', accountHandle: '@@Two' })).toEqual(['two', 'one']);
    expect(targetHandleKeys({ value: 'https://examplegram.example/?p=1' })).toEqual([]);
  });
});
