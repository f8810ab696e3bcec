import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EMPTY_TREE_HASH, type Hash, formatHash, nodeHash, recordHash } from './hash.js';
import {
  consistencyProof,
  inclusionProof,
  merkleTreeHash,
  subtreeConsistencyProof,
  subtreeInclusionProof,
  verifyConsistency,
  verifyInclusion,
  verifySubtreeConsistency,
  verifySubtreeInclusion,
} from './merkle.js';

const vectorsDir = join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'rfc9162-merkle');

interface Vector {
  file: string;
  json: Record<string, unknown>;
}

function vectors(folder: string): Vector[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []));
  return walk(join(vectorsDir, folder))
    .sort()
    .map((file) => ({ file: relative(vectorsDir, file), json: JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> }));
}

const b64 = (v: unknown) => Buffer.from(v as string, 'base64');
const proofOf = (v: unknown) => ((v as string[] | null) ?? []).map(b64);
const outcome = (run: () => void) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
};

// The eight leaves the vectors are built from (RFC 6962's test tree, as in transparency-dev/merkle).
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) =>
  recordHash(Buffer.from(hex, 'hex')),
);

describe('RFC 9162 vectors', () => {
  const groups: Array<[string, (j: Record<string, unknown>) => void]> = [
    ['inclusion', (j) => verifyInclusion(j.leafIdx as number, j.treeSize as number, b64(j.leafHash), proofOf(j.proof), b64(j.root))],
    ['consistency', (j) => verifyConsistency(j.size1 as number, j.size2 as number, proofOf(j.proof), b64(j.root1), b64(j.root2))],
    [
      'subtreeinclusion',
      (j) => verifySubtreeInclusion(j.leafIdx as number, j.start as number, j.end as number, b64(j.leafHash), proofOf(j.proof), b64(j.root)),
    ],
    [
      'subtreeconsistency',
      (j) => verifySubtreeConsistency(j.start as number, j.end as number, j.size as number, proofOf(j.proof), b64(j.root1), b64(j.root2)),
    ],
  ];
  for (const [folder, verify] of groups) {
    const all = vectors(folder);
    it(`${folder}: every one of the ${all.length} vectors gets its expected outcome`, () => {
      expect(all.length).toBeGreaterThan(20);
      const wrong = all.filter(({ json }) => (outcome(() => verify(json)) === 'ok') === (json.wantErr as boolean)).map((v) => v.file);
      expect(wrong).toEqual([]);
      // Both outcomes are exercised.
      expect(all.some((v) => v.json.wantErr)).toBe(true);
      expect(all.some((v) => !v.json.wantErr)).toBe(true);
    });
  }

  it('the generators reproduce the proofs of every happy-path vector', () => {
    const mismatches: string[] = [];
    const check = (file: string, got: Hash[], want: unknown) => {
      if (JSON.stringify(got.map(formatHash)) !== JSON.stringify(want ?? [])) mismatches.push(file);
    };
    const checked = { inclusion: 0, consistency: 0, subtreeInclusion: 0, subtreeConsistency: 0 };
    for (const { file, json: j } of vectors('inclusion').filter((v) => !v.json.wantErr && (v.json.treeSize as number) <= 8)) {
      check(file, inclusionProof(LEAVES, j.leafIdx as number, j.treeSize as number), j.proof);
      checked.inclusion++;
    }
    for (const { file, json: j } of vectors('consistency').filter((v) => !v.json.wantErr && (v.json.size1 as number) > 0 && (v.json.size2 as number) <= 8 && formatHash(merkleTreeHash(LEAVES, 0, v.json.size2 as number)) === v.json.root2)) {
      check(file, consistencyProof(LEAVES, j.size1 as number, j.size2 as number), j.proof);
      checked.consistency++;
    }
    for (const { file, json: j } of vectors('subtreeinclusion').filter((v) => !v.json.wantErr && (v.json.end as number) <= 8)) {
      if (formatHash(merkleTreeHash(LEAVES, j.start as number, j.end as number)) !== j.root) continue;
      check(file, subtreeInclusionProof(LEAVES, j.leafIdx as number, j.start as number, j.end as number), j.proof);
      checked.subtreeInclusion++;
    }
    for (const { file, json: j } of vectors('subtreeconsistency').filter((v) => !v.json.wantErr && (v.json.end as number) > (v.json.start as number) && (v.json.size as number) <= 8)) {
      if (formatHash(merkleTreeHash(LEAVES, 0, j.size as number)) !== j.root2) continue;
      check(file, subtreeConsistencyProof(LEAVES, j.start as number, j.end as number, j.size as number), j.proof);
      checked.subtreeConsistency++;
    }
    expect(mismatches).toEqual([]);
    for (const count of Object.values(checked)) expect(count).toBeGreaterThanOrEqual(5);
  });
});

