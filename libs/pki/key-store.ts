/**
 * Where private keys live. Every CA, seal, TSA and custodial signature goes through `sign`;
 * nothing outside a KeyStore ever holds a private key. `SoftwareKeyStore` keeps keys encrypted
 * at rest; a PKCS#11 module (an HSM, or SoftHSM in CI) can implement the same interface later.
 */
import type { KeyObject } from 'node:crypto';
import type { HashName } from './algorithms.js';

/** Ed25519 signs raw messages (the transparency log's signed notes), never certificates or CMS. */
export type KeySpec = 'P-256' | 'RSA-2048' | 'RSA-3072' | 'Ed25519';
export const KEY_SPECS: readonly KeySpec[] = ['P-256', 'RSA-2048', 'RSA-3072', 'Ed25519'];

/** Public facts about a stored key: safe to log, store and return. */
export interface KeyInfo {
  id: string;
  label: string;
  spec: KeySpec;
  /** SubjectPublicKeyInfo, DER. */
  publicKeySpki: Buffer;
  createdAt: Date;
}

export interface KeyStore {
  /** Creates a key pair inside the store and returns its public facts. */
  generate(label: string, spec: KeySpec): Promise<KeyInfo>;
  /**
   * Signs `data` (the store hashes it): ECDSA signatures DER-encoded (X.509/CMS form), RSA
   * signatures PKCS#1 v1.5. Ed25519 signs the message itself (RFC 8032, 64 bytes; `hash` is
   * ignored). Throws PkiError KEY_NOT_FOUND for an unknown id.
   */
  sign(keyId: string, data: Uint8Array, hash?: HashName): Promise<Buffer>;
  /** The public key of a stored key. */
  publicKey(keyId: string): Promise<KeyObject>;
  /** Makes the key ready to sign without further I/O (a hardware module may do nothing here). */
  warm(keyId: string): Promise<void>;
}
