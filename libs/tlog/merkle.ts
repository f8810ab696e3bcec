/**
 * The RFC 6962 / RFC 9162 Merkle tree over a list of leaf hashes: root, inclusion and consistency
 * proofs computed from the leaves in memory (the reference the stored-hash code is tested
 * against, and enough for small trees), and the verifiers every client runs. Verification ports
 * transparency-dev/merkle's `proof` package (which the RFC 9162 test vectors were written for),
 * including the subtree proofs of the Merkle Tree Certificates draft.
 */
import { bit, bitLength, isSize, largestPowerOfTwoBelow, onesCount, shl, shr, trailingZeros, xor } from './bits.js';
import { TlogError } from './errors.js';
import { EMPTY_TREE_HASH, HASH_SIZE, type Hash, hashesEqual, nodeHash } from './hash.js';

/** MTH(D[lo:hi]) for leaf hashes D. */
export function merkleTreeHash(leaves: readonly Hash[], lo = 0, hi = leaves.length): Hash {
  if (hi === lo) return EMPTY_TREE_HASH;
  if (hi - lo === 1) return leaves[lo];
  const k = largestPowerOfTwoBelow(hi - lo);
  return nodeHash(merkleTreeHash(leaves, lo, lo + k), merkleTreeHash(leaves, lo + k, hi));
}

/** PATH(index, D[0:size]): the inclusion proof of leaf `index`, from its sibling up. */
export function inclusionProof(leaves: readonly Hash[], index: number, size = leaves.length): Hash[] {
  if (!isSize(index) || !isSize(size) || index >= size || size > leaves.length) {
    throw new TlogError('INVALID_ARGUMENT', `no leaf ${index} in a tree of size ${size}`);
  }
  return path(leaves, index, 0, size);
}

function path(leaves: readonly Hash[], index: number, lo: number, hi: number): Hash[] {
  if (hi - lo === 1) return [];
  const k = largestPowerOfTwoBelow(hi - lo);
  if (index < lo + k) return [...path(leaves, index, lo, lo + k), merkleTreeHash(leaves, lo + k, hi)];
  return [...path(leaves, index, lo + k, hi), merkleTreeHash(leaves, lo, lo + k)];
}

/** PROOF(size1, D[0:size2]): the consistency proof from the tree of size1 to the tree of size2. */
export function consistencyProof(leaves: readonly Hash[], size1: number, size2 = leaves.length): Hash[] {
  if (!isSize(size1) || !isSize(size2) || size1 < 1 || size1 > size2 || size2 > leaves.length) {
    throw new TlogError('INVALID_ARGUMENT', `no consistency proof from size ${size1} to size ${size2}`);
  }
  return size1 === size2 ? [] : subproof(leaves, size1, 0, size2, true);
}

function subproof(leaves: readonly Hash[], m: number, lo: number, hi: number, known: boolean): Hash[] {
  if (m === hi) return known ? [] : [merkleTreeHash(leaves, lo, hi)];
  const k = largestPowerOfTwoBelow(hi - lo);
  if (m <= lo + k) return [...subproof(leaves, m, lo, lo + k, known), merkleTreeHash(leaves, lo + k, hi)];
  return [...subproof(leaves, m, lo + k, hi, false), merkleTreeHash(leaves, lo, lo + k)];
}

/**
 * Whether [start, end) is a subtree in the sense of the Merkle Tree Certificates draft: `start`
 * is a multiple of the smallest power of two at least `end - start` (empty ranges are allowed).
 */
export function isValidSubtree(start: number, end: number): boolean {
  if (!isSize(start) || !isSize(end) || start > end) return false;
  if (start === 0 || start === end) return true;
  const size = end - start;
  const ceiling = size <= 1 ? 1 : 2 ** bitLength(size - 1);
  return start % ceiling === 0;
}

/** The inclusion proof of leaf `index` in the subtree [start, end). */
export function subtreeInclusionProof(leaves: readonly Hash[], index: number, start: number, end: number): Hash[] {
  if (!isValidSubtree(start, end) || start === end || index < start || index >= end || end > leaves.length) {
    throw new TlogError('INVALID_ARGUMENT', `no leaf ${index} in subtree [${start}, ${end})`);
  }
  return path(leaves.slice(start, end), index - start, 0, end - start);
}

/**
 * The consistency proof of subtree [start, end) in the tree D[0:size]: the hashes the verifier
 * below consumes, in its order. (At start = 0 this is the ordinary consistency proof.)
 */