describe('subtree proofs', () => {
  const leaves = Array.from({ length: 17 }, (_, i) => recordHash(Buffer.from([i])));

  it('verify for every subtree of every tree up to 17 leaves, and not against a neighbouring tree', () => {
    let proofs = 0;
    for (let size = 1; size <= leaves.length; size++) {
      const root = merkleTreeHash(leaves, 0, size);
      for (let start = 0; start < size; start++) {
        for (let end = start + 1; end <= size; end++) {
          const subtreeStart = start;
          const subtreeHash = merkleTreeHash(leaves, start, end);
          let valid = true;
          try {
            subtreeConsistencyProof(leaves, start, end, size);
          } catch {
            valid = false;
          }
          // A range is a subtree exactly when start is a multiple of the power of two covering it.
          const width = 2 ** Math.ceil(Math.log2(end - start));
          expect(valid).toBe(start % width === 0);
          if (!valid) continue;
          const proof = subtreeConsistencyProof(leaves, start, end, size);
          expect(() => verifySubtreeConsistency(subtreeStart, end, size, proof, subtreeHash, root)).not.toThrow();
          if (size < leaves.length) {
            expect(() => verifySubtreeConsistency(subtreeStart, end, size, proof, subtreeHash, merkleTreeHash(leaves, 0, size + 1))).toThrow();
          }
          if (start > 0 || end < size) {
            expect(() => verifySubtreeConsistency(subtreeStart, end, size, proof, recordHash(Buffer.from('x')), root)).toThrow();
          }
          for (let index = start; index < end; index++) {
            const inclusion = subtreeInclusionProof(leaves, index, start, end);
            expect(() => verifySubtreeInclusion(index, start, end, leaves[index], inclusion, subtreeHash)).not.toThrow();
          }
          proofs++;
        }
      }
    }
    expect(proofs).toBeGreaterThan(300);
  });

  it('at start 0 are the ordinary consistency proofs', () => {
    for (let size = 2; size <= leaves.length; size++) {
      for (let end = 1; end < size; end++) {
        expect(subtreeConsistencyProof(leaves, 0, end, size)).toEqual(consistencyProof(leaves, end, size));
      }
    }
  });
});

describe('the seven-leaf example of c2sp.org/merkle-tree', () => {
  const d = Array.from({ length: 7 }, (_, i) => recordHash(Buffer.from(`d[${i}]`)));
  const [a, b, c, dd, e, f, g] = d;
  const h = nodeHash(a, b);
  const i = nodeHash(c, dd);
  const j = nodeHash(e, f);
  const k = nodeHash(h, i);
  const l = nodeHash(j, g);
  const root = nodeHash(k, l);

  it('has the root, inclusion and consistency proofs the specification lists', () => {
    expect(merkleTreeHash(d)).toEqual(root);
    expect(inclusionProof(d, 0)).toEqual([b, i, l]);
    expect(inclusionProof(d, 3)).toEqual([c, h, l]);
    expect(inclusionProof(d, 4)).toEqual([f, g, k]);
    expect(inclusionProof(d, 6)).toEqual([j, k]);
    expect(consistencyProof(d, 3)).toEqual([c, dd, h, l]);
    expect(consistencyProof(d, 4)).toEqual([l]);
    expect(consistencyProof(d, 6)).toEqual([j, g, k]);
  });

  it('verifies every inclusion and consistency proof of the tree and refuses a swapped hash', () => {
    for (let size = 1; size <= 7; size++) {
      const r = merkleTreeHash(d, 0, size);
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(d, index, size);
        expect(() => verifyInclusion(index, size, d[index], proof, r)).not.toThrow();
        if (size > 1) expect(() => verifyInclusion(index, size, d[(index + 1) % size], proof, r)).toThrow(/another root/);
      }
      for (let size1 = 1; size1 <= size; size1++) {
        const proof = consistencyProof(d, size1, size);
        expect(() => verifyConsistency(size1, size, proof, merkleTreeHash(d, 0, size1), r)).not.toThrow();
        if (size1 < size) expect(() => verifyConsistency(size1, size, proof, merkleTreeHash(d, 0, size1), merkleTreeHash(d, 0, size - 1))).toThrow();
      }
    }
  });

  it('hashes the empty tree to SHA-256 of nothing', () => {
    expect(merkleTreeHash([])).toEqual(EMPTY_TREE_HASH);
    expect(EMPTY_TREE_HASH.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
