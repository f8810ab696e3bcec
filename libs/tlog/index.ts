/**
 * The exchange's transparency log, framework-free: RFC 6962/9162 Merkle trees kept as stored
 * hashes (the design of Go's sumdb/tlog), served as C2SP tlog-tiles, signed as C2SP checkpoints
 * (signed notes), cosigned by C2SP witnesses, and proven per entry as C2SP tlog-proof files.
 * See README.md.
 */
export * from './errors.js';
export { EMPTY_TREE_HASH, HASH_SIZE, type Hash, formatHash, hashesEqual, nodeHash, parseHash, recordHash } from './hash.js';
export {
  consistencyProof,
  inclusionProof,
  isValidSubtree,
  merkleTreeHash,
  rootFromInclusionProof,
  subtreeConsistencyProof,
  subtreeInclusionProof,
  verifyConsistency,
  verifyInclusion,
  verifySubtreeConsistency,
  verifySubtreeInclusion,
} from './merkle.js';
export {
  type AppendResult,
  type HashReader,
  MAX_RECORDS,
  appendRecordHashes,
  checkRecord,
  checkTree,
  leafHashIndex,
  proveRecord,
  proveTree,
  splitStoredHashIndex,
  storedHashCount,
  storedHashIndex,
  storedHashes,
  storedHashesForRecordHash,
  subtreeIndexes,
  treeHash,
} from './storage.js';
export * from './tiles.js';
export * from './tile-reader.js';
export * from './note.js';
export { parseVerifierKey } from './verifier-key.js';
export * from './checkpoint.js';
export * from './cosignature.js';
export * from './witness.js';
export * from './proof.js';
