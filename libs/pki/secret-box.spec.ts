import { randomBytes } from 'node:crypto';
import { openSecret, sealSecret } from './secret-box.js';

describe('secret box', () => {
  const kek = randomBytes(32);

  it('opens what it sealed, for the same purpose only, and refuses a changed byte', () => {
    const sealed = sealSecret(kek, 'webhook secrets', Buffer.from('whsec_abc'));
    expect(openSecret(kek, 'webhook secrets', sealed).toString()).toBe('whsec_abc');
    expect(() => openSecret(kek, 'other purpose', sealed)).toThrow();
    expect(() => openSecret(randomBytes(32), 'webhook secrets', sealed)).toThrow();
    const flipped = Buffer.from(sealed);
    flipped[14] ^= 1;
    expect(() => openSecret(kek, 'webhook secrets', flipped)).toThrow();
    // A fresh IV each time: the same secret never seals to the same bytes.
    expect(sealSecret(kek, 'webhook secrets', Buffer.from('whsec_abc')).equals(sealed)).toBe(false);
  });
});
