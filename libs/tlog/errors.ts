/**
 * Typed errors of the transparency-log library. Each code names one thing that was wrong, so the
 * server can map it to an HTTP status and the offline verifier can print exactly what failed.
 */
export const TLOG_ERROR_CODES = [
  /** An argument outside its domain: a negative or unsafe size, an index beyond the tree. */
  'INVALID_ARGUMENT',
  /** A hash that is not 32 bytes, or not canonical base64 of 32 bytes. */
  'HASH_MALFORMED',
  /** The hash reader returned the wrong number of hashes, or a hash of the wrong length. */
  'READER_FAILED',
  /** An inclusion proof of the wrong length, or one that does not lead to the expected root. */
  'INCLUSION_PROOF_INVALID',
  /** A consistency proof of the wrong length, or one that does not lead to both roots. */
  'CONSISTENCY_PROOF_INVALID',
  /** A tile path that is not canonical C2SP tlog-tiles syntax. */
  'TILE_PATH_MALFORMED',
  /** Tile data of the wrong length, or tiles that do not hash to the trusted tree. */
  'TILE_INVALID',
  /** An entry bundle that is truncated, has trailing bytes or holds the wrong number of entries. */
  'ENTRY_BUNDLE_MALFORMED',
  /** A verifier key string that is not `<name>+<8 hex>+<base64>`, or whose key ID does not match. */
  'VERIFIER_KEY_MALFORMED',
  /** A key name with a space or a plus, or empty. */
  'KEY_NAME_INVALID',
  /** A signed note that breaks the signed-note syntax. */
  'NOTE_MALFORMED',
  /** A signature by a known key that does not verify. */
  'NOTE_SIGNATURE_INVALID',
  /** A note with no signature from any known key. */
  'NOTE_UNVERIFIED',
  /** A checkpoint body that breaks the tlog-checkpoint syntax. */
  'CHECKPOINT_MALFORMED',
  /** A checkpoint from another log than the one expected. */
  'CHECKPOINT_ORIGIN_MISMATCH',
  /** Fewer valid witness cosignatures than the policy asks for. */
  'WITNESS_QUORUM_NOT_MET',
  /** An add-checkpoint request or response that breaks the tlog-witness syntax. */
  'WITNESS_MESSAGE_MALFORMED',
  /** A tlog-proof file that breaks the c2sp.org/tlog-proof@v1 syntax. */
  'TLOG_PROOF_MALFORMED',
  /** A signer whose `sign` did not return a 64-byte Ed25519 signature. */
  'SIGNER_FAILED',
] as const;
export type TlogErrorCode = (typeof TLOG_ERROR_CODES)[number];

export class TlogError extends Error {
  constructor(
    readonly code: TlogErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TlogError';
  }
}
