/**
 * Verifier key strings, `<name>+<8 hex digits key ID>+<base64(type || public key)>`, the form Go's
 * note.NewVerifier reads and the form in which the exchange publishes its log key (and witnesses
 * theirs, with type 0x04).
 */
import { cosignatureVerifier } from './cosignature.js';
import { TlogError } from './errors.js';
import { decodeBase64Strict } from './hash.js';
import { type NoteVerifier, SIGNATURE_TYPE_COSIGNATURE_V1, SIGNATURE_TYPE_ED25519, ed25519Verifier, isValidKeyName, noteKeyId } from './note.js';

export { formatVerifierKey } from './note.js';

/** Parses a verifier key of type 0x01 (Ed25519) or 0x04 (cosignature/v1), checking its key ID. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const bad = (why: string) => new TlogError('VERIFIER_KEY_MALFORMED', `verifier key ${JSON.stringify(vkey.slice(0, 120))}: ${why}`);
  // The base64 key may itself contain '+': split at the first two only.
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (second < 0) throw bad('expected <name>+<key ID>+<key>');
  const [name, id, encoded] = [vkey.slice(0, first), vkey.slice(first + 1, second), vkey.slice(second + 1)];
  if (!isValidKeyName(name)) throw bad('invalid key name');
  if (!/^[0-9a-f]{8}$/.test(id)) throw bad('the key ID is not 8 lowercase hex digits');
  const raw = decodeBase64Strict(encoded);
  if (!raw || raw.length < 2) throw bad('the key is not base64');
  const type = raw[0];
  const key = raw.subarray(1);
  if (type !== SIGNATURE_TYPE_ED25519 && type !== SIGNATURE_TYPE_COSIGNATURE_V1) throw bad(`unsupported signature type 0x${type.toString(16).padStart(2, '0')}`);
  if (key.length !== 32) throw bad(`an Ed25519 key is 32 bytes, not ${key.length}`);
  if (noteKeyId(name, type, key) !== parseInt(id, 16)) throw bad('the key ID does not match the name and key');
  return type === SIGNATURE_TYPE_ED25519 ? ed25519Verifier(name, key) : cosignatureVerifier(name, key);
}
