/**
 * Typed errors of the PKI library. The Nest layer maps each code to an HTTP problem; messages
 * name what was wrong (a key id, a field) and never carry key material, PEM or the KEK.
 */
export const PKI_ERROR_CODES = [
  /** The key-encryption key is not 32 bytes. */
  'KEK_INVALID',
  /** No key with this id in the key store. */
  'KEY_NOT_FOUND',
  /** A stored key could not be decrypted: wrong KEK, or the record was altered. */
  'KEY_UNWRAP_FAILED',
  /** A key algorithm or size this library does not issue or accept. */
  'KEY_UNSUPPORTED',
  /** Bytes that are not the DER (or PEM) structure expected. */
  'DER_INVALID',
  /** A certificate that cannot be parsed or used for the requested role. */
  'CERTIFICATE_INVALID',
  /** A CSR that cannot be parsed, or whose self-signature does not verify. */
  'CSR_INVALID',
  /** A CSR whose key is not RSA 2048-4096 or ECDSA P-256. */
  'CSR_KEY_UNSUPPORTED',
  /** The key in the key store does not belong to the certificate it is meant to sign for. */
  'SIGNER_KEY_MISMATCH',
  /** A value RFC 8785 cannot represent (NaN, Infinity, BigInt, undefined at the top). */
  'CANONICAL_JSON_INVALID',
] as const;
export type PkiErrorCode = (typeof PKI_ERROR_CODES)[number];

export class PkiError extends Error {
  constructor(
    readonly code: PkiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PkiError';
  }
}