export function subtreeConsistencyProof(leaves: readonly Hash[], start: number, end: number, size = leaves.length): Hash[] {
  if (!isValidSubtree(start, end) || start === end || !isSize(size) || end > size || size > leaves.length) {
    throw new TlogError('INVALID_ARGUMENT', `no consistency proof for subtree [${start}, ${end}) in size ${size}`);
  }
  if (start === 0 && end === size) return [];
  const height = bitLength(xor(end - 1, start));
  const nodeIndex = shr(start, height);
  // Hash of the node at `height` over [start, ...) in the tree of size `size`, and its inclusion path.
  const levelLeaves = (level: number, count: number) =>
    Array.from({ length: count }, (_, i) => merkleTreeHash(leaves, shl(i, level), Math.min(shl(i + 1, level), size)));
  const upper = (level: number, index: number) => {
    const count = shr(size - 1, level) + 1;
    return path(levelLeaves(level, count), index, 0, count);
  };
  if (end === size) return upper(height, nodeIndex);

  const proof: Hash[] = [];
  const shift = trailingZeros(end - start);
  if (end - start !== 2 ** shift) proof.push(merkleTreeHash(leaves, end - 2 ** shift, end));
  const forkLevel = bitLength(xor(end - 1, size - 1));
  for (let level = shift; level < height; level++) {
    const node = shr(end - 1, level);
    if (node % 2 === 1) {
      proof.push(merkleTreeHash(leaves, shl(node - 1, level), shl(node, level)));
    } else if (level < forkLevel) {
      proof.push(merkleTreeHash(leaves, shl(node + 1, level), Math.min(shl(node + 2, level), size)));
    }
  }
  return [...proof, ...upper(height, nodeIndex)];
}

// --- Verification -----------------------------------------------------------------------------

function checkProofHashes(proof: readonly Uint8Array[], code: 'INCLUSION_PROOF_INVALID' | 'CONSISTENCY_PROOF_INVALID'): void {
  proof.forEach((h, i) => {
    if (h.length !== HASH_SIZE) throw new TlogError(code, `proof hash ${i} is ${h.length} bytes, not ${HASH_SIZE}`);
  });
}

function chainInner(seed: Uint8Array, proof: readonly Uint8Array[], index: number): Uint8Array {
  let h = seed;
  proof.forEach((p, i) => {
    h = bit(index, i) ? nodeHash(p, h) : nodeHash(h, p);
  });
  return h;
}

function chainBorderRight(seed: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  let h = seed;
  for (const p of proof) h = nodeHash(p, h);
  return h;
}

/** The root a leaf hash and its inclusion proof lead to; throws if the proof has the wrong length. */
export function rootFromInclusionProof(index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  if (!isSize(index) || !isSize(size) || index >= size) {
    throw new TlogError('INCLUSION_PROOF_INVALID', `index ${index} is not in a tree of size ${size}`);
  }
  if (leafHash.length !== HASH_SIZE) throw new TlogError('INCLUSION_PROOF_INVALID', `leaf hash is ${leafHash.length} bytes, not ${HASH_SIZE}`);
  const inner = bitLength(xor(index, size - 1));
  const border = onesCount(shr(index, inner));
  if (proof.length !== inner + border) {
    throw new TlogError('INCLUSION_PROOF_INVALID', `inclusion proof for leaf ${index} of ${size} has ${proof.length} hashes, expected ${inner + border}`);
  }
  checkProofHashes(proof, 'INCLUSION_PROOF_INVALID');
  return chainBorderRight(chainInner(leafHash, proof.slice(0, inner), index), proof.slice(inner));
}

/** Checks that `proof` shows leaf `index` with hash `leafHash` in the tree of `size` with `root`. */
export function verifyInclusion(index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  const computed = rootFromInclusionProof(index, size, leafHash, proof);
  if (!hashesEqual(computed, root)) {
    throw new TlogError('INCLUSION_PROOF_INVALID', `inclusion proof for leaf ${index} leads to another root than the tree of size ${size}`);
  }
}

/** Checks that `proof` shows leaf `index` of subtree [start, end) under the subtree hash `root`. */
export function verifySubtreeInclusion(
  index: number,
  start: number,
  end: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  if (!isValidSubtree(start, end) || start === end) throw new TlogError('INCLUSION_PROOF_INVALID', `[${start}, ${end}) is not a subtree`);
  if (!isSize(index) || index < start || index >= end) throw new TlogError('INCLUSION_PROOF_INVALID', `index ${index} is outside subtree [${start}, ${end})`);
  const computed = rootFromInclusionProof(index - start, end - start, leafHash, proof);
  if (!hashesEqual(computed, root)) throw new TlogError('INCLUSION_PROOF_INVALID', `inclusion proof for leaf ${index} leads to another subtree hash`);
}

