/** libs/staydown: hashes for "notice and stay down" (SHA-256 exact, PDQ perceptual) and the list that matches them. */
export { decodeImage, DEFAULT_MAX_PIXELS, imageFormatOf, pdqOfImageBytes, type DecodedImage, type DecodeOptions, type ImageFormat } from './decode.js';
export { STAY_DOWN_ERROR_CODES, StayDownError, type StayDownErrorCode } from './errors.js';
export { assertHash256, hammingDistance, hash256FromHex, hash256ToHex, isHash256Hex, pdqBit, type Hash256 } from './hash256.js';
export {
  PDQ_DIHEDRAL_NAMES,
  PDQ_MATCH_DISTANCE,
  PDQ_MIN_QUALITY,
  pdqHash,
  pdqHashDihedral,
  type PdqDihedralName,
  type PdqDihedralResult,
  type PdqImage,
  type PdqResult,
} from './pdq.js';
export { PdqIndex, type PdqIndexMatch, type PdqIndexOptions } from './pdq-index.js';
export { StayDownList, type StayDownEntry, type StayDownMatch, type StayDownQuery } from './stay-down-list.js';
