/**
 * A KeyStore in software: each private key is a PKCS#8 DER encrypted with AES-256-GCM under a
 * 32-byte key-encryption key (KEK), a fresh random 96-bit IV per record, and the key id and
 * algorithm bound as additional authenticated data (so a record cannot be swapped onto another
 * id or re-labelled RSA/EC without the tag failing). Records go to a small `KeyRecordStore`
 * port; they hold only public data and the wrapped key. Unwrapped keys are cached in memory.
 */
import { type KeyObject, createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPair, randomBytes, randomUUID, sign } from 'node:crypto';
import { inspect, promisify } from 'node:util';
import type { HashName } from './algorithms.js';
import { PkiError } from './errors.js';
import { KEY_SPECS, type KeyInfo, type KeySpec, type KeyStore } from './key-store.js';

/** What is persisted per key. `wrappedKey` = IV (12) || ciphertext || GCM tag (16). */
export interface KeyRecord {
  id: string;
  label: string;
  spec: KeySpec;
  publicKeySpki: Buffer;
  wrappedKey: Buffer;
  /** Names the KEK that wrapped the key (first 8 bytes of its SHA-256, hex), to report a wrong KEK clearly. */
  kekId: string;
  createdAt: Date;
}

export interface KeyRecordStore {
  put(record: KeyRecord): Promise<void>;
  get(id: string): Promise<KeyRecord | null>;
}

/** Keeps records in a Map: for tests and for tools that do not persist. */
export class InMemoryKeyRecordStore implements KeyRecordStore {
  readonly #records = new Map<string, KeyRecord>();

  async put(record: KeyRecord): Promise<void> {
    this.#records.set(record.id, { ...record });
  }

  async get(id: string): Promise<KeyRecord | null> {
    const record = this.#records.get(id);
    return record ? { ...record } : null;
  }

  get size(): number {
    return this.#records.size;
  }
}

const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const generateKeyPairAsync = promisify(generateKeyPair);

export class SoftwareKeyStore implements KeyStore {
  // Private fields: invisible to JSON.stringify, util.inspect and error serialisers.
  readonly #kek: Buffer;
  readonly #kekId: string;
  readonly #records: KeyRecordStore;
  readonly #now: () => Date;
  readonly #privateKeys = new Map<string, Promise<KeyObject>>();
  /** The same keys once unwrapped, for the hot path without a promise per signature. */
  readonly #unwrapped = new Map<string, KeyObject>();
  readonly #publicKeys = new Map<string, KeyObject>();

  constructor(kek: Uint8Array, records: KeyRecordStore, options: { now?: () => Date } = {}) {
    if (kek.length !== 32) throw new PkiError('KEK_INVALID', 'the key-encryption key must be 32 bytes');
    this.#kek = Buffer.from(kek); // a copy: the caller may wipe theirs
    this.#kekId = kekIdOf(this.#kek);
    this.#records = records;
    this.#now = options.now ?? (() => new Date());
  }

  /** A fresh random KEK (32 bytes); the caller stores it outside the key records. */
  static generateKek(): Buffer {
    return randomBytes(32);
  }

  async generate(label: string, spec: KeySpec): Promise<KeyInfo> {
    if (!KEY_SPECS.includes(spec)) throw new PkiError('KEY_UNSUPPORTED', `key spec ${String(spec)} is not supported`);
    // The async API runs RSA prime search on the libuv pool: the event loop is never blocked by it.
    const { privateKey } =
      spec === 'P-256'
        ? await generateKeyPairAsync('ec', { namedCurve: 'P-256' })
        : spec === 'Ed25519'
          ? await generateKeyPairAsync('ed25519')
          : await generateKeyPairAsync('rsa', { modulusLength: spec === 'RSA-2048' ? 2048 : 3072 });
    return this.#store(label, spec, privateKey);
  }

  /**
   * Takes an existing private key into the store (e.g. a CA key created elsewhere, or a test
   * key). Only P-256, Ed25519 and RSA 2048/3072 are accepted.
   */
  async importPrivateKey(label: string, privateKey: KeyObject): Promise<KeyInfo> {
    if (privateKey.type !== 'private') throw new PkiError('KEY_UNSUPPORTED', 'a private key is required');
    return this.#store(label, specOf(privateKey), privateKey);
  }

