/**
 * Typed errors of the stay-down library. The Nest layer maps each code to an HTTP problem;
 * messages say what was wrong with the input and never echo image bytes.
 */
export const STAY_DOWN_ERROR_CODES = [
  /** A PDQ or SHA-256 hash that is not 64 hexadecimal characters. */
  'HASH_INVALID',
  /** A pixel buffer whose size does not fit its width, height and channels. */
  'IMAGE_INVALID',
  /** Bytes that are neither PNG nor JPEG. */
  'IMAGE_UNSUPPORTED',
  /** An image with more pixels than the caller allows (decompression bombs). */
  'IMAGE_TOO_LARGE',
  /** A PNG or JPEG that the decoder rejects. */
  'IMAGE_UNDECODABLE',
  /** An entry with neither a SHA-256 nor a PDQ hash. */
  'ENTRY_INVALID',
] as const;
export type StayDownErrorCode = (typeof STAY_DOWN_ERROR_CODES)[number];

export class StayDownError extends Error {
  constructor(
    readonly code: StayDownErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StayDownError';
  }
}
