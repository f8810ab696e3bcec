/**
 * Secrets the exchange must read back (webhook signing secrets), encrypted at rest under a key
 * derived from the key-encryption key for one purpose (HKDF-SHA256), with AES-256-GCM: sealed =
 * IV (12) || ciphertext || tag (16). A key derived per purpose keeps these secrets apart from the
 * private keys the same KEK wraps.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

function keyFor(kek: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), `evidence-exchange ${purpose}`, 32));
}

export function sealSecret(kek: Buffer, purpose: string, plaintext: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(kek, purpose), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
}

export function openSecret(kek: Buffer, purpose: string, sealed: Buffer): Buffer {
  if (sealed.length < 28) throw new Error('sealed secret too short');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(kek, purpose), sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
}
