/**
 * C2SP tlog-cosignature, cosignature/v1: a witness's timestamped Ed25519 signature on a
 * checkpoint, carried as an ordinary note signature of type 0x04. The signed message is
 *
 *     cosignature/v1
 *     time <unix seconds>
 *     <the checkpoint's note text>
 *
 * and the signature line holds key ID || u64 timestamp || 64-byte signature (72 bytes after the
 * key ID). It states that, at that time, this was the largest consistent tree the witness had
 * seen for the origin.
 */
import { verify } from 'node:crypto';
import { TlogError } from './errors.js';
import { type NoteSignature, type NoteSigner, type NoteVerifier, SIGNATURE_TYPE_COSIGNATURE_V1, ed25519PublicKeyObject, noteKeyId } from './note.js';

export const COSIGNATURE_V1_HEADER = 'cosignature/v1';
const TIMESTAMPED_SIGNATURE_SIZE = 8 + 64;

/** A witness key: its name, raw Ed25519 public key, and a way to sign with it (e.g. a KeyStore). */
export interface WitnessKey {
  name: string;
  publicKey: Uint8Array;
  sign(message: Buffer): Promise<Uint8Array>;
}

function checkTimestamp(timestamp: number): void {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new TlogError('INVALID_ARGUMENT', `cosignature time ${timestamp} is not a whole number of seconds`);
}

/** The bytes a cosignature/v1 signs. */
export function cosignatureMessage(checkpointText: string | Uint8Array, timestamp: number): Buffer {
  checkTimestamp(timestamp);
  return Buffer.concat([Buffer.from(`${COSIGNATURE_V1_HEADER}\ntime ${timestamp}\n`), Buffer.from(checkpointText)]);
}

/** The key ID of a witness key for cosignature/v1. */
export function cosignatureKeyId(name: string, publicKey: Uint8Array): number {
  return noteKeyId(name, SIGNATURE_TYPE_COSIGNATURE_V1, publicKey);
}

/** Verifies cosignature/v1 signatures by one witness key. */
export function cosignatureVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  const keyObject = ed25519PublicKeyObject(publicKey);
  return {
    name,
    keyId: cosignatureKeyId(name, publicKey),
    type: SIGNATURE_TYPE_COSIGNATURE_V1,
    publicKey: Buffer.from(publicKey),
    verify(text, signature) {
      if (signature.length !== TIMESTAMPED_SIGNATURE_SIZE) return false;
      const timestamp = signature.readBigUInt64BE(0);
      if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) return false;
      return verify(null, cosignatureMessage(text, Number(timestamp)), keyObject, signature.subarray(8));
    },
  };
}

/** The time a cosignature states, in Unix seconds. */
export function cosignatureTimestamp(signature: NoteSignature): number {
  if (signature.signature.length !== TIMESTAMPED_SIGNATURE_SIZE) throw new TlogError('NOTE_MALFORMED', `a cosignature is ${TIMESTAMPED_SIGNATURE_SIZE} bytes, not ${signature.signature.length}`);
  return Number(signature.signature.readBigUInt64BE(0));
}

/** Cosigns a checkpoint's note text at `timestamp`; the result goes on a signature line. */
export async function cosign(checkpointText: string, key: WitnessKey, timestamp: number): Promise<NoteSignature> {
  const verifier = cosignatureVerifier(key.name, key.publicKey);
  const raw = Buffer.from(await key.sign(cosignatureMessage(checkpointText, timestamp)));
  const signature = Buffer.alloc(TIMESTAMPED_SIGNATURE_SIZE);
  signature.writeBigUInt64BE(BigInt(timestamp));
  if (raw.length !== 64) throw new TlogError('SIGNER_FAILED', `the witness key ${key.name} returned ${raw.length} bytes, not a 64-byte Ed25519 signature`);
  raw.copy(signature, 8);
  if (!verifier.verify(Buffer.from(checkpointText), signature)) throw new TlogError('SIGNER_FAILED', `the witness key ${key.name} returned an invalid signature`);
  return { name: key.name, keyId: verifier.keyId, signature };
}

/** A NoteSigner that cosigns at the time `clock` gives (Unix seconds), for use with signNote. */
export function cosignatureSigner(key: WitnessKey, clock: () => number): NoteSigner {
  return {
    name: key.name,
    keyId: cosignatureKeyId(key.name, key.publicKey),
    sign: async (text) => (await cosign(text.toString('utf8'), key, clock())).signature,
  };
}