/**
 * Checks that `proof` shows the tree of size1 with root1 to be a prefix of the tree of size2
 * with root2. A consistency proof from the empty tree proves nothing and is refused (as the
 * RFC 9162 vectors expect); a witness handles "old size 0" without calling this.
 */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): void {
  if (!isSize(size1) || !isSize(size2) || size1 > size2) {
    throw new TlogError('CONSISTENCY_PROOF_INVALID', `no consistency proof from size ${size1} to size ${size2}`);
  }
  if (size1 === 0) throw new TlogError('CONSISTENCY_PROOF_INVALID', 'a consistency proof from the empty tree proves nothing');
  verifySubtreeConsistency(0, size1, size2, proof, root1, root2);
}

/**
 * Checks that `proof` shows the subtree [start, end) with hash `subtreeRoot` inside the tree of
 * `size` with root `root`. An empty subtree is consistent with anything, given the empty hash.
 */
export function verifySubtreeConsistency(
  start: number,
  end: number,
  size: number,
  proof: readonly Uint8Array[],
  subtreeRoot: Uint8Array,
  root: Uint8Array,
): void {
  const fail = (why: string): never => {
    throw new TlogError('CONSISTENCY_PROOF_INVALID', why);
  };
  if (!isValidSubtree(start, end)) fail(`[${start}, ${end}) is not a subtree`);
  if (!isSize(size) || end > size) fail(`subtree [${start}, ${end}) does not fit in a tree of size ${size}`);
  checkProofHashes(proof, 'CONSISTENCY_PROOF_INVALID');
  if (start === end) {
    if (proof.length !== 0) fail('the proof for an empty subtree must be empty');
    if (!hashesEqual(subtreeRoot, EMPTY_TREE_HASH)) fail('the hash of an empty subtree must be the empty-tree hash');
    return;
  }
  if (start === 0 && end === size) {
    if (proof.length !== 0) fail(`the consistency proof between equal sizes must be empty, got ${proof.length} hashes`);
    if (!hashesEqual(subtreeRoot, root)) fail(`the two roots of size ${size} differ`);
    return;
  }
  if (proof.length === 0) fail(`empty consistency proof from [${start}, ${end}) to size ${size}`);
  const computed = rootFromSubtreeConsistencyProof(start, end, size, proof, subtreeRoot);
  if (!hashesEqual(computed, root)) fail(`consistency proof leads to another root than the tree of size ${size}`);
}

function rootFromSubtreeConsistencyProof(start: number, end: number, size: number, proof: readonly Uint8Array[], subtreeRoot: Uint8Array): Uint8Array {
  const height = bitLength(xor(end - 1, start));
  const nodeIndex = shr(start, height);
  const wrongLength = (want: number) =>
    new TlogError('CONSISTENCY_PROOF_INVALID', `consistency proof from [${start}, ${end}) to size ${size} has ${proof.length} hashes, expected ${want}`);
  if (end === size) {
    // The subtree is on the right border: its root climbs to the tree root through left siblings.
    const want = onesCount(nodeIndex);
    if (proof.length !== want) throw wrongLength(want);
    return chainBorderRight(subtreeRoot, proof);
  }
  const forkLevel = bitLength(xor(end - 1, size - 1));
  const shift = trailingZeros(end - start);
  // The proof starts with the rightmost perfect subtree inside [start, end), unless that is the
  // whole subtree (whose root the verifier already has).
  const full = end - start === 2 ** shift;
  const seed = full ? subtreeRoot : proof[0];
  const rest = full ? proof : proof.slice(1);
  const want = (full ? 0 : 1) + (forkLevel - shift) + onesCount(shr(end - 1, forkLevel));
  if (proof.length !== want) throw wrongLength(want);

  // Climb from the seed to the subtree root as of size `end` and as grown in size `size`.
  let old = seed;
  let grown = seed;
  let i = 0;
  for (let level = shift; level < height; level++) {
    if (bit(end - 1, level)) {
      old = nodeHash(rest[i], old);
      grown = nodeHash(rest[i], grown);
      i++;
    } else if (level < forkLevel) {
      grown = nodeHash(grown, rest[i]);
      i++;
    }
  }
  if (!hashesEqual(old, subtreeRoot)) throw new TlogError('CONSISTENCY_PROOF_INVALID', `consistency proof does not lead to the old root of [${start}, ${end})`);
  // What is left is the inclusion proof of the grown subtree node in the tree of `size`.
  try {
    return rootFromInclusionProof(nodeIndex, shr(size - 1, height) + 1, grown, rest.slice(i));
  } catch (error) {
    throw error instanceof TlogError ? new TlogError('CONSISTENCY_PROOF_INVALID', error.message) : error;
  }
}
