/**
 * Test support for specs (here and in the application's tests) and benchmarks: an in-memory
 * stored-hash table that counts its reads, and Ed25519 note and cosignature keys held in memory.
 * Nothing here is for production: the server keeps hashes in its database and signs through
 * its KeyStore.
 */
import { type KeyObject, generateKeyPairSync, sign } from 'node:crypto';
import { type WitnessKey, cosignatureVerifier } from './cosignature.js';
import { type Hash, recordHash } from './hash.js';
import { type NoteSigner, type NoteVerifier, SIGNATURE_TYPE_COSIGNATURE_V1, SIGNATURE_TYPE_ED25519, ed25519Signer, ed25519Verifier, formatVerifierKey, rawEd25519PublicKey } from './note.js';
import { type HashReader, appendRecordHashes } from './storage.js';

/** The stored-hash table of a log, in an array; counts readHashes calls and hashes read. */
export class MemoryHashStore implements HashReader {
  readonly hashes: Hash[] = [];
  size = 0;
  reads = 0;
  hashesRead = 0;

  async readHashes(indexes: readonly number[]): Promise<Hash[]> {
    this.reads++;
    this.hashesRead += indexes.length;
    return indexes.map((i) => {
      const h = this.hashes[i];
      if (!h) throw new Error(`no stored hash ${i} (have ${this.hashes.length})`);
      return h;
    });
  }

  /** Appends entries (log entries, not leaf hashes) as a sequencer would; returns the new root. */
  async append(entries: readonly Uint8Array[]): Promise<Hash> {
    const result = await appendRecordHashes(this.size, entries.map(recordHash), this);
    if (result.firstIndex !== this.hashes.length) throw new Error('stored hashes out of step');
    for (const h of result.hashes) this.hashes.push(h);
    this.size = result.size;
    return result.rootHash;
  }
}

/** n distinct 32-byte entries, like the SHA-256 step hashes the exchange logs. */
export function sampleEntries(n: number, seed = 'entry'): Buffer[] {
  return Array.from({ length: n }, (_, i) => recordHash(Buffer.from(`${seed} ${i}`)));
}

export interface TestNoteKey {
  name: string;
  privateKey: KeyObject;
  publicKey: Buffer;
  signer: NoteSigner;
  verifier: NoteVerifier;
  /** `<name>+<key ID>+<base64>`, as Go's note.NewVerifier reads it. */
  verifierKey: string;
}

/** A fresh Ed25519 log key, signing in memory. */
export function generateNoteKey(name: string): TestNoteKey {
  const { privateKey, publicKey: keyObject } = generateKeyPairSync('ed25519');
  const publicKey = rawEd25519PublicKey(keyObject);
  return {
    name,
    privateKey,
    publicKey,
    signer: ed25519Signer(name, publicKey, async (message) => sign(null, message, privateKey)),
    verifier: ed25519Verifier(name, publicKey),
    verifierKey: formatVerifierKey({ name, type: SIGNATURE_TYPE_ED25519, publicKey }),
  };
}

export interface TestWitnessKey {
  key: WitnessKey;
  verifier: NoteVerifier;
  verifierKey: string;
}

/** A fresh witness key (cosignature/v1), signing in memory. */
export function generateWitnessKey(name: string): TestWitnessKey {
  const { privateKey, publicKey: keyObject } = generateKeyPairSync('ed25519');
  const publicKey = rawEd25519PublicKey(keyObject);
  return {
    key: { name, publicKey, sign: async (message) => sign(null, message, privateKey) },
    verifier: cosignatureVerifier(name, publicKey),
    verifierKey: formatVerifierKey({ name, type: SIGNATURE_TYPE_COSIGNATURE_V1, publicKey }),
  };
}
