/**
 * C2SP tlog-proof@v1: a self-contained, offline-verifiable proof that one entry is in the log.
 *
 *     c2sp.org/tlog-proof@v1
 *     [extra <base64>]
 *     index <n>
 *     <inclusion proof, one base64 hash per line>
 *     <empty line>
 *     <signed checkpoint, verbatim, with any cosignatures>
 *
 * Verification names exactly what failed, by error code: the file's syntax, the checkpoint's
 * syntax, origin or signatures, the witness quorum, or the inclusion proof itself.
 */
import { type Checkpoint, type WitnessPolicy, openCheckpoint, parseDecimal } from './checkpoint.js';
import { TlogError } from './errors.js';
import { type Hash, decodeBase64Strict, formatHash, parseHash, recordHash } from './hash.js';
import { verifyInclusion } from './merkle.js';
import { type NoteSignature, type NoteVerifier, parseNote } from './note.js';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';
export const TLOG_PROOF_EXTENSION = '.tlog-proof';
const MAX_PROOF_HASHES = 63;

export interface TlogProof {
  index: number;
  /** Inclusion proof, leaf sibling first. */
  proof: Hash[];
  /** The signed checkpoint, verbatim. */
  checkpoint: string;
  /** Opaque, unauthenticated application data. */
  extra?: Buffer;
}

export function formatTlogProof(p: TlogProof): string {
  if (!Number.isSafeInteger(p.index) || p.index < 0) throw new TlogError('INVALID_ARGUMENT', `index ${p.index}`);
  parseNote(p.checkpoint);
  const extra = p.extra === undefined ? '' : `extra ${p.extra.toString('base64')}\n`;
  return `${TLOG_PROOF_HEADER}\n${extra}index ${p.index}\n${p.proof.map((h) => `${formatHash(h)}\n`).join('')}\n${p.checkpoint}`;
}

/** Parses a tlog-proof file strictly; throws TLOG_PROOF_MALFORMED naming the line at fault. */
export function parseTlogProof(text: string): TlogProof {
  const bad = (why: string) => new TlogError('TLOG_PROOF_MALFORMED', `tlog-proof: ${why}`);
  const lines: string[] = [];
  let at = 0;
  // Lines up to the empty one that separates the proof from the checkpoint.
  for (;;) {
    const end = text.indexOf('\n', at);
    if (end < 0) throw bad('no empty line before the checkpoint');
    const line = text.slice(at, end);
    at = end + 1;
    if (line === '') break;
    lines.push(line);
    if (lines.length > MAX_PROOF_HASHES + 3) throw bad('too many lines before the checkpoint');
  }
  if (lines[0] !== TLOG_PROOF_HEADER) throw bad(`the first line must be ${TLOG_PROOF_HEADER}`);
  let next = 1;
  let extra: Buffer | undefined;
  if (lines[next]?.startsWith('extra ')) {
    extra = decodeBase64Strict(lines[next].slice('extra '.length));
    if (!extra) throw bad('the extra data is not canonical base64');
    next++;
  }
  const indexLine = lines[next] ?? '';
  const index = indexLine.startsWith('index ') ? parseDecimal(indexLine.slice('index '.length)) : undefined;
  if (index === undefined) throw bad('missing or malformed "index <n>" line');
  const proof = lines.slice(next + 1).map((line, i) => {
    try {
      return parseHash(line, 'proof hash');
    } catch {
      throw bad(`inclusion proof line ${i + 1} is not canonical base64 of 32 bytes`);
    }
  });
  if (proof.length > MAX_PROOF_HASHES) throw bad(`more than ${MAX_PROOF_HASHES} proof hashes`);
  const checkpoint = text.slice(at);
  try {
    parseNote(checkpoint);
  } catch (error) {
    throw bad(`the checkpoint is not a signed note: ${(error as Error).message}`);
  }
  return extra === undefined ? { index, proof, checkpoint } : { index, proof, checkpoint, extra };
}

export interface TlogProofPolicy {
  /** The log's origin line. */
  origin: string;
  /** The log's key(s). */
  logVerifiers: readonly NoteVerifier[];
  /** Witnesses whose cosignatures are required, and how many. */
  witnesses?: WitnessPolicy;
}

export interface VerifiedTlogProof {
  index: number;
  checkpoint: Checkpoint;
  cosignatures: NoteSignature[];
  extra?: Buffer;
}

/**
 * Verifies a tlog-proof for an entry (the 32-byte step hash, hashed here as a leaf) or for a leaf
 * hash given directly. Throws TlogError with the code of the first check that failed.
 */
export function verifyTlogProof(text: string, subject: { entry: Uint8Array } | { leafHash: Hash }, policy: TlogProofPolicy): VerifiedTlogProof {
  const parsed = parseTlogProof(text);
  const opened = openCheckpoint(parsed.checkpoint, policy);
  const leafHash = 'entry' in subject ? recordHash(subject.entry) : subject.leafHash;
  if (parsed.index >= opened.checkpoint.size) {
    throw new TlogError('INCLUSION_PROOF_INVALID', `index ${parsed.index} is beyond the checkpoint's tree of size ${opened.checkpoint.size}`);
  }
  verifyInclusion(parsed.index, opened.checkpoint.size, leafHash, parsed.proof, opened.checkpoint.rootHash);
  const result: VerifiedTlogProof = { index: parsed.index, checkpoint: opened.checkpoint, cosignatures: opened.cosignatures };
  if (parsed.extra !== undefined) result.extra = parsed.extra;
  return result;
}