  async sign(keyId: string, data: Uint8Array, hash: HashName = 'sha256'): Promise<Buffer> {
    const key = this.#unwrapped.get(keyId) ?? (await this.#privateKey(keyId));
    // Synchronous native signing: ~28 us for P-256 and ~0.27 ms for RSA-2048 on this machine, far
    // below a scheduling quantum, and faster per call than a hop through the libuv pool.
    // Ed25519 hashes inside the algorithm: node:crypto takes no digest name for it.
    return sign(key.asymmetricKeyType === 'ed25519' ? null : hash, data, key);
  }

  /**
   * Unwraps a key into the cache ahead of use. The application warms the keys it signs with at
   * start-up, so a signature made inside a database transaction never has to read the key
   * record (with the embedded database's single connection, that read would wait for ever).
   */
  async warm(keyId: string): Promise<void> {
    await this.#privateKey(keyId);
  }

  async publicKey(keyId: string): Promise<KeyObject> {
    const cached = this.#publicKeys.get(keyId);
    if (cached) return cached;
    const record = await this.#record(keyId);
    const key = createPublicKey({ key: record.publicKeySpki, format: 'der', type: 'spki' });
    this.#publicKeys.set(keyId, key);
    return key;
  }

  /** Public facts of a stored key. */
  async info(keyId: string): Promise<KeyInfo> {
    const { id, label, spec, publicKeySpki, createdAt } = await this.#record(keyId);
    return { id, label, spec, publicKeySpki, createdAt };
  }

  toString(): string {
    return '[SoftwareKeyStore]';
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }

  async #store(label: string, spec: KeySpec, privateKey: KeyObject): Promise<KeyInfo> {
    const id = randomUUID();
    const plaintext = privateKey.export({ type: 'pkcs8', format: 'der' });
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', this.#kek, iv);
    cipher.setAAD(additionalData(id, spec));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    plaintext.fill(0);
    const publicKeySpki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    const record: KeyRecord = {
      id,
      label,
      spec,
      publicKeySpki,
      wrappedKey: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
      kekId: this.#kekId,
      createdAt: this.#now(),
    };
    await this.#records.put(record);
    this.#privateKeys.set(id, Promise.resolve(privateKey));
    this.#unwrapped.set(id, privateKey);
    return { id, label, spec, publicKeySpki, createdAt: record.createdAt };
  }

  #privateKey(keyId: string): Promise<KeyObject> {
    let pending = this.#privateKeys.get(keyId);
    if (!pending) {
      pending = this.#unwrap(keyId);
      this.#privateKeys.set(keyId, pending);
      pending.then(
        (key) => this.#unwrapped.set(keyId, key),
        () => this.#privateKeys.delete(keyId),
      );
    }
    return pending;
  }

  async #unwrap(keyId: string): Promise<KeyObject> {
    const record = await this.#record(keyId);
    if (record.kekId !== this.#kekId) throw new PkiError('KEY_UNWRAP_FAILED', `key ${keyId} was wrapped under another key-encryption key`);
    const wrapped = record.wrappedKey;
    let plaintext: Buffer | undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#kek, wrapped.subarray(0, IV_LENGTH));
      decipher.setAAD(additionalData(record.id, record.spec));
      decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_LENGTH));
      plaintext = Buffer.concat([decipher.update(wrapped.subarray(IV_LENGTH, wrapped.length - TAG_LENGTH)), decipher.final()]);
      return createPrivateKey({ key: plaintext, format: 'der', type: 'pkcs8' });
    } catch {
      // Deliberately no cause: OpenSSL messages may quote the bytes they choked on.
      throw new PkiError('KEY_UNWRAP_FAILED', `key ${keyId} cannot be decrypted (wrong key-encryption key or altered record)`);
    } finally {
      plaintext?.fill(0);
    }
  }

  async #record(keyId: string): Promise<KeyRecord> {
    const record = await this.#records.get(keyId);
    if (!record) throw new PkiError('KEY_NOT_FOUND', `key ${keyId} not found`);
    return record;
  }
}

function additionalData(id: string, spec: KeySpec): Buffer {
  return Buffer.from(`evx-key-v1|${id}|${spec}`, 'utf8');
}

function kekIdOf(kek: Buffer): string {
  return createHash('sha256').update(kek).digest().subarray(0, 8).toString('hex');
}

function specOf(key: KeyObject): KeySpec {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') return 'P-256';
  if (key.asymmetricKeyType === 'rsa' && details?.modulusLength === 2048) return 'RSA-2048';
  if (key.asymmetricKeyType === 'rsa' && details?.modulusLength === 3072) return 'RSA-3072';
  if (key.asymmetricKeyType === 'ed25519') return 'Ed25519';
  throw new PkiError('KEY_UNSUPPORTED', 'only P-256, Ed25519 and RSA 2048/3072 keys are accepted');
}
