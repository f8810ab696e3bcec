/**
 * PKCS#10 certificate signing requests (RFC 2986). Only the public key and the proof of
 * possession (the self-signature) are used: the subject of an organisation certificate comes
 * from the organisation record, never from the CSR.
 */
import { type KeyObject, createPublicKey } from 'node:crypto';
import { describeSignatureAlgorithm, verifySignature } from './algorithms.js';
import { TAG, expectTag, parseDer, readBitString, readOid, readSmallInteger } from './der.js';
import { PkiError } from './errors.js';
import { formatName } from './names.js';
import { derFrom } from './pem.js';

export interface ParsedCsr {
  /** The subject as requested (informational only). */
  requestedSubject: string;
  publicKey: KeyObject;
  /** SubjectPublicKeyInfo, DER. */
  spki: Buffer;
  /** 'P-256', or 'RSA-<bits>'. */
  keyDescription: string;
}

/**
 * Parses a CSR (PEM or DER), checks its self-signature and its key: RSA 2048-4096 bits or
 * ECDSA P-256. Throws PkiError CSR_INVALID or CSR_KEY_UNSUPPORTED.
 */
export function parseCsr(input: string | Uint8Array): ParsedCsr {
  let der: Buffer;
  try {
    der = derFrom(input, ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
  } catch {
    throw new PkiError('CSR_INVALID', 'the CSR is not a PEM "CERTIFICATE REQUEST" block or DER');
  }
  let fields;
  try {
    const root = expectTag(parseDer(der), TAG.SEQUENCE);
    const info = root.child(0, TAG.SEQUENCE);
    const version = readSmallInteger(info.child(0));
    const algorithmOid = readOid(root.child(1, TAG.SEQUENCE).child(0));
    const signature = readBitString(root.child(2));
    fields = {
      version,
      info: info.bytes,
      subject: formatName(info.child(1, TAG.SEQUENCE)),
      spki: info.child(2, TAG.SEQUENCE).bytes,
      algorithm: describeSignatureAlgorithm(algorithmOid),
      signature: signature.bytes,
    };
  } catch (error) {
    if (error instanceof PkiError) throw new PkiError('CSR_INVALID', `the CSR cannot be parsed: ${error.message}`);
    throw error;
  }
  if (fields.version !== 0) throw new PkiError('CSR_INVALID', 'unknown CSR version');

  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: fields.spki, format: 'der', type: 'spki' });
  } catch {
    throw new PkiError('CSR_KEY_UNSUPPORTED', 'the CSR public key is malformed or of an unsupported type');
  }
  const keyDescription = acceptedKey(publicKey);

  const { algorithm } = fields;
  if (!algorithm?.hash) throw new PkiError('CSR_INVALID', 'the CSR signature algorithm is not ECDSA or RSA PKCS#1 v1.5 with SHA-2');
  if (!verifySignature(algorithm.family, algorithm.hash, fields.info, fields.signature, publicKey)) {
    throw new PkiError('CSR_INVALID', 'the CSR self-signature does not verify');
  }
  return { requestedSubject: fields.subject, publicKey, spki: fields.spki, keyDescription };
}

function acceptedKey(key: KeyObject): string {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec') {
    if (details?.namedCurve === 'prime256v1') return 'P-256';
    throw new PkiError('CSR_KEY_UNSUPPORTED', `EC curve ${details?.namedCurve ?? 'unknown'} is not accepted; use P-256`);
  }
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details?.modulusLength ?? 0;
    // The upper bound keeps one verification cheap; 4096 is the largest size in common use.
    if (bits >= 2048 && bits <= 4096) return `RSA-${bits}`;
    throw new PkiError('CSR_KEY_UNSUPPORTED', `RSA keys of ${bits} bits are not accepted; use 2048 to 4096`);
  }
  throw new PkiError('CSR_KEY_UNSUPPORTED', `${key.asymmetricKeyType ?? 'unknown'} keys are not accepted; use RSA 2048+ or ECDSA P-256`);
}
