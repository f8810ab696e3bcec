import { createHash } from 'node:crypto';
import { hash256FromHex, hash256ToHex } from './hash256.js';
import { StayDownList } from './stay-down-list.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** A PDQ-like hex hash with the first `n` bits of `hex` flipped. */
function nudge(hex: string, n: number): string {
  const bytes = hash256FromHex(hex);
  for (let k = 0; k < n; k++) bytes[k >> 3] ^= 1 << (k & 7);
  return hash256ToHex(bytes);
}
const PDQ = 'd8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22';
const OTHER = '54a977c221d14c1c43ba5e6e21d4a13989a3553f1462611cbb85fda7be83b677';

describe('StayDownList', () => {
  it('matches the same bytes by SHA-256 and a near image by PDQ within 31 bits', () => {
    const list = new StayDownList();
    list.add({ id: 'order-1/item-1', sha256: sha256('video bytes') });
    list.add({ id: 'order-1/item-2', pdq: PDQ });
    list.add({ id: 'order-2/item-1', sha256: sha256('image bytes'), pdq: OTHER });

    expect(list.match({ sha256: sha256('video bytes') })).toEqual([{ id: 'order-1/item-1', sha256: true, pdqDistance: null }]);
    expect(list.match({ pdq: nudge(PDQ, 31) })).toEqual([{ id: 'order-1/item-2', sha256: false, pdqDistance: 31 }]);
    expect(list.match({ pdq: nudge(PDQ, 32) })).toEqual([]);
    expect(list.match({ sha256: sha256('something else'), pdq: nudge(OTHER, 3) })).toEqual([{ id: 'order-2/item-1', sha256: false, pdqDistance: 3 }]);
    expect(list.match({ sha256: sha256('image bytes'), pdq: OTHER })).toEqual([{ id: 'order-2/item-1', sha256: true, pdqDistance: 0 }]);
  });

  it('puts exact matches first, then the nearest, and takes the best of several query hashes', () => {
    const list = new StayDownList<number>();
    list.add({ id: 1, pdq: nudge(PDQ, 20) });
    list.add({ id: 2, pdq: nudge(PDQ, 5) });
    list.add({ id: 3, sha256: sha256('x'), pdq: OTHER });
    const matches = list.match({ sha256: sha256('x'), pdq: [OTHER, PDQ, nudge(PDQ, 4)] });
    expect(matches).toEqual([
      { id: 3, sha256: true, pdqDistance: 0 },
      { id: 2, sha256: false, pdqDistance: 1 },
      { id: 1, sha256: false, pdqDistance: 16 },
    ]);
    expect(list.match({ pdq: PDQ }, 10).map((m) => m.id)).toEqual([2]);
  });

  it('accepts hashes in either case or as bytes, and keeps several ids per SHA-256', () => {
    const list = new StayDownList();
    list.add({ id: 'a', sha256: sha256('same').toUpperCase() });
    list.add({ id: 'b', sha256: hash256FromHex(sha256('same')) });
    expect(list.match({ sha256: sha256('same') }).map((m) => m.id)).toEqual(['a', 'b']);
    list.remove('a');
    expect(list.match({ sha256: sha256('same') }).map((m) => m.id)).toEqual(['b']);
  });

  it('replaces an entry added again under the same id, and forgets a removed one', () => {
    const list = new StayDownList();
    list.add({ id: 'x', sha256: sha256('old'), pdq: PDQ });
    list.add({ id: 'x', sha256: sha256('new') });
    expect(list.size).toBe(1);
    expect(list.match({ sha256: sha256('old'), pdq: PDQ })).toEqual([]);
    expect(list.match({ sha256: sha256('new') })).toHaveLength(1);
    expect(list.remove('x')).toBe(true);
    expect(list.remove('x')).toBe(false);
    expect(list.has('x')).toBe(false);
    expect(list.match({ sha256: sha256('new') })).toEqual([]);
  });

  it('refuses an entry without hashes and malformed hashes, leaving the list unchanged', () => {
    const list = new StayDownList();
    list.add({ id: 'kept', pdq: PDQ });
    expect(() => list.add({ id: 'empty' })).toThrow(expect.objectContaining({ code: 'ENTRY_INVALID' }));
    expect(() => list.add({ id: 'kept', pdq: 'not hex' })).toThrow(expect.objectContaining({ code: 'HASH_INVALID' }));
    expect(() => list.match({ sha256: 'abc' })).toThrow(expect.objectContaining({ code: 'HASH_INVALID' }));
    expect(list.match({ pdq: PDQ }).map((m) => m.id)).toEqual(['kept']);
  });
});
